package org.ltcheck.adversarial;

import java.util.Arrays;
import org.ltcheck.model.PoolWindow;

/**
 * Max pooling, padded positions outside their window. The reverse pass sends each output's
 * gradient to its window's argmax (the first largest element, as PyTorch does), the gradient of
 * the maximum wherever it is differentiable; the argmax is found again from the forward input,
 * so the op keeps nothing between passes.
 */
final class MaxPoolOp extends SinglePassOp {
  private final PoolWindow window;

  MaxPoolOp(PoolWindow window) {
    super(window.inSize(), window.outSize());
    this.window = window;
  }

  @Override
  public void forward(double[] in, double[] out) {
    for (int d = 0; d < outSize(); d++) {
      out[d] = in[argmax(in, d)];
    }
  }

  @Override
  public void backward(double[] in, double[] out, double[] gradOut, double[] gradIn) {
    Arrays.fill(gradIn, 0, inSize(), 0);
    for (int d = 0; d < outSize(); d++) {
      gradIn[argmax(in, d)] += gradOut[d];
    }
  }

  /** Input index of the first largest element of output d's window. */
  private int argmax(double[] in, int d) {
    PoolWindow w = window;
    int outPlane = w.outHeight() * w.outWidth();
    int plane = d / outPlane * w.inHeight() * w.inWidth();
    int y = d % outPlane / w.outWidth();
    int x = d % w.outWidth();
    int best = -1;
    for (int iy = w.firstRow(y); iy < w.endRow(y); iy++) {
      for (int ix = w.firstColumn(x); ix < w.endColumn(x); ix++) {
        int i = plane + iy * w.inWidth() + ix;
        if (best < 0 || in[i] > in[best]) {
          best = i;
        }
      }
    }
    return best;
  }
}
