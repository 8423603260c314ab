package org.ltcheck.inference;

import java.util.Arrays;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.ConvGeometry;

/**
 * 2-D cross-correlation with zero padding. A "shift" is one (input channel, ky, kx) position
 * of the kernel; the input window a shift sees is a contiguous run of the (padded) input when
 * the output is accumulated on the input's row pitch ("wide" rows whose last kw-1 columns are
 * discarded), so every shift contributes through one long loop instead of H short ones.
 *
 * <p>Two layouts of the nonzero weights:
 *
 * <ul>
 *   <li>by output (sparse layers whose shifts each feed about one output): per output channel
 *       the list of its nonzero taps, each window copied and added; output channels without
 *       taps are filled with their bias;
 *   <li>by shift (trained targets, and ticket layers whose shifts feed several outputs): shift
 *       by shift, the input window is copied (stride 1) or gathered (stride 2 and more) once and
 *       added to every output channel with a nonzero weight there, four accumulators per pass
 *       so that one load feeds four multiply-adds, over whole output planes (column chunks only
 *       where the accumulators of all outputs would exceed {@link #ACC_FLOATS}).
 * </ul>
 *
 * <p>Input channels no tap reads are never touched. HotSpot (JDK 17) vectorises
 * {@code acc[j] += w * x[j]} but not {@code acc[j] += w * x[s + j]} with a run-time offset
 * {@code s} (measured 3-5x slower), which is why input windows are copied (an intrinsic memcpy)
 * into a scratch array indexed from 0 before they are used.
 *
 * <p>Both layouts give every output element its nonzero terms in (in-channel, ky, kx) order
 * starting from the bias: the float operations of the naive definition in its order, less the
 * terms whose weight is zero. They give bit-identical outputs.
 */
final class ConvKernel extends SizedLayer implements Kernel {
  /** Which layout a kernel uses. */
  enum Layout {
    BY_OUTPUT,
    BY_SHIFT;

    /**
     * By shift once a copied window feeds at least {@code MIN_OUTPUTS_PER_SHIFT} outputs on
     * average: then the copy is shared, and the work is the multiply-adds alone.
     */
    static Layout forSharing(long nonZero, long usedShifts) {
      return nonZero >= MIN_OUTPUTS_PER_SHIFT * usedShifts ? BY_SHIFT : BY_OUTPUT;
    }
  }

  /** Average outputs per used shift from which {@link Layout#BY_SHIFT} is faster. */
  static final double MIN_OUTPUTS_PER_SHIFT = 2.0;
  /**
   * Accumulator floats of one by-shift pass (16 MB per thread). Whole output planes fit for the
   * paper's networks; TicketBenchmark measured whole planes 7-29% faster than L1-sized column
   * chunks (each chunk repeats the window copies and the loop set-up of every entry).
   */
  static final int ACC_FLOATS = 1 << 22;

  private final int hin;
  private final int win;
  private final int cout;
  private final int hout;
  private final int wout;
  private final int stride;
  private final int pad;
  /** Row pitch and plane size of the source the offsets refer to (padded copy or input). */
  private final int pitch;
  private final int plane;
  /** Length of an output plane accumulated on the input's row pitch. */
  private final int wideLength;
  /** Input channels something reads, in order; with padding, plane i of the copy holds used[i]. */
  private final int[] used;
  private final float[] bias;
  private final Layout layout;
  /**
   * By output: the taps of output o are [start[o], start[o+1]). By shift: the outputs of shift
   * s are [start[s], start[s+1]).
   */
  private final int[] start;
  /** Source offset per tap (by output) or per used shift (by shift). */
  private final int[] offset;
  /** By shift: the output channel of each entry. By output: null. */
  private final int[] outputOf;
  /** Weight per tap (by output) or per entry (by shift). */
  private final float[] weight;
  /** By shift: columns per chunk. */
  private final int chunk;

  ConvKernel(Conv2d conv, int[] inShape, Workspace.Plan plan) {
    this(conv, inShape, plan, null, ACC_FLOATS);
  }

  /**
   * With a forced layout (null: chosen by {@link Layout#forSharing}) and accumulator budget, so that tests can
   * compile one weight tensor every way.
   */
  ConvKernel(Conv2d conv, int[] inShape, Workspace.Plan plan, Layout forced, int accFloats) {
    this(conv, ConvGeometry.of(conv, inShape), plan, forced, accFloats);
  }

