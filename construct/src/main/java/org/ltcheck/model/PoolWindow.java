package org.ltcheck.model;

/**
 * The geometry of average pooling without padding over a (C,H,W) input: one window of
 * kernelHeight × kernelWidth per output position, stepped by stride. {@link GlobalAvgPool} is the
 * special case of one window over the whole plane. Shared by the float inference kernel and the
 * double-precision differentiable op, so that both read the same windows.
 */
public record PoolWindow(int channels, int inHeight, int inWidth, int kernelHeight, int kernelWidth, int stride) {
  /** The windows of {@code pool} over an input of shape {@code inShape}, checked by the layer. */
  public static PoolWindow of(AvgPool2d pool, int[] inShape) {
    pool.outputShape(inShape);
    return new PoolWindow(inShape[0], inShape[1], inShape[2], pool.kernel(), pool.kernel(), pool.stride());
  }

  /** One window covering each whole plane. */
  public static PoolWindow global(int[] inShape) {
    return new PoolWindow(inShape[0], inShape[1], inShape[2], inShape[1], inShape[2], 1);
  }

  public int outHeight() {
    return SlidingWindow.outputSize(inHeight, kernelHeight, stride, 0);
  }

  public int outWidth() {
    return SlidingWindow.outputSize(inWidth, kernelWidth, stride, 0);
  }

  /** Elements per sample read. */
  public int inSize() {
    return channels * inHeight * inWidth;
  }

  /** Elements per sample written. */
  public int outSize() {
    return channels * outHeight() * outWidth();
  }
}
