package org.ltcheck.gpu.backend.cpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.ltcheck.gpu.backend.ConvGeometry;

/**
 * Whole convolution layers on the CPU, image by image: each worker unfolds one image into a
 * column buffer of its own (C*kh*kw × OH*OW floats, under a megabyte for the MNIST CNN, so it
 * stays in the core's L2 cache) and multiplies it with a single-threaded GEMM whose output is
 * the image's slice of the NCHW tensor, so neither a batch-sized column matrix nor an axis swap
 * is ever written. The workers are the backend's threads, and each GEMM runs on one of them
 * ({@link Gemm#sgemmSerial}), so OpenBLAS never oversubscribes the cores.
 *
 * <p>Backward: the weight gradient is summed over a fixed partition of the batch into at most
 * {@link #WEIGHT_GRAD_GROUPS} groups of consecutive images (one GEMM per image into the group's
 * partial sum, in image order), and the partial sums are added in group order; the bias
 * gradient likewise, in double precision. The input gradient of a stride-1 convolution is the
 * convolution of the output gradient with the flipped, transposed kernel (again an unfold and a
 * GEMM per image); other strides multiply by W^T and fold the columns back (col2im).
 *
 * <p>Determinism: every output element is computed by one task, in an order fixed by the
 * geometry alone, so results are bit-identical from run to run and for any thread count (as
 * long as the single-threaded GEMM is itself deterministic, which OpenBLAS and
 * {@link JavaGemm} are).
 */
final class ConvLayerKernels {
  /** The batch is split into at most this many groups for the weight-gradient sum. */
  static final int WEIGHT_GRAD_GROUPS = 16;

  private static final FloatBuffer EMPTY = direct(0);

  private final Parallel parallel;
  private final Gemm gemm;
  /** Worker scratch, taken by a task and given back when it ends: as many as run at once. */
  private final ConcurrentLinkedQueue<Local> locals = new ConcurrentLinkedQueue<>();
  /** Per-group partial weight gradients (used by one backward call at a time). */
  private FloatBuffer partials = EMPTY;
  /** The flipped, transposed kernel of the stride-1 input gradient. */
  private FloatBuffer flipped = EMPTY;

  ConvLayerKernels(Parallel parallel, Gemm gemm) {
    this.parallel = parallel;
    this.gemm = gemm;
  }

  /** One worker's scratch: a direct column buffer for the GEMM, and heap arrays. */
  private static final class Local {
    FloatBuffer cols = EMPTY;
    float[] input = new float[0];
    float[] grad = new float[0];
    float[] row = new float[0];
    float[] acc = new float[0];

