package org.ltcheck.build;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ltcheck.subsetsum.SubsetSolution;
import org.ltcheck.subsetsum.SubsetSumSolver;

/**
 * Subset sums for the bias of a sum layer reading padded sigmoid copies ({@link OffsetBiases}).
 * The base set is every edge from a constant channel through every position the layer reads
 * without padding (many more than the solver's 30 values), and the search is greedy first, exact
 * last, so that also a target of several times the largest value is reached (needed when kept
 * copy edges still added their intercepts u/2; with antisymmetric pairs the target is the bias b).
 *
 * <p>Strategy, deterministic: the minimum-cardinality search over consecutive windows of (at most
 * 30) values, first to last; if every window fails, take the largest unused value of the
 * residual's sign that brings the residual closer to 0, and search the residual again over the
 * windows of the values not yet taken. The result is within tolerance whenever found; it need not
 * be of minimum cardinality. Searching every window, not only the first, matters when the target
 * is small against the values (a sigmoid pair's bias b against edges up to S = 4s/σ): no greedy
 * step applies then, and a repair's new constants would otherwise never be searched (measured:
 * a bias of −0.52 at η = 0.00125 failed after growing 120 constants).
 */
final class OffsetCompensation {
  private OffsetCompensation() {}

  static SubsetSolution solve(SubsetSumSolver solver, double[] values, double target, double tolerance) {
    boolean[] taken = new boolean[values.length];
    List<Integer> chosen = new ArrayList<>();
    double residual = target;
    while (true) {
      if (Math.abs(residual) <= tolerance) {
        return result(values, chosen, new int[0], target, tolerance);
      }
      SubsetSolution exact = exactOverWindows(solver, values, taken, chosen, residual, target, tolerance);
      if (exact != null) {
        return exact;
      }
      int best = -1;
      for (int k = 0; k < values.length; k++) {
        if (!taken[k] && values[k] * residual > 0 && Math.abs(residual - values[k]) < Math.abs(residual)
            && (best < 0 || Math.abs(values[k]) > Math.abs(values[best]))) {
          best = k;
        }
      }
      if (best < 0) {
        return SubsetSolution.of(values, new int[0], target, tolerance);
      }
      taken[best] = true;
      chosen.add(best);
      residual -= values[best];
    }
  }

  /**
   * The exact search for the residual over consecutive windows of (at most 30) unused values,
   * first to last, so that every value — and every constant a repair adds — is searched; null
   * when no window has a subset within tolerance.
   */
  private static SubsetSolution exactOverWindows(
      SubsetSumSolver solver, double[] values, boolean[] taken, List<Integer> chosen, double residual, double target,
      double tolerance) {
    int from = 0;
    while (true) {
      int[] window = new int[SubsetSumSolver.MAX_BASE_SET_SIZE];
      int n = 0;
      for (; from < taken.length && n < window.length; from++) {
        if (!taken[from]) {
          window[n++] = from;
        }
      }
      if (n == 0) {
        return null;
      }
      double[] windowValues = new double[n];
      for (int k = 0; k < n; k++) {
        windowValues[k] = values[window[k]];
      }
      SubsetSolution s = solver.solve(windowValues, residual, tolerance);
      if (s.found()) {
        int[] add = new int[s.indices().length];
        for (int k = 0; k < add.length; k++) {
          add[k] = window[s.indices()[k]];
        }
        SubsetSolution r = result(values, chosen, add, target, tolerance);
        if (r.found()) {
          return r;
        }
      }
    }
  }

  private static SubsetSolution result(double[] values, List<Integer> chosen, int[] add, double target, double tolerance) {
    int[] indices = new int[chosen.size() + add.length];
    for (int k = 0; k < chosen.size(); k++) {
      indices[k] = chosen.get(k);
    }
    System.arraycopy(add, 0, indices, chosen.size(), add.length);
    Arrays.sort(indices);
    return SubsetSolution.of(values, indices, target, tolerance);
  }
}