  private ConvKernel(Conv2d conv, ConvGeometry g, Workspace.Plan plan, Layout forced, int accFloats) {
    super(g.inSize(), g.outSize());
    ConvTaps taps = ConvTaps.of(conv);
    this.hin = g.inHeight();
    this.win = g.inWidth();
    this.cout = g.outChannels();
    this.hout = g.outHeight();
    this.wout = g.outWidth();
    this.stride = g.stride();
    this.pad = g.padding();
    this.pitch = g.pitch();
    this.plane = g.plane();
    this.wideLength = g.wideLength();
    this.bias = taps.bias();
    this.used = taps.used();
    if (pad > 0) {
      plan.needPad(Math.multiplyExact(used.length, plane));
    }
    int shifts = taps.shifts();
    int nnz = taps.nonZeros();
    this.layout = forced != null ? forced : Layout.forSharing(nnz, shifts);
    if (layout == Layout.BY_SHIFT) {
      this.start = taps.start();
      this.outputOf = taps.outputOf();
      this.weight = taps.weight();
      this.offset = new int[shifts];
      for (int s = 0; s < shifts; s++) {
        offset[s] = sourceOffset(taps, s);
      }
      // Strided windows are gathered element by element, one whole plane at a time.
      this.chunk = stride == 1 ? Math.max(16, accFloats / Math.max(1, cout)) / 16 * 16 : hout * wout;
      plan.needAccRows(cout, Math.min(chunk, shiftLength()));
      plan.needAcc(Math.min(chunk, shiftLength()));
    } else {
      // The by-shift lists transposed: per output its taps, still in increasing shift.
      this.chunk = 0;
      this.outputOf = null;
      this.start = new int[cout + 1];
      this.offset = new int[nnz];
      this.weight = new float[nnz];
      for (int o : taps.outputOf()) {
        start[o + 1]++;
      }
      for (int o = 0; o < cout; o++) {
        start[o + 1] += start[o];
      }
      int[] next = Arrays.copyOf(start, cout);
      for (int s = 0; s < shifts; s++) {
        int sourceOffset = sourceOffset(taps, s);
        for (int t = taps.start()[s]; t < taps.start()[s + 1]; t++) {
          int k = next[taps.outputOf()[t]]++;
          offset[k] = sourceOffset;
          weight[k] = taps.weight()[t];
        }
      }
      if (stride == 1) {
        plan.needAcc(wideLength);
      }
    }
  }

  /** Without padding the windows are read from the input itself, channel c being its plane c. */
  private int sourceOffset(ConvTaps taps, int s) {
    int c = taps.channelOf(s);
    return taps.offset(s, pad > 0 ? taps.planeOf()[c] : c, plane, pitch);
  }

  /** Accumulated elements per output plane in the by-shift layout. */
  private int shiftLength() {
    return stride == 1 ? wideLength : hout * wout;
  }


  Layout layout() {
    return layout;
  }

  @Override
  public void run(float[] in, int inOff, float[] out, int outOff, Workspace ws) {
    float[] src;
    int base;
    if (pad > 0) {
      src = ws.pad;
      base = 0;
      fillPadded(in, inOff, src);
    } else {
      src = in;
      base = inOff;
    }
    if (layout == Layout.BY_SHIFT) {
      runByShift(src, base, out, outOff, ws);
    } else {
      runByOutput(src, base, out, outOff, ws);
    }
  }

  private void runByOutput(float[] src, int base, float[] out, int outOff, Workspace ws) {
    int hw = hout * wout;
    int n = wideLength;
    float[] acc = ws.acc;
    float[] tap = ws.tap;
    for (int o = 0; o < cout; o++) {
      int dst = outOff + o * hw;
      int t0 = start[o];
      int t1 = start[o + 1];
      if (t0 == t1) {
        Arrays.fill(out, dst, dst + hw, bias[o]);
      } else if (stride != 1) {
        Arrays.fill(out, dst, dst + hw, bias[o]);
        for (int t = t0; t < t1; t++) {
          stridedTap(out, dst, src, base + offset[t], weight[t]);
        }
      } else {
        Arrays.fill(acc, 0, n, bias[o]);
        for (int t = t0; t < t1; t++) {
          System.arraycopy(src, base + offset[t], tap, 0, n);
          axpy(acc, tap, n, weight[t]);
        }
        unwiden(acc, 0, n, out, dst);
      }
    }
  }

