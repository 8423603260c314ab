package org.ltcheck.gpu.backend.cpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.ltcheck.gpu.backend.ConvGeometry;

/**
 * Whole convolution layers on the CPU, image by image. Each worker (one of the backend's
 * threads) convolves one image at a time with single-threaded GEMMs ({@link Gemm#sgemmSerial})
 * on scratch buffers of its own, a few hundred kilobytes that stay in the core's L2 cache, and
 * writes the image's slice of the NCHW result: no batch-sized column matrix, no axis swap of
 * the whole batch, and OpenBLAS never runs more threads than there are cores.
 *
 * <p>Two ways to convolve one image:
 * <ul>
 *   <li><b>shifted</b> (stride 1, at least {@link #SHIFTED_MIN_CHANNELS} input channels): the
 *       image is copied once into a zero-padded channels-last buffer, in which the receptive
 *       field of kernel tap (ki, kj) for every output pixel is a plain row-major matrix
 *       (pixels × channels, rows one channel-vector apart) at offset (ki*Wp + kj)*C. The output
 *       is the sum over taps of those matrices times the tap's (channels × out) weights:
 *       kh*kw GEMMs with long, cache-friendly A operands and no unfolding at all. Output rows
 *       run over the padded width Wp, so each row carries kw-1 extra pixels that are dropped
 *       when the result is transposed back to NCHW (7% extra FLOPs for 3×3 on 28×28).
 *   <li><b>unfolded</b> (any geometry): the image's columns (C*kh*kw × OH*OW) are built row by
 *       row with bulk copies and multiplied by the weight matrix.
 * </ul>
 * The input gradient of a stride-1 convolution is itself a stride-1 convolution (of the output
 * gradient, padded by k-1-pad, with the flipped and transposed kernel) and takes the shifted
 * path; other strides multiply by W^T and fold the columns back (col2im). The weight gradient
 * is one GEMM per image of the unfolded input with the output gradient (for stride 1 the
 * columns run over the padded width, so that each of their rows is one bulk copy of a padded
 * input plane, and the output gradient gets zeros in the extra columns), with the longer of
 * C*kh*kw and out on the GEMM's M side. It is summed over a fixed partition of the batch into
 * at most {@link #WEIGHT_GRAD_GROUPS} groups of consecutive images (in image order within a
 * group), whose partial sums are then added in group order; the bias gradient likewise, in
 * double precision.
 *
 * <p>Determinism: every output element is computed by one task, in an order fixed by the
 * geometry alone, so results are bit-identical from run to run and for any thread count (given
 * a deterministic single-threaded GEMM, which OpenBLAS and {@link JavaGemm} are).
 */
final class ConvLayerKernels {
  /** The batch is split into at most this many groups for the weight-gradient sum. */
  static final int WEIGHT_GRAD_GROUPS = 16;

  /**
   * The shifted path's GEMMs have k = input channels; below this they run too far from the
   * BLAS peak (and the unfolded path's single GEMM with k = C*kh*kw wins).
   */
  static final int SHIFTED_MIN_CHANNELS = 16;

  private static final FloatBuffer EMPTY = direct(0);

  private final Parallel parallel;
  private final Gemm gemm;
  /** Worker scratch, taken by a task and given back when it ends: as many as run at once. */
  private final ConcurrentLinkedQueue<Local> locals = new ConcurrentLinkedQueue<>();
  /** Per-group partial weight gradients (used by one backward call at a time). */
  private FloatBuffer partials = EMPTY;
  /** Per-tap weight blocks of the shifted path (written before each parallel section). */
  private FloatBuffer taps = EMPTY;

  ConvLayerKernels(Parallel parallel, Gemm gemm) {
    this.parallel = parallel;
    this.gemm = gemm;
  }

  /** One worker's scratch: direct buffers for GEMM operands, heap arrays for the copies. */
  private static final class Local {
    FloatBuffer cols = EMPTY;
    FloatBuffer padded = EMPTY;
    FloatBuffer wide = EMPTY;
    float[] input = new float[0];
    float[] grad = new float[0];
    float[] row = new float[0];
    float[] acc = new float[0];
    float[] paddedHeap = new float[0];
    float[] wideHeap = new float[0];

    FloatBuffer cols(int n) {
      return cols.capacity() >= n ? cols : (cols = direct(n));
    }

    FloatBuffer padded(int n) {
      return padded.capacity() >= n ? padded : (padded = direct(n));
    }

    FloatBuffer wide(int n) {
      return wide.capacity() >= n ? wide : (wide = direct(n));
    }

    float[] input(int n) {
      return input.length >= n ? input : (input = new float[n]);
    }

