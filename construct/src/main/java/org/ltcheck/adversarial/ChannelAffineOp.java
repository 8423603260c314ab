package org.ltcheck.adversarial;

import org.ltcheck.model.BatchNorm2d;
import org.ltcheck.model.ChannelScale;

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

  static ChannelAffineOp of(BatchNorm2d bn, int[] inShape) {
    bn.outputShape(inShape);
    double[] scale = new double[bn.channels()];
    double[] shift = new double[bn.channels()];
    for (int c = 0; c < scale.length; c++) {
      scale[c] = bn.scale(c);
      shift[c] = bn.shift(c);
    }
    return new ChannelAffineOp(scale, shift, inShape);
  }

  static ChannelAffineOp of(ChannelScale cs, int[] inShape) {
    cs.outputShape(inShape);
    double[] scale = new double[cs.channels()];
    for (int c = 0; c < scale.length; c++) {
      scale[c] = cs.scale().get(c);
    }
    return new ChannelAffineOp(scale, new double[scale.length], inShape);
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
