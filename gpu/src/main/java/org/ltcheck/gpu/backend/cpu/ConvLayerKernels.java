package org.ltcheck.gpu.backend.cpu;

import static org.ltcheck.gpu.backend.cpu.ConvWorkerScratch.at;

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
 *
 * <p>Parts: {@link ShiftedConvolution} (the shifted path), {@link ImageColumns} (unfold and fold
 * of one image), {@link WideColumns} (the stride-1 weight gradient's columns) and
 * {@link ConvWorkerScratch} (each worker's buffers).
 */
final class ConvLayerKernels {
  /** The batch is split into at most this many groups for the weight-gradient sum. */
  static final int WEIGHT_GRAD_GROUPS = 16;

  /**
   * The shifted path's GEMMs have k = input channels; below this they run too far from the
   * BLAS peak (and the unfolded path's single GEMM with k = C*kh*kw wins).
   */
  static final int SHIFTED_MIN_CHANNELS = 16;

  private final Parallel parallel;
  private final Gemm gemm;
  /** Worker scratch, taken by a task and given back when it ends: as many as run at once. */
  private final ConcurrentLinkedQueue<ConvWorkerScratch> locals = new ConcurrentLinkedQueue<>();
  /** Per-group partial weight gradients (used by one backward call at a time). */
  private FloatBuffer partials = ConvWorkerScratch.EMPTY;
  /** Per-tap weight blocks of the shifted path (written before each parallel section). */
  private FloatBuffer taps = ConvWorkerScratch.EMPTY;

  ConvLayerKernels(Parallel parallel, Gemm gemm) {
    this.parallel = parallel;
    this.gemm = gemm;
  }

  private ConvWorkerScratch take() {
    ConvWorkerScratch l = locals.poll();
    return l == null ? new ConvWorkerScratch() : l;
  }

  /** A 1×1, stride-1, unpadded convolution's columns are the image itself. */
  private static boolean identityColumns(ConvGeometry g) {
    return g.kernelHeight() == 1 && g.kernelWidth() == 1 && g.stride() == 1 && g.padding() == 0;
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
      taps = ConvWorkerScratch.direct(size);
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
    ShiftedConvolution sh = ShiftedConvolution.forward(g);
    FloatBuffer tapBlocks = sh == null ? null : taps(w, out, g.channels(), g.kernelHeight(), g.kernelWidth(), false);
    float[] biasImage = sh != null || b == null ? null : biasImage(b, pixels);
    boolean identity = sh == null && identityColumns(g);
    gemm.beginSerialSection();
    parallel.forEach(g.batch(), 2L * out * k * pixels * g.batch(), img -> {
      ConvWorkerScratch l = take();
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
          ImageColumns.unfold(src, g.channels(), g.height(), g.width(), g.kernelHeight(), g.kernelWidth(), g.stride(),
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
    ShiftedConvolution sh = dx == null ? null : ShiftedConvolution.inputGradient(g, out);
    FloatBuffer tapBlocks = sh == null ? null : taps(w, out, c, g.kernelHeight(), g.kernelWidth(), true);
    boolean identity = identityColumns(g);
    WideColumns wideCols = g.stride() == 1 && !identity ? new WideColumns(g) : null;
    long flops = 2L * wSize * pixels * n * (dx == null ? 1 : 2);
    gemm.beginSerialSection();
    parallel.forEach(groups, flops, grp -> {
      ConvWorkerScratch l = take();
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
              ImageColumns.unfold(src, c, g.height(), g.width(), g.kernelHeight(), g.kernelWidth(), g.stride(), g.padding(),
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
            ImageColumns.fold(dc, c, g.height(), g.width(), g.kernelHeight(), g.kernelWidth(), g.stride(), g.padding(),
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
      partials = ConvWorkerScratch.direct((int) n);
    }
    return partials;
  }

}
