package org.ltcheck.inference;

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

  /** The factors rounded to float once each (exact for ChannelScale's float scales). */
  static ChannelAffineKernel of(ChannelAffine affine, int[] inShape) {
    float[] scale = new float[affine.channels()];
    float[] shift = affine.shift() == null ? null : new float[affine.channels()];
    for (int c = 0; c < scale.length; c++) {
      scale[c] = (float) affine.scale()[c];
      if (shift != null) {
        shift[c] = (float) affine.shift()[c];
      }
    }
    return new ChannelAffineKernel(scale, shift, inShape);
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
