package org.ltcheck.model;

import org.ltcheck.tensor.FloatTensor;

/**
 * 2-D convolution (cross-correlation, as in PyTorch) with square stride and zero padding.
 *
 * @param weight shape (out, in, kh, kw)
 * @param bias shape (out), or {@code null} for none
 */
public record Conv2d(FloatTensor weight, FloatTensor bias, int stride, int padding) implements Layer {
  public Conv2d {
    Shapes.requireRank("conv weight", weight.shape(), 4);
    if (bias != null && !bias.sameShape(weight.dim(0))) {
      throw new IllegalArgumentException(
          "conv bias " + bias + " does not match " + weight.dim(0) + " output channels");
    }
    if (stride < 1 || padding < 0) {
      throw new IllegalArgumentException("stride " + stride + " and padding " + padding + " invalid");
    }
  }

  public int outChannels() {
    return weight.dim(0);
  }

  public int inChannels() {
    return weight.dim(1);
  }

  public int kernelHeight() {
    return weight.dim(2);
  }

  public int kernelWidth() {
    return weight.dim(3);
  }

  @Override
  public int[] outputShape(int[] in) {
    Shapes.requireChannels("conv", in, inChannels());
    return new int[] {
      outChannels(),
      Shapes.convOut(in[1], kernelHeight(), stride, padding),
      Shapes.convOut(in[2], kernelWidth(), stride, padding)
    };
  }
}
