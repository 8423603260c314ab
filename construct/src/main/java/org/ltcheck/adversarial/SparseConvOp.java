package org.ltcheck.adversarial;

import java.util.Arrays;
import org.ltcheck.model.Conv2d;

/**
 * 2-D cross-correlation with zero padding, compiled into the list of its nonzero taps grouped
 * by shift (one input channel and kernel position), so that both passes cost O(nonzeros ×
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
final class SparseConvOp implements DifferentiableOp {
  private final int cin;
  private final int hin;
  private final int win;
  private final int cout;
  private final int hout;
  private final int wout;
  private final int stride;
  private final int pad;
  private final int pitch;
  private final int plane;
  /** Elements accumulated per output plane: the wide plane with stride 1, else hout × wout. */
  private final int length;
  /** Input channels some tap reads; plane i of the padded copy holds channel used[i]. */
  private final int[] used;
  private final double[] bias;
  /** Per used shift: its padded plane, its offset there; its entries are [start[s], start[s+1]). */
  private final int[] planeOfShift;
  private final int[] offset;
  private final int[] start;
  private final int[] outputOf;
  private final double[] weight;

  SparseConvOp(Conv2d conv, int[] inShape) {
    int[] outShape = conv.outputShape(inShape);
    int kh = conv.kernelHeight();
    int kw = conv.kernelWidth();
    int k2 = kh * kw;
    this.cin = conv.inChannels();
    this.hin = inShape[1];
    this.win = inShape[2];
    this.cout = conv.outChannels();
    this.hout = outShape[1];
    this.wout = outShape[2];
    this.stride = conv.stride();
    this.pad = conv.padding();
    this.pitch = win + 2 * pad;
    this.plane = (hin + 2 * pad) * pitch;
    this.length = stride == 1 ? (hout - 1) * pitch + wout : hout * wout;
    this.bias = new double[cout];
    for (int o = 0; o < cout && conv.bias() != null; o++) {
      bias[o] = conv.bias().get(o);
    }
    float[] w = conv.weight().toArray();
    int shiftsPerOutput = cin * k2;
    int[] perShift = new int[shiftsPerOutput];
    int nnz = 0;
    for (int i = 0; i < w.length; i++) {
      if (w[i] != 0f) {
        perShift[i % shiftsPerOutput]++;
        nnz++;
      }
    }
    int[] planeOf = new int[cin];
    Arrays.fill(planeOf, -1);
    int nUsed = 0;
    int shifts = 0;
    for (int i = 0; i < shiftsPerOutput; i++) {
      if (perShift[i] > 0) {
        shifts++;
        if (planeOf[i / k2] < 0) {
          planeOf[i / k2] = nUsed++;
        }
      }
    }
    this.used = new int[nUsed];
    for (int c = 0; c < cin; c++) {
      if (planeOf[c] >= 0) {
        used[planeOf[c]] = c;
      }
    }
    this.planeOfShift = new int[shifts];
    this.offset = new int[shifts];
    this.start = new int[shifts + 1];
    this.outputOf = new int[nnz];
    this.weight = new double[nnz];
    int s = 0;
    int t = 0;
    for (int i = 0; i < shiftsPerOutput; i++) {
      if (perShift[i] == 0) {
        continue;
      }
      int p = planeOf[i / k2];
      planeOfShift[s] = p;
      offset[s] = Math.addExact(Math.multiplyExact(p, plane), (i % k2) / kw * pitch + i % kw);
      start[s] = t;
      for (int o = 0; o < cout; o++) {
        float v = w[o * shiftsPerOutput + i];
        if (v != 0f) {
          outputOf[t] = o;
          weight[t] = v;
          t++;
        }
      }
      s++;
    }
    start[shifts] = t;
  }

  @Override
  public int inSize() {
    return cin * hin * win;
  }

  @Override
  public int outSize() {
    return cout * hout * wout;
  }

  /** Nonzero weights: the multiply-adds per output position of one pass. */
  int nonZeros() {
    return weight.length;
  }

  @Override
  public Pass newPass() {
    return new ConvPass();
  }

  private final class ConvPass implements Pass {
    /** Zero-bordered copy of the used input channels; the borders are never written. */
    private final double[] padded = new double[Math.multiplyExact(used.length, plane)];
    private final double[] paddedGrad = new double[padded.length];
    private final boolean[] live = new boolean[Math.max(used.length, cout)];
    /** Per output: the forward accumulator, then the (wide) output gradient. */
    private final double[][] acc = new double[cout][length];
    private final double[] window = new double[length];
    /** Backward: the entries of one shift whose output has a nonzero gradient. */
    private final int[] liveEntries = new int[maxEntriesPerShift()];

    @Override
    public void forward(double[] in, double[] out) {
      for (int p = 0; p < used.length; p++) {
        int src = used[p] * hin * win;
        boolean any = false;
        for (int y = 0; y < hin; y++) {
          int row = p * plane + (y + pad) * pitch + pad;
          System.arraycopy(in, src + y * win, padded, row, win);
          for (int x = 0; x < win && !any; x++) {
            any = in[src + y * win + x] != 0;
          }
        }
        live[p] = any;
      }
      for (int o = 0; o < cout; o++) {
        Arrays.fill(acc[o], bias[o]);
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
      int hw = hout * wout;
      for (int o = 0; o < cout; o++) {
        if (stride == 1) {
          for (int y = 0; y < hout; y++) {
            System.arraycopy(acc[o], y * pitch, out, o * hw + y * wout, wout);
          }
        } else {
          System.arraycopy(acc[o], 0, out, o * hw, hw);
        }
      }
    }

    @Override
    public void backward(double[] in, double[] out, double[] gradOut, double[] gradIn) {
      int hw = hout * wout;
      for (int o = 0; o < cout; o++) {
        boolean any = false;
        for (int j = o * hw; j < (o + 1) * hw && !any; j++) {
          any = gradOut[j] != 0;
        }
        live[o] = any;
        if (any) {
          if (stride == 1) {
            Arrays.fill(acc[o], 0);
            for (int y = 0; y < hout; y++) {
              System.arraycopy(gradOut, o * hw + y * wout, acc[o], y * pitch, wout);
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
        int dst = used[p] * hin * win;
        for (int y = 0; y < hin; y++) {
          System.arraycopy(paddedGrad, p * plane + (y + pad) * pitch + pad, gradIn, dst + y * win, win);
        }
      }
    }

    /** Copies shift s's input window into {@link #window}, indexed from 0. */
    private void load(int s) {
      int base = offset[s];
      if (stride == 1) {
        System.arraycopy(padded, base, window, 0, length);
        return;
      }
      for (int y = 0; y < hout; y++) {
        for (int x = 0; x < wout; x++) {
          window[y * wout + x] = padded[base + y * stride * pitch + x * stride];
        }
      }
    }

    /** Adds {@link #window} back into shift s's input window of the padded gradient. */
    private void store(int s) {
      int base = offset[s];
      if (stride == 1) {
        for (int j = 0; j < length; j++) {
          paddedGrad[base + j] += window[j];
        }
        return;
      }
      for (int y = 0; y < hout; y++) {
        for (int x = 0; x < wout; x++) {
          paddedGrad[base + y * stride * pitch + x * stride] += window[y * wout + x];
        }
      }
    }
  }

  private int maxEntriesPerShift() {
    int m = 0;
    for (int s = 0; s < offset.length; s++) {
      m = Math.max(m, start[s + 1] - start[s]);
    }
    return m;
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
