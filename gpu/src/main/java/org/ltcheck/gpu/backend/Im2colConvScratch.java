package org.ltcheck.gpu.backend;

/**
 * The scratch of the default convolution ({@link Backend#conv2dForward} and
 * {@link Backend#conv2dBackward} as im2col + one GEMM over the whole batch): the unfolded input
 * (C*kh*kw, N*OH*OW), kept from the forward pass for the weight gradient and then reused for
 * the column gradient, and the output or its gradient in (out, N*OH*OW) layout.
 */
final class Im2colConvScratch implements ConvScratch {
  private final Backend backend;
  private final ConvGeometry geometry;
  private final int outChannels;
  final DeviceTensor cols;
  final DeviceTensor transposed;

  Im2colConvScratch(Backend backend, ConvGeometry g, int outChannels) {
    BackendChecks.positive("conv output channels", outChannels);
    this.backend = backend;
    this.geometry = g;
    this.outChannels = outChannels;
    this.cols = backend.allocate(g.colRows(), g.colCols());
    DeviceTensor t;
    try {
      t = backend.allocate(outChannels, g.colCols());
    } catch (RuntimeException e) {
      cols.close();
      throw e;
    }
    this.transposed = t;
  }

  /** The scratch as this class, checked against the backend, geometry and channel count of the call. */
  static Im2colConvScratch of(ConvScratch s, Backend backend, ConvGeometry g, int outChannels) {
    if (!(s instanceof Im2colConvScratch is) || is.backend != backend) {
      throw new IllegalArgumentException("conv scratch " + s + " was not made by backend " + backend.name());
    }
    BackendChecks.convScratch(s, g, outChannels);
    return is;
  }

  @Override
  public ConvGeometry geometry() {
    return geometry;
  }

  @Override
  public int outChannels() {
    return outChannels;
  }

  @Override
  public void close() {
    cols.close();
    transposed.close();
  }

  @Override
  public String toString() {
    return "Im2colConvScratch[" + geometry + ", out " + outChannels + "]";
  }
}
