package org.ltcheck.gpu.backend;

import org.ltcheck.model.SlidingWindow;

/**
 * Shapes of a batched 2-D convolution (cross-correlation with zero padding, as in PyTorch).
 * The unfolded ("im2col") matrix has {@link #colRows()} = C*kh*kw rows and {@link #colCols()} =
 * N*OH*OW columns; column n*OH*OW + oh*OW + ow holds the receptive field of output pixel (oh,ow)
 * of image n, so a single GEMM with the (out, C*kh*kw) weight matrix convolves the whole batch.
 */
public record ConvGeometry(
    int batch, int channels, int height, int width, int kernelHeight, int kernelWidth, int stride, int padding) {
  public ConvGeometry {
    if (batch < 1 || channels < 1 || height < 1 || width < 1 || kernelHeight < 1 || kernelWidth < 1
        || stride < 1 || padding < 0) {
      throw new IllegalArgumentException("invalid convolution geometry " + this);
    }
    if (height + 2 * padding < kernelHeight || width + 2 * padding < kernelWidth) {
      throw new IllegalArgumentException(
          "kernel " + kernelHeight + "x" + kernelWidth + " does not fit input " + height + "x" + width
              + " with padding " + padding);
    }
  }

  public int outHeight() {
    return SlidingWindow.outputSize(height, kernelHeight, stride, padding);
  }

  public int outWidth() {
    return SlidingWindow.outputSize(width, kernelWidth, stride, padding);
  }

  /** Output pixels per image and channel. */
  public int outPixels() {
    return outHeight() * outWidth();
  }

  /** Input elements per image. */
  public int inputSize() {
    return channels * height * width;
  }

  public int colRows() {
    return channels * kernelHeight * kernelWidth;
  }

  public int colCols() {
    return batch * outPixels();
  }

  /** The same geometry for another batch size. */
  public ConvGeometry withBatch(int n) {
    return new ConvGeometry(n, channels, height, width, kernelHeight, kernelWidth, stride, padding);
  }
}
