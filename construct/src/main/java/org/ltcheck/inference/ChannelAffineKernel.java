package org.ltcheck.inference;

import org.ltcheck.model.BatchNorm2d;
import org.ltcheck.model.ChannelScale;

/**
 * y = scale[c] * x + shift[c] per channel: inference batch norm, and ChannelScale (shift 0).
 * Batch norm is folded into one multiply-add with the factors computed in double and rounded
 * once, instead of PyTorch's subtract, divide, multiply, add; the difference is a few ulps.
 */
final class ChannelAffineKernel extends SizedLayer implements Kernel {
  private final float[] scale;
  private final float[] shift;
  private final int planeSize;

  private ChannelAffineKernel(float[] scale, float[] shift, int[] inShape) {
    super(scale.length * inShape[1] * inShape[2], scale.length * inShape[1] * inShape[2]);
    this.scale = scale;
    this.shift = shift;
    this.planeSize = inShape[1] * inShape[2];
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
  public void run(float[] in, int inOff, float[] out, int outOff, Workspace ws) {
    // Copy, then update in place: a loop over one array with one index vectorises, one reading
    // in[s + j] and writing out[d + j] with unrelated offsets does not.
    System.arraycopy(in, inOff, out, outOff, inSize());
    for (int c = 0; c < scale.length; c++) {
      float a = scale[c];
      int end = outOff + (c + 1) * planeSize;
      if (shift == null) {
        for (int j = outOff + c * planeSize; j < end; j++) {
          out[j] = a * out[j];
        }
      } else {
        float b = shift[c];
        for (int j = outOff + c * planeSize; j < end; j++) {
          out[j] = a * out[j] + b;
        }
      }
    }
  }
}
