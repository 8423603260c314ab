package org.ltcheck.model;

/** Average pooling over square windows without padding. */
public record AvgPool2d(int kernel, int stride) implements Layer {
  public AvgPool2d {
    if (kernel < 1 || stride < 1) {
      throw new IllegalArgumentException("avg-pool kernel " + kernel + " and stride " + stride + " invalid");
    }
  }

  @Override
  public int[] outputShape(int[] in) {
    Shapes.requireRank("avg-pool input", in, 3);
    return new int[] {in[0], Shapes.convOut(in[1], kernel, stride, 0), Shapes.convOut(in[2], kernel, stride, 0)};
  }
}
