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
    for (int d = 0; d < outSize(); d++) {
      double sum = 0;
      int top = windowStart(d);
      for (int ky = 0; ky < w.kernelHeight(); ky++) {
        for (int kx = 0; kx < w.kernelWidth(); kx++) {
          sum += in[top + ky * w.inWidth() + kx];
        }
      }
      out[d] = sum / count;
    }
  }

  @Override
  public void backward(double[] in, double[] out, double[] gradOut, double[] gradIn) {
    PoolWindow w = window;
    java.util.Arrays.fill(gradIn, 0, inSize(), 0);
    double count = w.kernelHeight() * w.kernelWidth();
    for (int d = 0; d < outSize(); d++) {
      double g = gradOut[d] / count;
      int top = windowStart(d);
      for (int ky = 0; ky < w.kernelHeight(); ky++) {
        for (int kx = 0; kx < w.kernelWidth(); kx++) {
          gradIn[top + ky * w.inWidth() + kx] += g;
        }
      }
    }
  }

  /** Input index of the top-left element of output d's window. */
  private int windowStart(int d) {
    PoolWindow w = window;
    int outPlane = w.outHeight() * w.outWidth();
    int c = d / outPlane;
    int y = d % outPlane / w.outWidth();
    int x = d % w.outWidth();
    return c * w.inHeight() * w.inWidth() + (y * w.inWidth() + x) * w.stride();
  }
}
