package org.ltcheck.inference;

import org.ltcheck.model.Linear;

/**
 * Fully connected layer, compiled into one of two layouts chosen by weight density
 * ({@link SparseRows#favoursDense}).
 *
 * <p>Sparse (ticket heads such as 10 x 388,080 with 0.15% nonzero): per output the nonzero
 * (index, weight) pairs, so the work is proportional to the surviving weights. Dense (trained
 * targets): the transposed matrix, walked input by input, adding {@code x[i] * W[:, i]} to all
 * outputs; inputs that are exactly zero (most ReLU outputs) are skipped. A dot product per
 * output would be a serial float reduction the JIT cannot vectorise without reordering it.
 *
 * <p>Both layouts add the terms of an output in increasing input index starting from the bias,
 * so they give the same floats (terms that are exactly zero change at most the sign of a zero).
 */
final class LinearKernel extends SizedLayer implements Kernel {
  private final int nin;
  private final int nout;
  private final float[] bias;
  private final boolean dense;
  /** Dense: transposed weights (in, out). Sparse: nonzero weights row by row. */
  private final float[] weights;
  private final int[] rowStart;
  private final int[] index;

  LinearKernel(Linear linear) {
    super(linear.inFeatures(), linear.outFeatures());
    this.nin = linear.inFeatures();
    this.nout = linear.outFeatures();
    this.bias = new float[nout];
    if (linear.bias() != null) {
      linear.bias().copyTo(bias, 0);
    }
    this.dense = SparseRows.favoursDense(linear);
    if (dense) {
      float[] w = linear.weight().toArray();
      weights = new float[w.length];
      for (int o = 0; o < nout; o++) {
        for (int i = 0; i < nin; i++) {
          weights[i * nout + o] = w[o * nin + i];
        }
      }
      rowStart = null;
      index = null;
    } else {
      SparseRows rows = SparseRows.of(linear);
      weights = rows.weight();
      index = rows.index();
      rowStart = rows.rowStart();
    }
  }

  boolean isDense() {
    return dense;
  }

  @Override
  public void run(float[] in, int inOff, float[] out, int outOff, Workspace ws) {
    System.arraycopy(bias, 0, out, outOff, nout);
    if (dense) {
      for (int i = 0; i < nin; i++) {
        float x = in[inOff + i];
        if (x != 0f) {
          int r = i * nout;
          for (int o = 0; o < nout; o++) {
            out[outOff + o] += weights[r + o] * x;
          }
        }
      }
    } else {
      for (int o = 0; o < nout; o++) {
        float acc = out[outOff + o];
        for (int k = rowStart[o]; k < rowStart[o + 1]; k++) {
          acc += weights[k] * in[inOff + index[k]];
        }
        out[outOff + o] = acc;
      }
    }
  }
}
