package org.ltcheck.adversarial;

import org.ltcheck.inference.ChannelAffine;

/** y = scale[c]·x + shift[c] per channel: inference batch norm, and ChannelScale (shift 0). */
final class ChannelAffineOp extends SinglePassOp {
  private final double[] scale;
  /** ChannelScale's missing shift as zeros, so that −0 products come out as +0 as before. */
  private final double[] shift;
  private final int planeSize;

  ChannelAffineOp(ChannelAffine affine, int[] inShape) {
    super(affine.channels() * inShape[1] * inShape[2], affine.channels() * inShape[1] * inShape[2]);
    this.planeSize = inShape[1] * inShape[2];
    this.scale = affine.scale();
    this.shift = affine.shift() == null ? new double[affine.channels()] : affine.shift();
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
