package org.ltcheck.adversarial;

import org.ltcheck.model.PoolWindow;

/**
 * Average pooling without padding; global average pooling is one window over the whole plane.
 * The reverse pass spreads each output's gradient evenly over its window.
 */
final class AvgPoolOp extends SinglePassOp {
  private final PoolWindow window;

  AvgPoolOp(PoolWindow window) {
    super(window.inSize(), window.outSize());
    this.window = window;
  }

  @Override
  public void forward(double[] in, double[] out) {
    PoolWindow w = window;
    double count = w.kernelHeight() * w.kernelWidth();
    int plane = w.inHeight() * w.inWidth();
    int d = 0;
    for (int c = 0; c < w.channels(); c++) {
      for (int y = 0; y < w.outHeight(); y++) {
        for (int x = 0; x < w.outWidth(); x++) {
          double sum = 0;
          int top = c * plane + (y * w.inWidth() + x) * w.stride();
          for (int ky = 0; ky < w.kernelHeight(); ky++) {
            for (int kx = 0; kx < w.kernelWidth(); kx++) {
              sum += in[top + ky * w.inWidth() + kx];
            }
          }
          out[d++] = sum / count;
        }
      }
    }
  }

  @Override
  public void backward(double[] in, double[] out, double[] gradOut, double[] gradIn) {
    PoolWindow w = window;
    java.util.Arrays.fill(gradIn, 0, w.inSize(), 0);
    double count = w.kernelHeight() * w.kernelWidth();
    int plane = w.inHeight() * w.inWidth();
    int d = 0;
    for (int c = 0; c < w.channels(); c++) {
      for (int y = 0; y < w.outHeight(); y++) {
        for (int x = 0; x < w.outWidth(); x++) {
          double g = gradOut[d++] / count;
          int top = c * plane + (y * w.inWidth() + x) * w.stride();
          for (int ky = 0; ky < w.kernelHeight(); ky++) {
            for (int kx = 0; kx < w.kernelWidth(); kx++) {
              gradIn[top + ky * w.inWidth() + kx] += g;
            }
          }
        }
      }
    }
  }
}
