package org.ltcheck.inference;

import org.ltcheck.model.PoolWindow;

/**
 * Max pooling: each output is the largest input of its window, padded positions excluded (the
 * window is clipped to the plane, which is what PyTorch's and ONNX's −∞ padding amounts to). A
 * NaN in a window wins, as in PyTorch. The maximum is exact in float, so the result does not
 * depend on the order the window is read in.
 */
final class MaxPoolKernel extends SizedLayer implements Kernel {
  private final PoolWindow window;

  MaxPoolKernel(PoolWindow window) {
    super(window.inSize(), window.outSize());
    this.window = window;
  }

  @Override
  public void run(float[] in, int inOff, float[] out, int outOff, Workspace ws) {
    PoolWindow w = window;
    int plane = w.inHeight() * w.inWidth();
    int d = outOff;
    for (int c = 0; c < w.channels(); c++) {
      int p = inOff + c * plane;
      for (int y = 0; y < w.outHeight(); y++) {
        int y0 = w.firstRow(y);
        int y1 = w.endRow(y);
        for (int x = 0; x < w.outWidth(); x++) {
          int x0 = w.firstColumn(x);
          int x1 = w.endColumn(x);
          float max = Float.NEGATIVE_INFINITY;
          for (int iy = y0; iy < y1; iy++) {
            int row = p + iy * w.inWidth();
            for (int ix = x0; ix < x1; ix++) {
              float v = in[row + ix];
              if (v > max || Float.isNaN(v)) {
                max = v;
              }
            }
          }
          out[d++] = max;
        }
      }
    }
  }
}
