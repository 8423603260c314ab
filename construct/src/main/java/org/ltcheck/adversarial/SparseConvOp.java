package org.ltcheck.adversarial;

import java.util.Arrays;
import org.ltcheck.inference.ConvTaps;
import org.ltcheck.inference.SizedLayer;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.ConvGeometry;

/**
 * 2-D cross-correlation with zero padding, compiled into the list of its nonzero taps grouped
 * by shift (one input channel and kernel position, {@link ConvTaps}), so that both passes cost O(nonzeros ×
 * positions) and never the mother's dense size.
 *
 * <p>The same layout as the float {@code ConvKernel}'s by-shift layout: the used input
 * channels are copied into zero-bordered planes, and with stride 1 every output plane is
 * accumulated on the padded row pitch ("wide" rows whose last kw−1 columns are discarded), so
 * the window a shift sees is one contiguous run, copied once and added to every output with a
 * nonzero weight there. The reverse pass runs the same lists backwards: per shift, the weighted
 * sum of the output gradients (wide, the discarded columns zero) is added back into the padded
 * input gradient. Input planes that are all zero (dead ReLU channels) are skipped forwards and
 * output planes with zero gradient backwards; both skips drop exact zeros only.
 */
final class SparseConvOp extends SizedLayer implements DifferentiableOp {
  private final ConvGeometry geometry;
  private final ConvTaps taps;
  /** Elements accumulated per output plane: the wide plane with stride 1, else hout × wout. */
  private final int length;
  /** Per used shift: its plane in the padded copy, and its window's offset there. */
  private final int[] planeOfShift;
  private final int[] offset;

  SparseConvOp(Conv2d conv, int[] inShape) {
    this(conv, ConvGeometry.of(conv, inShape));
  }

  private SparseConvOp(Conv2d conv, ConvGeometry g) {
    super(g.inSize(), g.outSize());
    this.geometry = g;
    this.taps = ConvTaps.of(conv);
    this.length = g.stride() == 1 ? g.wideLength() : g.outHeight() * g.outWidth();
    this.planeOfShift = new int[taps.shifts()];
    this.offset = new int[taps.shifts()];
    for (int s = 0; s < offset.length; s++) {
      planeOfShift[s] = taps.planeOf()[taps.channelOf(s)];
      offset[s] = taps.offset(s, planeOfShift[s], g.plane(), g.pitch());
    }
  }

  /** Nonzero weights: the multiply-adds per output position of one pass. */
  int nonZeros() {
    return taps.nonZeros();
  }

  @Override
  public Pass newPass() {
    return new ConvPass();
  }

  private final class ConvPass implements Pass {
    private final ConvGeometry g = geometry;
    private final int[] used = taps.used();
    private final int[] start = taps.start();
    private final int[] outputOf = taps.outputOf();
    private final float[] weight = taps.weight();
    /** Zero-bordered copy of the used input channels; the borders are never written. */
    private final double[] padded = new double[Math.multiplyExact(used.length, g.plane())];
    private final double[] paddedGrad = new double[padded.length];
    private final boolean[] live = new boolean[Math.max(used.length, g.outChannels())];
    /** Per output: the forward accumulator, then the (wide) output gradient. */
    private final double[][] acc = new double[g.outChannels()][length];
    private final double[] window = new double[length];
    /** Backward: the entries of one shift whose output has a nonzero gradient. */
    private final int[] liveEntries = new int[taps.maxEntriesPerShift()];

    @Override
    public void forward(double[] in, double[] out) {
      for (int p = 0; p < used.length; p++) {
        int src = used[p] * g.inHeight() * g.inWidth();
        boolean any = false;
        for (int y = 0; y < g.inHeight(); y++) {
          int row = p * g.plane() + (y + g.padding()) * g.pitch() + g.padding();
          System.arraycopy(in, src + y * g.inWidth(), padded, row, g.inWidth());
          for (int x = 0; x < g.inWidth() && !any; x++) {
            any = in[src + y * g.inWidth() + x] != 0;
          }
        }
        live[p] = any;
      }
      for (int o = 0; o < g.outChannels(); o++) {
        Arrays.fill(acc[o], taps.bias()[o]);
      }
      for (int s = 0; s < offset.length; s++) {
        if (!live[planeOfShift[s]]) {
          continue;
        }
        load(s);
        int t = start[s];
        int end = start[s + 1];
        for (; t + 4 <= end; t += 4) {
          axpy4(acc[outputOf[t]], acc[outputOf[t + 1]], acc[outputOf[t + 2]], acc[outputOf[t + 3]], window,
              weight[t], weight[t + 1], weight[t + 2], weight[t + 3]);
        }
        for (; t < end; t++) {
          axpy(acc[outputOf[t]], window, weight[t]);
        }
      }
      int hw = g.outHeight() * g.outWidth();
      for (int o = 0; o < g.outChannels(); o++) {
        if (g.stride() == 1) {
          for (int y = 0; y < g.outHeight(); y++) {
            System.arraycopy(acc[o], y * g.pitch(), out, o * hw + y * g.outWidth(), g.outWidth());
          }
        } else {
          System.arraycopy(acc[o], 0, out, o * hw, hw);
        }
      }
    }

