package org.ltcheck.model;

/** Averages each channel over all positions: (C,H,W) to (C). */
public record GlobalAvgPool() implements Layer {
  @Override
  public int[] outputShape(int[] in) {
    Shapes.requireRank("global-avg-pool input", in, 3);
    return new int[] {in[0]};
  }
}
