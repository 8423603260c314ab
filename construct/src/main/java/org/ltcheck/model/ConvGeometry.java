package org.ltcheck.model;

/**
 * The shapes a {@link Conv2d} sees over one input: the input and output planes, the kernel, and
 * the zero-bordered copy of an input plane that the compiled kernels read windows from. Shared by
 * the float inference kernel and the double-precision differentiable op.
 */
public record ConvGeometry(
    int inChannels,
    int inHeight,
    int inWidth,
    int outChannels,
    int outHeight,
    int outWidth,
    int kernelHeight,
    int kernelWidth,
    int stride,
    int padding) {

  /** The geometry of {@code conv} over an input of shape {@code inShape}, checked by the layer. */
  public static ConvGeometry of(Conv2d conv, int[] inShape) {
    int[] out = conv.outputShape(inShape);
    return new ConvGeometry(conv.inChannels(), inShape[1], inShape[2], out[0], out[1], out[2],
        conv.kernelHeight(), conv.kernelWidth(), conv.stride(), conv.padding());
  }

  /** Row pitch of a zero-bordered input plane (the input's own pitch without padding). */
  public int pitch() {
    return inWidth + 2 * padding;
  }

  /** Elements of a zero-bordered input plane. */
  public int plane() {
    return (inHeight + 2 * padding) * pitch();
  }

  /**
   * Elements of an output plane accumulated on the input's row pitch ("wide" rows whose last
   * kernelWidth − 1 columns are discarded), so that each kernel tap's window is one contiguous run.
   */
  public int wideLength() {
    return (outHeight - 1) * pitch() + outWidth;
  }

  public int inSize() {
    return inChannels * inHeight * inWidth;
  }

  public int outSize() {
    return outChannels * outHeight * outWidth;
  }
}
