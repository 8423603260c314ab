package org.ltcheck.inference;

import java.util.Arrays;
import org.ltcheck.model.Conv2d;

/**
 * 2-D cross-correlation with zero padding, compiled into per-output-channel lists of nonzero
 * taps. Ticket networks are mostly-zero dense tensors, so iterating over the nonzero taps does
 * work proportional to the surviving weights; a dense target simply has every tap in its lists.
 *
 * <p>Each tap adds {@code w * input} to a whole output plane in one contiguous loop that the JIT
 * vectorises. For stride 1 the plane is accumulated on the padded input's row pitch ("wide"
 * rows whose last kw-1 columns are discarded), so a tap is one loop of about H*W iterations
 * instead of H short ones. Every output element receives its taps in (in-channel, ky, kx) order
 * starting from the bias: the same float operations in the same order as the naive definition,
 * for sparse and dense weights alike.
 */
final class ConvKernel implements Kernel {
  private final int hin;
  private final int win;
  private final int cout;
  private final int hout;
  private final int wout;
  private final int stride;
  private final int pad;
  /** Row pitch and plane size of the source the tap offsets refer to (padded copy or input). */
  private final int pitch;
  private final int plane;
  /** Input channels some tap reads, in order; with padding, slot i of the copy holds channel used[i]. */
  private final int[] used;
  private final float[] bias;
  private final int[] tapStart;
  private final int[] tapOffset;
  private final float[] tapWeight;
  private final int inSize;
  private final int outSize;

  ConvKernel(Conv2d conv, int[] inShape, Workspace.Plan plan) {
    int cin = conv.inChannels();
    int kh = conv.kernelHeight();
    int kw = conv.kernelWidth();
    int[] outShape = conv.outputShape(inShape);
    this.hin = inShape[1];
    this.win = inShape[2];
    this.cout = conv.outChannels();
    this.hout = outShape[1];
    this.wout = outShape[2];
    this.stride = conv.stride();
    this.pad = conv.padding();
    this.inSize = cin * hin * win;
    this.outSize = cout * hout * wout;
    this.bias = new float[cout];
    if (conv.bias() != null) {
      conv.bias().copyTo(bias, 0);
    }
    float[] w = conv.weight().toArray();

    boolean[] isUsed = new boolean[cin];
    int nnz = 0;
    for (int i = 0; i < w.length; i++) {
      if (w[i] != 0f) {
        isUsed[(i / (kh * kw)) % cin] = true;
        nnz++;
      }
    }
    int[] slotOf = new int[cin];
    int nUsed = 0;
    for (int c = 0; c < cin; c++) {
      slotOf[c] = isUsed[c] ? nUsed++ : -1;
    }
    this.used = new int[nUsed];
    for (int c = 0; c < cin; c++) {
      if (isUsed[c]) {
        used[slotOf[c]] = c;
      }
    }
    this.pitch = win + 2 * pad;
    this.plane = (hin + 2 * pad) * pitch;
    if (pad > 0) {
      plan.needPad(Math.multiplyExact(nUsed, plane));
    }

    this.tapStart = new int[cout + 1];
    this.tapOffset = new int[nnz];
    this.tapWeight = new float[nnz];
    int t = 0;
    for (int o = 0; o < cout; o++) {
      tapStart[o] = t;
      for (int c = 0; c < cin; c++) {
        for (int ky = 0; ky < kh; ky++) {
          for (int kx = 0; kx < kw; kx++) {
            float v = w[((o * cin + c) * kh + ky) * kw + kx];
            if (v != 0f) {
              int source = pad > 0 ? slotOf[c] : c;
              tapOffset[t] = source * plane + ky * pitch + kx;
              tapWeight[t] = v;
              t++;
            }
          }
        }
      }
    }
    tapStart[cout] = t;
    if (stride == 1 && pitch != wout) {
      plan.needAcc(wideLength());
    }
  }

  private int wideLength() {
    return (hout - 1) * pitch + wout;
  }

  @Override
  public int inSize() {
    return inSize;
  }

  @Override
  public int outSize() {
    return outSize;
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
    int hw = hout * wout;
    for (int o = 0; o < cout; o++) {
      int dst = outOff + o * hw;
      int t0 = tapStart[o];
      int t1 = tapStart[o + 1];
      if (t0 == t1) {
        Arrays.fill(out, dst, dst + hw, bias[o]);
      } else if (stride != 1) {
        Arrays.fill(out, dst, dst + hw, bias[o]);
        for (int t = t0; t < t1; t++) {
          stridedTap(out, dst, src, base + tapOffset[t], tapWeight[t]);
        }
      } else if (pitch == wout) {
        // Output rows are contiguous in the source too (1-wide kernel, no padding).
        Arrays.fill(out, dst, dst + hw, bias[o]);
        for (int t = t0; t < t1; t++) {
          axpy(out, dst, src, base + tapOffset[t], hw, tapWeight[t]);
        }
      } else {
        float[] acc = ws.acc;
        int n = wideLength();
        Arrays.fill(acc, 0, n, bias[o]);
        for (int t = t0; t < t1; t++) {
          axpy(acc, 0, src, base + tapOffset[t], n, tapWeight[t]);
        }
        for (int y = 0; y < hout; y++) {
          System.arraycopy(acc, y * pitch, out, dst + y * wout, wout);
        }
      }
    }
  }

  private static void axpy(float[] acc, int a, float[] src, int s, int n, float w) {
    for (int j = 0; j < n; j++) {
      acc[a + j] += w * src[s + j];
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
