package org.ltcheck.inference;

import org.ltcheck.model.BatchNorm2d;
import org.ltcheck.model.ChannelScale;

/**
 * y = scale[c] * x + shift[c] per channel: inference batch norm, and ChannelScale (shift 0).
 * Batch norm is folded into one multiply-add with the factors computed in double and rounded
 * once, instead of PyTorch's subtract, divide, multiply, add; the difference is a few ulps.
 */
final class ChannelAffineKernel implements Kernel {
  private final float[] scale;
  private final float[] shift;
  private final int planeSize;
  private final int size;

  private ChannelAffineKernel(float[] scale, float[] shift, int[] inShape) {
    this.scale = scale;
    this.shift = shift;
    this.planeSize = inShape[1] * inShape[2];
    this.size = scale.length * planeSize;
  }

  static ChannelAffineKernel of(BatchNorm2d bn, int[] inShape) {
    bn.outputShape(inShape);
    float[] scale = new float[bn.channels()];
    float[] shift = new float[bn.channels()];
    for (int c = 0; c < scale.length; c++) {
      scale[c] = (float) bn.scale(c);
      shift[c] = (float) bn.shift(c);
    }
    return new ChannelAffineKernel(scale, shift, inShape);
  }

  static ChannelAffineKernel of(ChannelScale cs, int[] inShape) {
    cs.outputShape(inShape);
    return new ChannelAffineKernel(cs.scale().toArray(), null, inShape);
  }

  @Override
  public int inSize() {
    return size;
  }

  @Override
  public int outSize() {
    return size;
  }

  @Override
  public void run(float[] in, int inOff, float[] out, int outOff, Workspace ws) {
    for (int c = 0; c < scale.length; c++) {
      float a = scale[c];
      int s = inOff + c * planeSize;
      int d = outOff + c * planeSize;
      if (shift == null) {
        for (int j = 0; j < planeSize; j++) {
          out[d + j] = a * in[s + j];
        }
      } else {
        float b = shift[c];
        for (int j = 0; j < planeSize; j++) {
          out[d + j] = a * in[s + j] + b;
        }
      }
    }
  }
}
