package org.ltcheck.inference;

import org.ltcheck.model.PoolWindow;

/**
 * Average pooling without padding; {@link org.ltcheck.model.GlobalAvgPool} is the special case
 * of one window covering the whole plane. The window sum is taken in float in row-major order
 * and divided by the window size, as PyTorch does (no padding, so every window is full).
 */
final class PoolKernel extends SizedLayer implements Kernel {
  private final PoolWindow window;

  PoolKernel(PoolWindow window) {
    super(window.inSize(), window.outSize());
    this.window = window;
  }

  @Override
  public void run(float[] in, int inOff, float[] out, int outOff, Workspace ws) {
    int channels = window.channels();
    int hin = window.inHeight();
    int win = window.inWidth();
    int kh = window.kernelHeight();
    int kw = window.kernelWidth();
    int stride = window.stride();
    int hout = window.outHeight();
    int wout = window.outWidth();
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
