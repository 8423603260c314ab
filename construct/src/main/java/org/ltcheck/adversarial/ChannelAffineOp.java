package org.ltcheck.adversarial;

import org.ltcheck.inference.ChannelAffine;

/** y = scale[c]·x + shift[c] per channel: inference batch norm, and ChannelScale (shift 0). */
final class ChannelAffineOp extends SinglePassOp {
  private final double[] scale;
  private final double[] shift;
  private final int planeSize;

  private ChannelAffineOp(double[] scale, double[] shift, int[] inShape) {
    super(scale.length * inShape[1] * inShape[2], scale.length * inShape[1] * inShape[2]);
    this.scale = scale;
    this.shift = shift;
    this.planeSize = inShape[1] * inShape[2];
  }

  /** ChannelScale's missing shift is added as zeros, so that −0 products come out as +0. */
  static ChannelAffineOp of(ChannelAffine affine, int[] inShape) {
    double[] shift = affine.shift() == null ? new double[affine.channels()] : affine.shift();
    return new ChannelAffineOp(affine.scale(), shift, inShape);
  }

  @Override
  public void forward(double[] in, double[] out) {
    for (int c = 0; c < scale.length; c++) {
      double a = scale[c];
      double b = shift[c];
      for (int j = c * planeSize, end = j + planeSize; j < end; j++) {
        out[j] = a * in[j] + b;
      }
    }
  }

  @Override
  public void backward(double[] in, double[] out, double[] gradOut, double[] gradIn) {
    for (int c = 0; c < scale.length; c++) {
      double a = scale[c];
      for (int j = c * planeSize, end = j + planeSize; j < end; j++) {
        gradIn[j] = a * gradOut[j];
      }
    }
  }
}
