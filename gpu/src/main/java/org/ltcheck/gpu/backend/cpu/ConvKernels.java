package org.ltcheck.gpu.backend.cpu;

import java.nio.FloatBuffer;
import org.ltcheck.gpu.backend.ConvGeometry;

/**
 * im2col, col2im and the axis swap of the CPU backend. Each task works on one (image, channel)
 * plane: it reads or accumulates that plane in a heap array and moves whole segments with bulk
 * buffer copies, which is much faster than element-wise access to direct memory.
 */
final class ConvKernels {
  private final Parallel parallel;

  ConvKernels(Parallel parallel) {
    this.parallel = parallel;
  }

  void im2col(FloatBuffer x, ConvGeometry g, FloatBuffer cols) {
    int n = g.batch();
    int c = g.channels();
    int h = g.height();
    int w = g.width();
    int kh = g.kernelHeight();
    int kw = g.kernelWidth();
    int s = g.stride();
    int pad = g.padding();
    int oh = g.outHeight();
    int ow = g.outWidth();
    int pixels = oh * ow;
    long colCols = g.colCols();
    parallel.forEach(n * c, (long) g.colRows() * colCols, task -> {
      int img = task / c;
      int ch = task % c;
      float[] plane = new float[h * w];
      x.get((img * c + ch) * h * w, plane, 0, plane.length);
      float[] seg = new float[pixels];
      for (int ki = 0; ki < kh; ki++) {
        for (int kj = 0; kj < kw; kj++) {
          for (int r = 0; r < oh; r++) {
            int ih = r * s - pad + ki;
            int base = r * ow;
            if (ih < 0 || ih >= h) {
              java.util.Arrays.fill(seg, base, base + ow, 0f);
              continue;
            }
            int rowStart = ih * w;
            for (int q = 0; q < ow; q++) {
              int iw = q * s - pad + kj;
              seg[base + q] = iw >= 0 && iw < w ? plane[rowStart + iw] : 0f;
            }
          }
          long row = (long) (ch * kh + ki) * kw + kj;
          cols.put((int) (row * colCols + (long) img * pixels), seg, 0, pixels);
        }
      }
    });
  }

  void col2im(FloatBuffer cols, ConvGeometry g, FloatBuffer dx) {
    int n = g.batch();
    int c = g.channels();
    int h = g.height();
    int w = g.width();
    int kh = g.kernelHeight();
    int kw = g.kernelWidth();
    int s = g.stride();
    int pad = g.padding();
    int oh = g.outHeight();
    int ow = g.outWidth();
    int pixels = oh * ow;
    long colCols = g.colCols();
    parallel.forEach(n * c, (long) g.colRows() * colCols, task -> {
      int img = task / c;
      int ch = task % c;
      float[] plane = new float[h * w];
      float[] seg = new float[pixels];
      for (int ki = 0; ki < kh; ki++) {
        for (int kj = 0; kj < kw; kj++) {
          long row = (long) (ch * kh + ki) * kw + kj;
          cols.get((int) (row * colCols + (long) img * pixels), seg, 0, pixels);
          for (int r = 0; r < oh; r++) {
            int ih = r * s - pad + ki;
            if (ih < 0 || ih >= h) {
              continue;
            }
            int rowStart = ih * w;
            int base = r * ow;
            for (int q = 0; q < ow; q++) {
              int iw = q * s - pad + kj;
              if (iw >= 0 && iw < w) {
                plane[rowStart + iw] += seg[base + q];
              }
            }
          }
        }
      }
      dx.put((img * c + ch) * h * w, plane, 0, plane.length);
    });
  }

  void swapAxes(FloatBuffer src, int a, int b, int inner, FloatBuffer dst) {
    parallel.forEach(a * b, (long) a * b * inner, task -> {
      int i = task / b;
      int j = task % b;
      dst.put((j * a + i) * inner, src, (i * b + j) * inner, inner);
    });
  }
}
