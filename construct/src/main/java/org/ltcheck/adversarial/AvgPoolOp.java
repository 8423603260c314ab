package org.ltcheck.adversarial;

import org.ltcheck.model.AvgPool2d;
import org.ltcheck.model.SlidingWindow;

/**
 * Average pooling without padding; global average pooling is one window over the whole plane.
 * The reverse pass spreads each output's gradient evenly over its window.
 */
final class AvgPoolOp implements DifferentiableOp, DifferentiableOp.Pass {
  private final int channels;
  private final int hin;
  private final int win;
  private final int kh;
  private final int kw;
  private final int stride;
  private final int hout;
  private final int wout;

  private AvgPoolOp(int channels, int hin, int win, int kh, int kw, int stride) {
    this.channels = channels;
    this.hin = hin;
    this.win = win;
    this.kh = kh;
    this.kw = kw;
    this.stride = stride;
    this.hout = SlidingWindow.outputSize(hin, kh, stride, 0);
    this.wout = SlidingWindow.outputSize(win, kw, stride, 0);
  }

  static AvgPoolOp of(AvgPool2d pool, int[] inShape) {
    pool.outputShape(inShape);
    return new AvgPoolOp(inShape[0], inShape[1], inShape[2], pool.kernel(), pool.kernel(), pool.stride());
  }

  static AvgPoolOp global(int[] inShape) {
    return new AvgPoolOp(inShape[0], inShape[1], inShape[2], inShape[1], inShape[2], 1);
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
  public Pass newPass() {
    return this;
  }

  @Override
  public void forward(double[] in, double[] out) {
    double count = kh * kw;
    int d = 0;
    for (int c = 0; c < channels; c++) {
      for (int y = 0; y < hout; y++) {
        for (int x = 0; x < wout; x++) {
          double sum = 0;
          int top = c * hin * win + y * stride * win + x * stride;
          for (int ky = 0; ky < kh; ky++) {
            for (int kx = 0; kx < kw; kx++) {
              sum += in[top + ky * win + kx];
            }
          }
          out[d++] = sum / count;
        }
      }
    }
  }

  @Override
  public void backward(double[] in, double[] out, double[] gradOut, double[] gradIn) {
    java.util.Arrays.fill(gradIn, 0, inSize(), 0);
    double count = kh * kw;
    int d = 0;
    for (int c = 0; c < channels; c++) {
      for (int y = 0; y < hout; y++) {
        for (int x = 0; x < wout; x++) {
          double g = gradOut[d++] / count;
          int top = c * hin * win + y * stride * win + x * stride;
          for (int ky = 0; ky < kh; ky++) {
            for (int kx = 0; kx < kw; kx++) {
              gradIn[top + ky * win + kx] += g;
            }
          }
        }
      }
    }
  }
}
