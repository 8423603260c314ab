package org.ltcheck.inference;

import org.ltcheck.model.Linear;

/**
 * The nonzero weights of a {@link Linear} row by row: output o's are
 * {@code (index[k], weight[k])} for k in {@code [rowStart[o], rowStart[o+1])}, in increasing input
 * index. Read by the float {@code LinearKernel} and the double-precision linear op of
 * {@code org.ltcheck.adversarial}, which both keep this layout for ticket heads (about 1% of the
 * weights survive) and dense rows once {@link #DENSE_THRESHOLD} of the weights are nonzero.
 */
public record SparseRows(int[] rowStart, int[] index, float[] weight) {
  /** From this fraction of nonzero weights on, dense rows are cheaper than index lists. */
  public static final double DENSE_THRESHOLD = 0.25;

  /** Whether {@code linear}'s weights are dense enough for a dense layout. */
  public static boolean favoursDense(Linear linear) {
    int size = linear.weight().size();
    return size > 0 && linear.weight().countNonZero() >= DENSE_THRESHOLD * size;
  }

  /** The nonzero weights of {@code linear}, row by row. */
  public static SparseRows of(Linear linear) {
    int nin = linear.inFeatures();
    int nout = linear.outFeatures();
    float[] w = linear.weight().toArray();
    int nnz = linear.weight().countNonZero();
    int[] rowStart = new int[nout + 1];
    int[] index = new int[nnz];
    float[] weight = new float[nnz];
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
    return new SparseRows(rowStart, index, weight);
  }
}
