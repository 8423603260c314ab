package org.ltcheck.inference;

import org.ltcheck.model.AvgPool2d;
import org.ltcheck.model.SlidingWindow;

/**
 * Average pooling without padding; {@link org.ltcheck.model.GlobalAvgPool} is the special case
 * of one window covering the whole plane. The window sum is taken in float in row-major order
 * and divided by the window size, as PyTorch does (no padding, so every window is full).
 */
final class PoolKernel implements Kernel {
  private final int channels;
  private final int hin;
  private final int win;
  private final int kh;
  private final int kw;
  private final int stride;
  private final int hout;
  private final int wout;

  private PoolKernel(int channels, int hin, int win, int kh, int kw, int stride) {
    this.channels = channels;
    this.hin = hin;
    this.win = win;
    this.kh = kh;
    this.kw = kw;
    this.stride = stride;
    this.hout = SlidingWindow.outputSize(hin, kh, stride, 0);
    this.wout = SlidingWindow.outputSize(win, kw, stride, 0);
  }

  static PoolKernel of(AvgPool2d pool, int[] inShape) {
    pool.outputShape(inShape);
    return new PoolKernel(inShape[0], inShape[1], inShape[2], pool.kernel(), pool.kernel(), pool.stride());
  }

  static PoolKernel global(int[] inShape) {
    return new PoolKernel(inShape[0], inShape[1], inShape[2], inShape[1], inShape[2], 1);
  }

  @Override
  public int inSize() {
    return channels * hin * win;
  }

  @Override
  public int outSize() {
    return channels * hout * wout;
  }

  @Override
  public void run(float[] in, int inOff, float[] out, int outOff, Workspace ws) {
    float count = kh * kw;
    int d = outOff;
    for (int c = 0; c < channels; c++) {
      int p = inOff + c * hin * win;
      for (int y = 0; y < hout; y++) {
        for (int x = 0; x < wout; x++) {
          float sum = 0f;
          int top = p + y * stride * win + x * stride;
          for (int ky = 0; ky < kh; ky++) {
            int row = top + ky * win;
            for (int kx = 0; kx < kw; kx++) {
              sum += in[row + kx];
            }
          }
          out[d++] = sum / count;
        }
      }
    }
  }
}
