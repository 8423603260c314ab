package org.ltcheck.gpu.backend.cpu;

import java.nio.FloatBuffer;
import java.util.Arrays;

/** im2col and col2im of one image, row by row with bulk copies (the unfolded convolution path). */
final class ImageColumns {
  private ImageColumns() {}

  /** First output column q >= 0 whose input column q*s - pad + kj is >= 0. */
  private static int firstColumn(int s, int pad, int kj) {
    return pad - kj <= 0 ? 0 : (pad - kj + s - 1) / s;
  }

  /** One past the last output column whose input column is < w, clamped to [first, ow]. */
  private static int endColumn(int w, int s, int pad, int kj, int ow, int first) {
    int lastInside = w - 1 + pad - kj;
    int end = lastInside < 0 ? 0 : lastInside / s + 1;
    return Math.max(first, Math.min(ow, end));
  }

  /**
   * Writes the columns of one image {@code src} (ch × h × w from index 0) to {@code cols}: row
   * (c*kh + ki)*kw + kj, column r*ow + q holds src[c, r*s - pad + ki, q*s - pad + kj], 0 where
   * that falls into the padding. Rows are assembled in {@code row} and stored with one bulk copy.
   */
  static void unfold(
      float[] src, int ch, int h, int w, int kh, int kw, int s, int pad, int oh, int ow, float[] row, FloatBuffer cols) {
    int pixels = oh * ow;
    for (int c = 0; c < ch; c++) {
      int plane = c * h * w;
      for (int ki = 0; ki < kh; ki++) {
        for (int kj = 0; kj < kw; kj++) {
          int q0 = firstColumn(s, pad, kj);
          int q1 = endColumn(w, s, pad, kj, ow, q0);
          for (int r = 0; r < oh; r++) {
            int ih = r * s - pad + ki;
            int base = r * ow;
            if (ih < 0 || ih >= h) {
              Arrays.fill(row, base, base + ow, 0f);
              continue;
            }
            int origin = plane + ih * w - pad + kj; // src index of output column q is origin + q*s
            for (int q = 0; q < q0; q++) {
              row[base + q] = 0f;
            }
            if (s == 1) {
              System.arraycopy(src, origin + q0, row, base + q0, q1 - q0);
            } else {
              for (int q = q0; q < q1; q++) {
                row[base + q] = src[origin + q * s];
              }
            }
            for (int q = q1; q < ow; q++) {
              row[base + q] = 0f;
            }
          }
          cols.put(((c * kh + ki) * kw + kj) * pixels, row, 0, pixels);
        }
      }
    }
  }

  /** The adjoint of {@link #unfold}: adds every column entry into the pixel it was read from ({@code acc} += ...). */
  static void fold(
      FloatBuffer cols, int ch, int h, int w, int kh, int kw, int s, int pad, int oh, int ow, float[] row, float[] acc) {
    int pixels = oh * ow;
    for (int c = 0; c < ch; c++) {
      int plane = c * h * w;
      for (int ki = 0; ki < kh; ki++) {
        for (int kj = 0; kj < kw; kj++) {
          cols.get(((c * kh + ki) * kw + kj) * pixels, row, 0, pixels);
          int q0 = firstColumn(s, pad, kj);
          int q1 = endColumn(w, s, pad, kj, ow, q0);
          for (int r = 0; r < oh; r++) {
            int ih = r * s - pad + ki;
            if (ih < 0 || ih >= h) {
              continue;
            }
            int base = r * ow;
            int origin = plane + ih * w - pad + kj;
            if (s == 1) {
              for (int q = q0; q < q1; q++) {
                acc[origin + q] += row[base + q];
              }
            } else {
              for (int q = q0; q < q1; q++) {
                acc[origin + q * s] += row[base + q];
              }
            }
          }
        }
      }
    }
  }
}
