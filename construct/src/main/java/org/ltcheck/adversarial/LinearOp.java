package org.ltcheck.adversarial;

import org.ltcheck.inference.SparseRows;
import org.ltcheck.model.Linear;

/**
 * Fully connected layer in double, as its nonzero weights row by row (a ticket head keeps about
 * 1% of the mother's 10 × 421,736), or as dense rows when most weights are nonzero (trained
 * targets), where the reverse pass adds whole rows.
 */
final class LinearOp extends SinglePassOp {
  private final int nin;
  private final int nout;
  private final double[] bias;
  /** Dense: the weights row-major (out, in). Sparse: null. */
  private final float[] dense;
  /** Sparse: the nonzeros row by row. Dense: null. */
  private final SparseRows sparse;

  LinearOp(Linear linear) {
    super(linear.inFeatures(), linear.outFeatures());
    this.nin = linear.inFeatures();
    this.nout = linear.outFeatures();
    this.bias = new double[nout];
    for (int o = 0; o < nout && linear.bias() != null; o++) {
      bias[o] = linear.bias().get(o);
    }
    boolean favoursDense = SparseRows.favoursDense(linear);
    this.dense = favoursDense ? linear.weight().toArray() : null;
    this.sparse = favoursDense ? null : SparseRows.of(linear);
  }

  // The float weights widen to double exactly, so each product is the one of a double copy.
  @Override
  public void forward(double[] in, double[] out) {
    for (int o = 0; o < nout; o++) {
      double acc = bias[o];
      if (dense != null) {
        int r = o * nin;
        for (int i = 0; i < nin; i++) {
          acc += dense[r + i] * in[i];
        }
      } else {
        int[] rowStart = sparse.rowStart();
        int[] index = sparse.index();
        float[] weight = sparse.weight();
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
      if (dense != null) {
        int r = o * nin;
        for (int i = 0; i < nin; i++) {
          gradIn[i] += g * dense[r + i];
        }
      } else {
        int[] rowStart = sparse.rowStart();
        int[] index = sparse.index();
        float[] weight = sparse.weight();
        for (int k = rowStart[o]; k < rowStart[o + 1]; k++) {
          gradIn[index[k]] += g * weight[k];
        }
      }
    }
  }
}