    float[] grad(int n) {
      return grad.length >= n ? grad : (grad = new float[n]);
    }

    float[] row(int n) {
      return row.length >= n ? row : (row = new float[n]);
    }

    float[] acc(int n) {
      return acc.length >= n ? acc : (acc = new float[n]);
    }

    float[] paddedHeap(int n) {
      return paddedHeap.length >= n ? paddedHeap : (paddedHeap = new float[n]);
    }

    float[] wideHeap(int n) {
      return wideHeap.length >= n ? wideHeap : (wideHeap = new float[n]);
    }
  }

  private static FloatBuffer direct(int n) {
    return ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder()).asFloatBuffer();
  }

  private static FloatBuffer at(FloatBuffer b, int offset) {
    return offset == 0 ? b : b.duplicate().position(offset).slice();
  }

  private Local take() {
    Local l = locals.poll();
    return l == null ? new Local() : l;
  }

  /** A 1×1, stride-1, unpadded convolution's columns are the image itself. */
  private static boolean identityColumns(ConvGeometry g) {
    return g.kernelHeight() == 1 && g.kernelWidth() == 1 && g.stride() == 1 && g.padding() == 0;
  }

  /**
   * A stride-1 convolution of a ch × h × w image as kh*kw shifted GEMMs: the image zero-padded
   * to hp × wp, channels last, plus kw-1 zero pixels at the end that the last tap's final
   * (dropped) pixels read; the output has oh × ow pixels and is computed as oh rows of wp.
   */
  private record Shifted(int ch, int h, int w, int kh, int kw, int padH, int padW) {
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

  /** Sum of a[from .. from+len) in double, four interleaved partial sums (a fixed order; no long dependency chain). */
  private static double sum(float[] a, int from, int len) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = from;
    int end = from + len;
    for (; i + 3 < end; i += 4) {
      s0 += a[i];
      s1 += a[i + 1];
      s2 += a[i + 2];
      s3 += a[i + 3];
    }
    for (; i < end; i++) {
      s0 += a[i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /**
   * The columns of a stride-1 convolution over the padded width: column r*wp + q for q < wp
   * (the last kw-1 of each row are outside the output). Row (c, ki, kj) is then the contiguous
   * run of padded plane c starting at ki*wp + kj, so unfolding is one bulk copy per row. Each
   * padded plane (hp × wp) is followed by kw-1 zeros that the last row's extra columns read.
   */
  private static final class WideColumns {
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

  /** The shifted layout of the forward pass, or null where the unfolded path is used. */
  private static Shifted forwardShifted(ConvGeometry g) {
    return g.stride() == 1 && g.channels() >= SHIFTED_MIN_CHANNELS
        ? new Shifted(g.channels(), g.height(), g.width(), g.kernelHeight(), g.kernelWidth(), g.padding(), g.padding())
        : null;
  }

  /**
   * The shifted layout of the input gradient (the output gradient padded by k-1-pad), or null
   * where W^T·dy and col2im are used.
   */
  private static Shifted inputGradShifted(ConvGeometry g, int out) {
    int kh = g.kernelHeight();
    int kw = g.kernelWidth();
    int pad = g.padding();
    return g.stride() == 1 && out >= SHIFTED_MIN_CHANNELS && pad <= kh - 1 && pad <= kw - 1
        ? new Shifted(out, g.outHeight(), g.outWidth(), kh, kw, kh - 1 - pad, kw - 1 - pad)
        : null;
  }

  /**
   * Writes the per-tap weight blocks: forward, block t = (ki, kj) is (out × C) with
   * [o][c] = w[o, c, ki, kj]; for the input gradient it is (C × out) with
   * [c][o] = w[o, c, kh-1-ki, kw-1-kj] (the flipped, transposed kernel).
   */
  private FloatBuffer taps(FloatBuffer w, int out, int c, int kh, int kw, boolean inputGrad) {
    int size = out * c * kh * kw;
    float[] src = new float[size];
    w.get(0, src, 0, size);
    float[] dst = new float[size];
    int block = out * c;
    for (int o = 0; o < out; o++) {
      for (int ch = 0; ch < c; ch++) {
        for (int ki = 0; ki < kh; ki++) {
          for (int kj = 0; kj < kw; kj++) {
            float v = src[((o * c + ch) * kh + ki) * kw + kj];
            if (inputGrad) {
              dst[((kh - 1 - ki) * kw + (kw - 1 - kj)) * block + ch * out + o] = v;
            } else {
              dst[(ki * kw + kj) * block + o * c + ch] = v;
            }
          }
        }
      }
    }
    if (taps.capacity() < size) {
      taps = direct(size);
    }
    taps.put(0, dst, 0, size);
    return taps;
  }

  // ---------------------------------------------------------------- forward

  void forward(FloatBuffer x, ConvGeometry g, FloatBuffer w, int out, FloatBuffer bias, FloatBuffer y) {
    int k = g.colRows();
    int pixels = g.outPixels();
    int inSize = g.inputSize();
    int outSize = out * pixels;
    float[] biasValues = null;
    if (bias != null) {
      biasValues = new float[out];
      bias.get(0, biasValues, 0, out);
    }
    float[] b = biasValues;
    Shifted sh = forwardShifted(g);
    FloatBuffer tapBlocks = sh == null ? null : taps(w, out, g.channels(), g.kernelHeight(), g.kernelWidth(), false);
    float[] biasImage = sh != null || b == null ? null : biasImage(b, pixels);
    boolean identity = sh == null && identityColumns(g);
    gemm.beginSerialSection();
    parallel.forEach(g.batch(), 2L * out * k * pixels * g.batch(), img -> {
      Local l = take();
      try {
        float[] src = null;
        if (!identity) {
          src = l.input(inSize);
          x.get(img * inSize, src, 0, inSize);
        }
        if (sh != null) {
          float[] padded = l.paddedHeap(sh.paddedSize());
          sh.pad(src, padded);
          FloatBuffer pd = l.padded(sh.paddedSize());
          pd.put(0, padded, 0, sh.paddedSize());
          int wideSize = sh.wideRows() * out;
          FloatBuffer wide = l.wide(wideSize);
          sh.multiply(gemm, pd, tapBlocks, out, wide);
          float[] wh = l.wideHeap(wideSize);
          wide.get(0, wh, 0, wideSize);
          float[] result = l.acc(outSize);
          sh.unwiden(wh, out, b, result);
          y.put(img * outSize, result, 0, outSize);
          return;
        }
        FloatBuffer cols;
        if (identity) {
          cols = at(x, img * inSize);
        } else {
          cols = l.cols(k * pixels);
          unfold(src, g.channels(), g.height(), g.width(), g.kernelHeight(), g.kernelWidth(), g.stride(),
              g.padding(), g.outHeight(), g.outWidth(), l.row(pixels), cols);
        }
        float beta = 0f;
        if (biasImage != null) {
          y.put(img * outSize, biasImage, 0, outSize); // the GEMM adds W·cols: (W·cols) + bias
          beta = 1f;
        }
        gemm.sgemmSerial(false, false, out, pixels, k, 1f, w, k, cols, pixels, beta, at(y, img * outSize), pixels);
      } finally {
        locals.offer(l);
      }
    });
  }

  private static float[] biasImage(float[] bias, int pixels) {
    float[] image = new float[bias.length * pixels];
    for (int o = 0; o < bias.length; o++) {
      Arrays.fill(image, o * pixels, (o + 1) * pixels, bias[o]);
    }
    return image;
  }

  // ---------------------------------------------------------------- backward

  void backward(
      FloatBuffer x, FloatBuffer dy, ConvGeometry g, FloatBuffer w, int out,
      FloatBuffer dWeight, FloatBuffer dBias, FloatBuffer dx) {
    int n = g.batch();
    int c = g.channels();
    int k = g.colRows();
    int pixels = g.outPixels();
    int inSize = g.inputSize();
    int outSize = out * pixels;
    int perGroup = (n + WEIGHT_GRAD_GROUPS - 1) / WEIGHT_GRAD_GROUPS;
    int groups = (n + perGroup - 1) / perGroup;
    int wSize = out * k;
    // The weight gradient's GEMM puts the longer of k and out on the M side, where OpenBLAS is fastest.
    boolean transposedGrad = k >= out;
    FloatBuffer part = partials((long) groups * wSize);
    double[][] biasParts = dBias == null ? null : new double[groups][out];
    Shifted sh = dx == null ? null : inputGradShifted(g, out);
    FloatBuffer tapBlocks = sh == null ? null : taps(w, out, c, g.kernelHeight(), g.kernelWidth(), true);
    boolean identity = identityColumns(g);
    WideColumns wideCols = g.stride() == 1 && !identity ? new WideColumns(g) : null;
    long flops = 2L * wSize * pixels * n * (dx == null ? 1 : 2);
    gemm.beginSerialSection();
    parallel.forEach(groups, flops, grp -> {
      Local l = take();
      try {
        FloatBuffer pw = at(part, grp * wSize);
        int first = grp * perGroup;
        int last = Math.min(n, first + perGroup);
        for (int img = first; img < last; img++) {
          FloatBuffer dyImg = at(dy, img * outSize);
          float[] grad = l.grad(outSize);
          dy.get(img * outSize, grad, 0, outSize);
          float beta = img == first ? 0f : 1f;
          if (wideCols != null) {
            // Columns over the padded width: each row is one bulk copy from a padded input plane,
            // and the gradient gets zeros in the extra columns, so they add nothing.
            float[] src = l.input(inSize);
            x.get(img * inSize, src, 0, inSize);
            float[] planes = l.paddedHeap(c * wideCols.planeStride());
            wideCols.padPlanes(src, planes);
            FloatBuffer cols = l.cols(k * wideCols.columns());
            wideCols.unfold(planes, cols);
            float[] dyw = l.wideHeap(out * wideCols.columns());
            wideCols.widen(grad, out, dyw);
            FloatBuffer dyWide = l.wide(out * wideCols.columns());
            dyWide.put(0, dyw, 0, out * wideCols.columns());
            int cols2 = wideCols.columns();
            if (transposedGrad) {
              gemm.sgemmSerial(false, true, k, out, cols2, 1f, cols, cols2, dyWide, cols2, beta, pw, out);
            } else {
              gemm.sgemmSerial(false, true, out, k, cols2, 1f, dyWide, cols2, cols, cols2, beta, pw, k);
            }
          } else {
            FloatBuffer cols;
            if (identity) {
              cols = at(x, img * inSize);
            } else {
              float[] src = l.input(inSize);
              x.get(img * inSize, src, 0, inSize);
              cols = l.cols(k * pixels);
              unfold(src, c, g.height(), g.width(), g.kernelHeight(), g.kernelWidth(), g.stride(), g.padding(),
                  g.outHeight(), g.outWidth(), l.row(pixels), cols);
            }
            if (transposedGrad) {
              gemm.sgemmSerial(false, true, k, out, pixels, 1f, cols, pixels, dyImg, pixels, beta, pw, out);
            } else {
              gemm.sgemmSerial(false, true, out, k, pixels, 1f, dyImg, pixels, cols, pixels, beta, pw, k);
            }
          }
          if (biasParts != null) {
            double[] bp = biasParts[grp];
            for (int o = 0; o < out; o++) {
              bp[o] += sum(grad, o * pixels, pixels);
            }
          }
          if (dx == null) {
            continue;
          }
          float[] result = l.acc(inSize);
          if (sh != null) {
            float[] padded = l.paddedHeap(sh.paddedSize());
            sh.pad(grad, padded);
            FloatBuffer pd = l.padded(sh.paddedSize());
            pd.put(0, padded, 0, sh.paddedSize());
            int wideSize = sh.wideRows() * c;
            FloatBuffer wide = l.wide(wideSize);
            sh.multiply(gemm, pd, tapBlocks, c, wide);
            float[] wh = l.wideHeap(wideSize);
            wide.get(0, wh, 0, wideSize);
            sh.unwiden(wh, c, null, result);
          } else {
            FloatBuffer dc = l.cols(k * pixels);
            gemm.sgemmSerial(true, false, k, pixels, out, 1f, w, k, dyImg, pixels, 0f, dc, pixels);
            Arrays.fill(result, 0, inSize, 0f);
            fold(dc, c, g.height(), g.width(), g.kernelHeight(), g.kernelWidth(), g.stride(), g.padding(),
                g.outHeight(), g.outWidth(), l.row(pixels), result);
          }
          dx.put(img * inSize, result, 0, inSize);
        }
      } finally {
        locals.offer(l);
      }
    });
    parallel.forRange(wSize, (from, to) -> {
      for (int i = from; i < to; i++) {
        // element i = (o, r) of dWeight sits at r*out + o in a transposed partial sum
        int at = transposedGrad ? (i % k) * out + i / k : i;
        float s = part.get(at);
        for (int grp = 1; grp < groups; grp++) {
          s += part.get(grp * wSize + at);
        }
        dWeight.put(i, s);
      }
    });
    if (biasParts != null) {
      for (int o = 0; o < out; o++) {
        double s = 0;
        for (int grp = 0; grp < groups; grp++) {
          s += biasParts[grp][o];
        }
        dBias.put(o, (float) s);
      }
    }
  }

  private FloatBuffer partials(long n) {
    if (n > Integer.MAX_VALUE / 4) {
      throw new IllegalArgumentException("weight-gradient partial sums of " + n + " floats are too large");
    }
    if (partials.capacity() < n) {
      partials = direct((int) n);
    }
    return partials;
  }

  // ---------------------------------------------------------------- unfold / fold of one image

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
