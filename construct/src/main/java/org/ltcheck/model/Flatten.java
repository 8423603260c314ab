package org.ltcheck.model;

/** Flattens (C,H,W) into C*H*W features in (channel, row, column) order, as PyTorch does. */
public record Flatten() implements Layer {
  @Override
  public int[] outputShape(int[] in) {
    int n = 1;
    for (int d : in) {
      n = Math.multiplyExact(n, d);
    }
    return new int[] {n};
  }
}