  private void runByShift(float[] src, int base, float[] out, int outOff, Workspace ws) {
    int hw = hout * wout;
    int n = shiftLength();
    float[][] acc = ws.accRows;
    float[] tap = ws.tap;
    int shifts = offset.length;
    for (int j0 = 0; j0 < n; j0 += chunk) {
      int len = Math.min(chunk, n - j0);
      for (int o = 0; o < cout; o++) {
        Arrays.fill(acc[o], 0, len, bias[o]);
      }
      for (int s = 0; s < shifts; s++) {
        if (stride == 1) {
          System.arraycopy(src, base + offset[s] + j0, tap, 0, len);
        } else {
          gather(src, base + offset[s], tap);
        }
        int t = start[s];
        int end = start[s + 1];
        for (; t + 4 <= end; t += 4) {
          axpy4(acc[outputOf[t]], acc[outputOf[t + 1]], acc[outputOf[t + 2]], acc[outputOf[t + 3]], tap, len,
              weight[t], weight[t + 1], weight[t + 2], weight[t + 3]);
        }
        for (; t < end; t++) {
          axpy(acc[outputOf[t]], tap, len, weight[t]);
        }
      }
      for (int o = 0; o < cout; o++) {
        if (stride == 1) {
          unwiden(acc[o], j0, len, out, outOff + o * hw);
        } else {
          System.arraycopy(acc[o], 0, out, outOff + o * hw, hw);
        }
      }
    }
  }

  /** Both arrays indexed from 0: the form the JIT vectorises (see class comment). */
  private static void axpy(float[] acc, float[] x, int n, float w) {
    for (int j = 0; j < n; j++) {
      acc[j] += w * x[j];
    }
  }

  /** Four accumulators per load of x; each still receives its own terms in order. */
  private static void axpy4(float[] a0, float[] a1, float[] a2, float[] a3, float[] x, int n,
      float w0, float w1, float w2, float w3) {
    for (int j = 0; j < n; j++) {
      float v = x[j];
      a0[j] += w0 * v;
      a1[j] += w1 * v;
      a2[j] += w2 * v;
      a3[j] += w3 * v;
    }
  }

  /**
   * Copies wide-plane elements {@code [j0, j0 + len)} (held in {@code acc[0, len)}) to the
   * output plane at {@code dst}, dropping the columns at and beyond {@code wout}.
   */
  private void unwiden(float[] acc, int j0, int len, float[] out, int dst) {
    int end = j0 + len;
    int j = j0;
    while (j < end) {
      int y = j / pitch;
      int x = j - y * pitch;
      if (x < wout) {
        int stop = Math.min(end, y * pitch + wout);
        System.arraycopy(acc, j - j0, out, dst + y * wout + x, stop - j);
        j = stop;
      } else {
        j = (y + 1) * pitch;
      }
    }
  }

  /** The strided window starting at {@code s}, as a dense hout x wout plane. */
  private void gather(float[] src, int s, float[] tap) {
    int rowStep = stride * pitch;
    for (int y = 0; y < hout; y++) {
      int o = y * wout;
      int i = s + y * rowStep;
      for (int x = 0; x < wout; x++) {
        tap[o + x] = src[i + x * stride];
      }
    }
  }

  private void stridedTap(float[] out, int dst, float[] src, int s, float w) {
    int rowStep = stride * pitch;
    for (int y = 0; y < hout; y++) {
      int o = dst + y * wout;
      int i = s + y * rowStep;
      for (int x = 0; x < wout; x++) {
        out[o + x] += w * src[i + x * stride];
      }
    }
  }

  /** Copies the used input channels into zero-bordered planes; only borders are cleared. */
  private void fillPadded(float[] in, int inOff, float[] dst) {
    for (int s = 0; s < used.length; s++) {
      int p0 = s * plane;
      int c0 = inOff + used[s] * hin * win;
      Arrays.fill(dst, p0, p0 + pad * pitch, 0f);
      for (int y = 0; y < hin; y++) {
        int row = p0 + (y + pad) * pitch;
        Arrays.fill(dst, row, row + pad, 0f);
        System.arraycopy(in, c0 + y * win, dst, row + pad, win);
        Arrays.fill(dst, row + pad + win, row + pitch, 0f);
      }
      Arrays.fill(dst, p0 + (pad + hin) * pitch, p0 + plane, 0f);
    }
  }
}
