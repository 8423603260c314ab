package org.ltcheck.gpu.backend.cpu;

import static org.ltcheck.gpu.backend.cpu.ConvWorkerScratch.at;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.ltcheck.gpu.backend.ConvGeometry;

/**
 * A stride-1 convolution of a ch × h × w image as kh*kw shifted GEMMs: the image zero-padded
 * to hp × wp, channels last, plus kw-1 zero pixels at the end that the last tap's final
 * (dropped) pixels read; the output has oh × ow pixels and is computed as oh rows of wp.
 */
record ShiftedConvolution(int ch, int h, int w, int kh, int kw, int padH, int padW) {
  /** The shifted layout of the forward pass, or null where the unfolded path is used. */
  static ShiftedConvolution forward(ConvGeometry g) {
    return g.stride() == 1 && g.channels() >= ConvLayerKernels.SHIFTED_MIN_CHANNELS
        ? new ShiftedConvolution(g.channels(), g.height(), g.width(), g.kernelHeight(), g.kernelWidth(), g.padding(), g.padding())
        : null;
  }

  /**
   * The shifted layout of the input gradient (the output gradient padded by k-1-pad), or null
   * where W^T·dy and col2im are used.
   */
  static ShiftedConvolution inputGradient(ConvGeometry g, int out) {
    int kh = g.kernelHeight();
    int kw = g.kernelWidth();
    int pad = g.padding();
    return g.stride() == 1 && out >= ConvLayerKernels.SHIFTED_MIN_CHANNELS && pad <= kh - 1 && pad <= kw - 1
        ? new ShiftedConvolution(out, g.outHeight(), g.outWidth(), kh, kw, kh - 1 - pad, kw - 1 - pad)
        : null;
  }

  int hp() {
    return h + 2 * padH;
  }

  int wp() {
    return w + 2 * padW;
  }

  int oh() {
    return hp() - kh + 1;
  }

  int ow() {
    return wp() - kw + 1;
  }

  int paddedSize() {
    return (hp() * wp() + kw - 1) * ch;
  }

  int wideRows() {
    return oh() * wp();
  }

  /** dst (channels last, padded) = src (ch × h × w); dst's padding is zeroed. */
  void pad(float[] src, float[] dst) {
    int wp = wp();
    Arrays.fill(dst, 0, paddedSize(), 0f);
    for (int c = 0; c < ch; c++) {
      for (int ih = 0; ih < h; ih++) {
        int to = ((ih + padH) * wp + padW) * ch + c;
        int from = (c * h + ih) * w;
        for (int iw = 0; iw < w; iw++) {
          dst[to + iw * ch] = src[from + iw];
        }
      }
    }
  }

  /**
   * wide (oh*wp × n) = sum over taps t = ki*kw + kj of padded[(ki*wp + kj)*ch ...] (oh*wp × ch,
   * leading dimension ch) times the transpose of taps[t] (n × ch).
   */
  void multiply(Gemm gemm, FloatBuffer padded, FloatBuffer taps, int n, FloatBuffer wide) {
    int wp = wp();
    for (int ki = 0; ki < kh; ki++) {
      for (int kj = 0; kj < kw; kj++) {
        int t = ki * kw + kj;
        gemm.sgemmSerial(false, true, wideRows(), n, ch, 1f, at(padded, (ki * wp + kj) * ch), ch,
            at(taps, t * n * ch), ch, t == 0 ? 0f : 1f, wide, n);
      }
    }
  }

  /** out (n × oh × ow) = wide (oh*wp × n) without the extra pixels of each row, plus bias[o] if given. */
  void unwiden(float[] wide, int n, float[] bias, float[] out) {
    int oh = oh();
    int ow = ow();
    int wp = wp();
    int plane = oh * ow;
    for (int o = 0; o < n; o++) {
      float b = bias == null ? 0f : bias[o];
      for (int r = 0; r < oh; r++) {
        int from = r * wp * n + o;
        int to = o * plane + r * ow;
        for (int q = 0; q < ow; q++) {
          out[to + q] = wide[from + q * n] + b;
        }
      }
    }
  }
}
