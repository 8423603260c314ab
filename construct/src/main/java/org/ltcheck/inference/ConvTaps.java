package org.ltcheck.inference;

import java.util.Arrays;
import org.ltcheck.model.Conv2d;

/**
 * The nonzero weights of a {@link Conv2d} grouped by shift, one (input channel, ky, kx) position
 * of the kernel: shift s is kernel position {@code shift[s]} (index {@code c·kh·kw + ky·kw + kx}),
 * in increasing order, and its entries {@code (outputOf[t], weight[t])} for t in
 * {@code [start[s], start[s+1])} are in increasing output channel. Shifts without a nonzero
 * weight are left out, and so are the input channels that no shift reads: {@code used} lists
 * the others in increasing order and {@code planeOf[c]} is channel c's place there (−1 if
 * unused). Compiled once here for the float {@code ConvKernel} and the double-precision
 * convolution op of {@code org.ltcheck.adversarial}, which both run these lists.
 *
 * @param bias per output channel, zeros where the layer has none
 */
public record ConvTaps(
    int kernelHeight,
    int kernelWidth,
    int outChannels,
    float[] bias,
    int[] used,
    int[] planeOf,
    int[] shift,
    int[] start,
    int[] outputOf,
    float[] weight) {

  /** The nonzero taps of {@code conv}. */
  public static ConvTaps of(Conv2d conv) {
    int cin = conv.inChannels();
    int cout = conv.outChannels();
    int kh = conv.kernelHeight();
    int kw = conv.kernelWidth();
    int shiftsPerOutput = cin * kh * kw;
    float[] bias = new float[cout];
    if (conv.bias() != null) {
      conv.bias().copyTo(bias, 0);
    }
    float[] w = conv.weight().toArray();
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
        if (planeOf[i / (kh * kw)] < 0) {
          planeOf[i / (kh * kw)] = nUsed++;
        }
      }
    }
    int[] used = new int[nUsed];
    for (int c = 0; c < cin; c++) {
      if (planeOf[c] >= 0) {
        used[planeOf[c]] = c;
      }
    }
    int[] shift = new int[shifts];
    int[] start = new int[shifts + 1];
    int[] outputOf = new int[nnz];
    float[] weight = new float[nnz];
    int s = 0;
    int t = 0;
    for (int i = 0; i < shiftsPerOutput; i++) {
      if (perShift[i] == 0) {
        continue;
      }
      shift[s] = i;
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
    return new ConvTaps(kh, kw, cout, bias, used, planeOf, shift, start, outputOf, weight);
  }

  public int shifts() {
    return shift.length;
  }

  public int nonZeros() {
    return weight.length;
  }

  /** The input channel shift s reads. */
  public int channelOf(int s) {
    return shift[s] / (kernelHeight * kernelWidth);
  }

  /**
   * Where shift s's window starts in a source whose planes are {@code plane} elements of row
   * pitch {@code pitch}, input channel c being plane {@code sourcePlane}.
   */
  public int offset(int s, int sourcePlane, int plane, int pitch) {
    int k = shift[s] % (kernelHeight * kernelWidth);
    return Math.addExact(Math.multiplyExact(sourcePlane, plane), k / kernelWidth * pitch + k % kernelWidth);
  }

  /** The largest number of entries of one shift. */
  public int maxEntriesPerShift() {
    int m = 0;
    for (int s = 0; s < shift.length; s++) {
      m = Math.max(m, start[s + 1] - start[s]);
    }
    return m;
  }
}
