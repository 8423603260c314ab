package org.ltcheck.adversarial;

import org.ltcheck.model.Linear;

/**
 * Fully connected layer in double, as its nonzero weights row by row (a ticket head keeps about
 * 1% of the mother's 10 × 421,736), or as dense rows when most weights are nonzero (trained
 * targets), where the reverse pass adds whole rows.
 */
final class LinearOp implements DifferentiableOp, DifferentiableOp.Pass {
  /** From this fraction of nonzero weights on, dense rows are cheaper than index lists. */
  static final double DENSE_THRESHOLD = 0.25;

  private final int nin;
  private final int nout;
  private final double[] bias;
  /** Dense: one row per output. Sparse: null. */
  private final double[][] rows;
  /** Sparse: the nonzeros of output o are [rowStart[o], rowStart[o+1]). */
  private final int[] rowStart;
  private final int[] index;
  private final double[] weight;

  LinearOp(Linear linear) {
    this.nin = linear.inFeatures();
    this.nout = linear.outFeatures();
    this.bias = new double[nout];
    for (int o = 0; o < nout && linear.bias() != null; o++) {
      bias[o] = linear.bias().get(o);
    }
    float[] w = linear.weight().toArray();
    int nnz = linear.weight().countNonZero();
    if (w.length > 0 && nnz >= DENSE_THRESHOLD * w.length) {
      rows = new double[nout][nin];
      for (int o = 0; o < nout; o++) {
        for (int i = 0; i < nin; i++) {
          rows[o][i] = w[o * nin + i];
        }
      }
      rowStart = null;
      index = null;
      weight = null;
    } else {
      rows = null;
      rowStart = new int[nout + 1];
      index = new int[nnz];
      weight = new double[nnz];
      int k = 0;
      for (int o = 0; o < nout; o++) {
        rowStart[o] = k;
        for (int i = 0; i < nin; i++) {
          float v = w[o * nin + i];
          if (v != 0f) {
            index[k] = i;
            weight[k] = v;
            k++;
          }
        }
      }
      rowStart[nout] = k;
    }
  }

  @Override
  public int inSize() {
    return nin;
  }

  @Override
  public int outSize() {
    return nout;
  }

  @Override
  public Pass newPass() {
    return this;
  }

  @Override
  public void forward(double[] in, double[] out) {
    for (int o = 0; o < nout; o++) {
      double acc = bias[o];
      if (rows != null) {
        double[] r = rows[o];
        for (int i = 0; i < nin; i++) {
          acc += r[i] * in[i];
        }
      } else {
        for (int k = rowStart[o]; k < rowStart[o + 1]; k++) {
          acc += weight[k] * in[index[k]];
        }
      }
      out[o] = acc;
    }
  }

  @Override
  public void backward(double[] in, double[] out, double[] gradOut, double[] gradIn) {
    java.util.Arrays.fill(gradIn, 0, nin, 0);
    for (int o = 0; o < nout; o++) {
      double g = gradOut[o];
      if (g == 0) {
        continue;
      }
      if (rows != null) {
        double[] r = rows[o];
        for (int i = 0; i < nin; i++) {
          gradIn[i] += g * r[i];
        }
      } else {
        for (int k = rowStart[o]; k < rowStart[o + 1]; k++) {
          gradIn[index[k]] += g * weight[k];
        }
      }
    }
  }
}
