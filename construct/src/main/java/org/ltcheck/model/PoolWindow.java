package org.ltcheck.model;

/**
 * The geometry of pooling over a (C,H,W) input: one window of kernelHeight × kernelWidth per
 * output position, stepped by stride, its top-left corner at (y·stride − padding,
 * x·stride − padding). Average pooling has no padding; max pooling may pad, and a padded position
 * is simply not part of its window (PyTorch and ONNX pad max pooling with −∞), so the rows and
 * columns a window reads are its span clipped to the plane ({@link #firstRow} to
 * {@link #endRow}). {@link GlobalAvgPool} is the special case of one window over the whole plane.
 * Shared by the float inference kernels and the double-precision ops and bounds, so that all read
 * the same windows.
 */
public record PoolWindow(
    int channels, int inHeight, int inWidth, int kernelHeight, int kernelWidth, int stride, int padding) {
  public PoolWindow {
    if (padding < 0 || 2 * padding > Math.min(kernelHeight, kernelWidth)) {
      // More padding than half a window would leave border windows with no input at all.
      throw new IllegalArgumentException("pool padding " + padding + " for a window of " + kernelHeight + "x"
          + kernelWidth + " invalid");
    }
  }

  /** The windows of {@code pool} over an input of shape {@code inShape}, checked by the layer. */
  public static PoolWindow of(AvgPool2d pool, int[] inShape) {
    pool.outputShape(inShape);
    return new PoolWindow(inShape[0], inShape[1], inShape[2], pool.kernel(), pool.kernel(), pool.stride(), 0);
  }

  /** The windows of {@code pool} over an input of shape {@code inShape}, checked by the layer. */
  public static PoolWindow of(MaxPool2d pool, int[] inShape) {
    pool.outputShape(inShape);
    return new PoolWindow(
        inShape[0], inShape[1], inShape[2], pool.kernel(), pool.kernel(), pool.stride(), pool.padding());
  }

  /** One window covering each whole plane. */
  public static PoolWindow global(int[] inShape) {
    return new PoolWindow(inShape[0], inShape[1], inShape[2], inShape[1], inShape[2], 1, 0);
  }

  public int outHeight() {
    return SlidingWindow.outputSize(inHeight, kernelHeight, stride, padding);
  }

  public int outWidth() {
    return SlidingWindow.outputSize(inWidth, kernelWidth, stride, padding);
  }

  /** First input row of the windows in output row {@code y}. */
  public int firstRow(int y) {
    return Math.max(0, y * stride - padding);
  }

  /** One past the last input row of the windows in output row {@code y}. */
  public int endRow(int y) {
    return Math.min(inHeight, y * stride - padding + kernelHeight);
  }

  /** First input column of the windows in output column {@code x}. */
  public int firstColumn(int x) {
    return Math.max(0, x * stride - padding);
  }

  /** One past the last input column of the windows in output column {@code x}. */
  public int endColumn(int x) {
    return Math.min(inWidth, x * stride - padding + kernelWidth);
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
