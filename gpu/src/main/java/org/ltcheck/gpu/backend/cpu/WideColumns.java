package org.ltcheck.gpu.backend.cpu;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.ltcheck.gpu.backend.ConvGeometry;

/**
 * The columns of a stride-1 convolution over the padded width: column r*wp + q for q < wp
 * (the last kw-1 of each row are outside the output). Row (c, ki, kj) is then the contiguous
 * run of padded plane c starting at ki*wp + kj, so unfolding is one bulk copy per row. Each
 * padded plane (hp × wp) is followed by kw-1 zeros that the last row's extra columns read.
 */
final class WideColumns {
  final int ch;
  final int h;
  final int w;
  final int kh;
  final int kw;
  final int pad;
  final int hp;
  final int wp;
  final int oh;
  final int ow;

  WideColumns(ConvGeometry g) {
    ch = g.channels();
    h = g.height();
    w = g.width();
    kh = g.kernelHeight();
    kw = g.kernelWidth();
    pad = g.padding();
    hp = h + 2 * pad;
    wp = w + 2 * pad;
    oh = g.outHeight();
    ow = g.outWidth();
  }

  int planeStride() {
    return hp * wp + kw - 1;
  }

  int columns() {
    return oh * wp;
  }

  /** planes (ch × planeStride, zero borders and tails) = src (ch × h × w). */
  void padPlanes(float[] src, float[] planes) {
    int stride = planeStride();
    Arrays.fill(planes, 0, ch * stride, 0f);
    for (int c = 0; c < ch; c++) {
      for (int ih = 0; ih < h; ih++) {
        System.arraycopy(src, (c * h + ih) * w, planes, c * stride + (ih + pad) * wp + pad, w);
      }
    }
  }

  /** cols (ch*kh*kw × columns) from the padded planes. */
  void unfold(float[] planes, FloatBuffer cols) {
    int n = columns();
    int stride = planeStride();
    for (int c = 0; c < ch; c++) {
      for (int ki = 0; ki < kh; ki++) {
        for (int kj = 0; kj < kw; kj++) {
          cols.put(((c * kh + ki) * kw + kj) * n, planes, c * stride + ki * wp + kj, n);
        }
      }
    }
  }

  /** dst (n × oh × wp) = src (n × oh × ow) with zeros in the extra columns of each row. */
  void widen(float[] src, int n, float[] dst) {
    int cols = columns();
    for (int o = 0; o < n; o++) {
      for (int r = 0; r < oh; r++) {
        int to = o * cols + r * wp;
        System.arraycopy(src, (o * oh + r) * ow, dst, to, ow);
        Arrays.fill(dst, to + ow, to + wp, 0f);
      }
    }
  }
}
