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
 * <p>Strategy, deterministic: the minimum-cardinality search over the first (at most 30) values;
 * if it fails, repeatedly take the largest unused value of the residual's sign that brings the
 * residual closer to 0, and search the residual among the first (at most 30) values not yet
 * taken. The result is within tolerance whenever found; it need not be of minimum cardinality.
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
      int[] rest = firstUnused(taken, SubsetSumSolver.MAX_BASE_SET_SIZE);
      if (rest.length > 0) {
        double[] restValues = new double[rest.length];
        for (int k = 0; k < rest.length; k++) {
          restValues[k] = values[rest[k]];
        }
        SubsetSolution s = solver.solve(restValues, residual, tolerance);
        if (s.found()) {
          int[] add = new int[s.indices().length];
          for (int k = 0; k < add.length; k++) {
            add[k] = rest[s.indices()[k]];
          }
          SubsetSolution r = result(values, chosen, add, target, tolerance);
          if (r.found()) {
            return r;
          }
        }
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

  private static int[] firstUnused(boolean[] taken, int limit) {
    int[] rest = new int[Math.min(limit, taken.length)];
    int n = 0;
    for (int k = 0; k < taken.length && n < rest.length; k++) {
      if (!taken[k]) {
        rest[n++] = k;
      }
    }
    return Arrays.copyOf(rest, n);
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