    FloatBuffer cols(int n) {
      if (cols.capacity() < n) {
        cols = direct(n);
      }
      return cols;
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

  // ---------------------------------------------------------------- forward

  void forward(FloatBuffer x, ConvGeometry g, FloatBuffer w, int out, FloatBuffer bias, FloatBuffer y) {
    int k = g.colRows();
    int pixels = g.outPixels();
    int inSize = g.inputSize();
    int outSize = out * pixels;
    float[] biasImage = null;
    if (bias != null) {
      biasImage = new float[outSize];
      for (int o = 0; o < out; o++) {
        Arrays.fill(biasImage, o * pixels, (o + 1) * pixels, bias.get(o));
      }
    }
    float[] biasRows = biasImage;
    boolean identity = identityColumns(g);
    gemm.beginSerialSection();
    parallel.forEach(g.batch(), 2L * out * k * pixels * g.batch(), img -> {
      Local l = take();
      try {
        FloatBuffer cols;
        if (identity) {
          cols = at(x, img * inSize);
        } else {
          float[] src = l.input(inSize);
          x.get(img * inSize, src, 0, inSize);
          cols = l.cols(k * pixels);
          unfold(src, g.channels(), g.height(), g.width(), g.kernelHeight(), g.kernelWidth(), g.stride(),
              g.padding(), g.outHeight(), g.outWidth(), l.row(pixels), cols);
        }
        float beta = 0f;
        if (biasRows != null) {
          y.put(img * outSize, biasRows, 0, outSize); // GEMM then adds W·cols: (W·cols) + bias, as addChannelBias
          beta = 1f;
        }
        gemm.sgemmSerial(false, false, out, pixels, k, 1f, w, k, cols, pixels, beta, at(y, img * outSize), pixels);
      } finally {
        locals.offer(l);
      }
    });
  }

  // ---------------------------------------------------------------- backward

  void backward(
      FloatBuffer x, FloatBuffer dy, ConvGeometry g, FloatBuffer w, int out,
      FloatBuffer dWeight, FloatBuffer dBias, FloatBuffer dx) {
    int n = g.batch();
    int c = g.channels();
    int h = g.height();
    int wd = g.width();
    int kh = g.kernelHeight();
    int kw = g.kernelWidth();
    int pad = g.padding();
    int oh = g.outHeight();
    int ow = g.outWidth();
    int k = g.colRows();
    int pixels = g.outPixels();
    int inSize = g.inputSize();
    int outSize = out * pixels;
    int perGroup = (n + WEIGHT_GRAD_GROUPS - 1) / WEIGHT_GRAD_GROUPS;
    int groups = (n + perGroup - 1) / perGroup;
    int wSize = out * k;
    FloatBuffer part = partials((long) groups * wSize);
    double[][] biasParts = dBias == null ? null : new double[groups][out];
    // Stride 1: dx = dy convolved (padding kh-1-pad) with the kernel flipped and transposed.
    boolean asConvolution = dx != null && g.stride() == 1 && kh == kw && pad <= kh - 1;
    FloatBuffer wf = asConvolution ? flippedKernel(w, out, c, kh, kw) : null;
    int tPad = kh - 1 - pad;
    int tk = out * kh * kw;
    int inPixels = h * wd;
    boolean identity = identityColumns(g);
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
          FloatBuffer cols;
          if (identity) {
            cols = at(x, img * inSize);
          } else {
            float[] src = l.input(inSize);
            x.get(img * inSize, src, 0, inSize);
            cols = l.cols(k * pixels);
            unfold(src, c, h, wd, kh, kw, g.stride(), pad, oh, ow, l.row(pixels), cols);
          }
          gemm.sgemmSerial(false, true, out, k, pixels, 1f, dyImg, pixels, cols, pixels, img == first ? 0f : 1f, pw, k);
          float[] grad = null;
          if (biasParts != null || asConvolution) {
            grad = l.grad(outSize);
            dy.get(img * outSize, grad, 0, outSize);
          }
          if (biasParts != null) {
            double[] bp = biasParts[grp];
            for (int o = 0; o < out; o++) {
              double s = 0;
              for (int p = o * pixels, end = p + pixels; p < end; p++) {
                s += grad[p];
              }
              bp[o] += s;
            }
          }
          if (dx == null) {
            continue;
          }
          if (asConvolution) {
            FloatBuffer tc = l.cols(tk * inPixels);
            unfold(grad, out, oh, ow, kh, kw, 1, tPad, h, wd, l.row(inPixels), tc);
            gemm.sgemmSerial(false, false, c, inPixels, tk, 1f, wf, tk, tc, inPixels, 0f, at(dx, img * inSize), inPixels);
          } else {
            FloatBuffer dc = l.cols(k * pixels);
            gemm.sgemmSerial(true, false, k, pixels, out, 1f, w, k, dyImg, pixels, 0f, dc, pixels);
            float[] acc = l.acc(inSize);
            Arrays.fill(acc, 0, inSize, 0f);
            fold(dc, c, h, wd, kh, kw, g.stride(), pad, oh, ow, l.row(pixels), acc);
            dx.put(img * inSize, acc, 0, inSize);
          }
        }
      } finally {
        locals.offer(l);
      }
    });
    parallel.forRange(wSize, (from, to) -> {
      for (int i = from; i < to; i++) {
        float s = part.get(i);
        for (int grp = 1; grp < groups; grp++) {
          s += part.get(grp * wSize + i);
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

  /** wf[c, (o*kh + i)*kw + j] = w[o, c, kh-1-i, kw-1-j]: the kernel of the stride-1 input gradient. */
  private FloatBuffer flippedKernel(FloatBuffer w, int out, int c, int kh, int kw) {
    int size = out * c * kh * kw;
    float[] src = new float[size];
    w.get(0, src, 0, size);
    float[] dst = new float[size];
    int tk = out * kh * kw;
    for (int o = 0; o < out; o++) {
      for (int ch = 0; ch < c; ch++) {
        for (int i = 0; i < kh; i++) {
          for (int j = 0; j < kw; j++) {
            dst[ch * tk + (o * kh + i) * kw + j] = src[((o * c + ch) * kh + (kh - 1 - i)) * kw + (kw - 1 - j)];
          }
        }
      }
    }
    if (flipped.capacity() < size) {
      flipped = direct(size);
    }
    flipped.put(0, dst, 0, size);
    return flipped;
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