    @Override
    public void backward(double[] in, double[] out, double[] gradOut, double[] gradIn) {
      int hw = g.outHeight() * g.outWidth();
      for (int o = 0; o < g.outChannels(); o++) {
        boolean any = false;
        for (int j = o * hw; j < (o + 1) * hw && !any; j++) {
          any = gradOut[j] != 0;
        }
        live[o] = any;
        if (any) {
          if (g.stride() == 1) {
            Arrays.fill(acc[o], 0);
            for (int y = 0; y < g.outHeight(); y++) {
              System.arraycopy(gradOut, o * hw + y * g.outWidth(), acc[o], y * g.pitch(), g.outWidth());
            }
          } else {
            System.arraycopy(gradOut, o * hw, acc[o], 0, hw);
          }
        }
      }
      Arrays.fill(paddedGrad, 0);
      for (int s = 0; s < offset.length; s++) {
        int m = 0;
        for (int t = start[s]; t < start[s + 1]; t++) {
          if (live[outputOf[t]]) {
            liveEntries[m++] = t;
          }
        }
        if (m == 0) {
          continue;
        }
        Arrays.fill(window, 0);
        int i = 0;
        for (; i + 4 <= m; i += 4) {
          int t0 = liveEntries[i];
          int t1 = liveEntries[i + 1];
          int t2 = liveEntries[i + 2];
          int t3 = liveEntries[i + 3];
          dot4(window, acc[outputOf[t0]], acc[outputOf[t1]], acc[outputOf[t2]], acc[outputOf[t3]],
              weight[t0], weight[t1], weight[t2], weight[t3]);
        }
        for (; i < m; i++) {
          axpy(window, acc[outputOf[liveEntries[i]]], weight[liveEntries[i]]);
        }
        store(s);
      }
      Arrays.fill(gradIn, 0, inSize(), 0);
      for (int p = 0; p < used.length; p++) {
        int dst = used[p] * g.inHeight() * g.inWidth();
        for (int y = 0; y < g.inHeight(); y++) {
          int row = p * g.plane() + (y + g.padding()) * g.pitch() + g.padding();
          System.arraycopy(paddedGrad, row, gradIn, dst + y * g.inWidth(), g.inWidth());
        }
      }
    }

    /** Copies shift s's input window into {@link #window}, indexed from 0. */
    private void load(int s) {
      int base = offset[s];
      if (g.stride() == 1) {
        System.arraycopy(padded, base, window, 0, length);
        return;
      }
      for (int y = 0; y < g.outHeight(); y++) {
        for (int x = 0; x < g.outWidth(); x++) {
          window[y * g.outWidth() + x] = padded[base + y * g.stride() * g.pitch() + x * g.stride()];
        }
      }
    }

    /** Adds {@link #window} back into shift s's input window of the padded gradient. */
    private void store(int s) {
      int base = offset[s];
      if (g.stride() == 1) {
        for (int j = 0; j < length; j++) {
          paddedGrad[base + j] += window[j];
        }
        return;
      }
      for (int y = 0; y < g.outHeight(); y++) {
        for (int x = 0; x < g.outWidth(); x++) {
          paddedGrad[base + y * g.stride() * g.pitch() + x * g.stride()] += window[y * g.outWidth() + x];
        }
      }
    }
  }

  /** Four outputs per load of the window (the float kernel's trick): fewer loads per multiply-add. */
  private static void axpy4(double[] a0, double[] a1, double[] a2, double[] a3, double[] x,
      double w0, double w1, double w2, double w3) {
    for (int j = 0; j < x.length; j++) {
      double v = x[j];
      a0[j] += w0 * v;
      a1[j] += w1 * v;
      a2[j] += w2 * v;
      a3[j] += w3 * v;
    }
  }

  /** acc += w0·x0 + w1·x1 + w2·x2 + w3·x3: one load and store of acc for four rows. */
  private static void dot4(double[] acc, double[] x0, double[] x1, double[] x2, double[] x3,
      double w0, double w1, double w2, double w3) {
    for (int j = 0; j < acc.length; j++) {
      acc[j] += w0 * x0[j] + w1 * x1[j] + w2 * x2[j] + w3 * x3[j];
    }
  }

  /** Both arrays indexed from 0, the form HotSpot vectorises. */
  private static void axpy(double[] acc, double[] x, double w) {
    for (int j = 0; j < acc.length; j++) {
      acc[j] += w * x[j];
    }
  }
}
