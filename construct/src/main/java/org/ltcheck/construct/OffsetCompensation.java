package org.ltcheck.construct;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ltcheck.subsetsum.SubsetSolution;
import org.ltcheck.subsetsum.SubsetSumSolver;

/**
 * Subset sums for the bias of a sum layer reading sigmoid copies. Every kept copy edge u adds
 * u·σ(0) = u/2 to the pre-activation ({@link CopyRule}), and the sum-layer weights are wide
 * (U[−S,S], S = 8s/σ), so the bias target b − Σu/2 is often several times S: more than the
 * solver's few largest terms can reach. The base values (constants φ(β)·u of the same wide
 * layer) are large too, so the target is reachable with more terms.
 *
 * <p>Strategy, deterministic: first the plain minimum-cardinality search; if it fails, repeatedly
 * take the largest unused value of the residual's sign that brings the residual closer to 0 and
 * search the residual among the values not yet taken. The result is within tolerance whenever
 * found; it need not be of minimum cardinality.
 */
final class OffsetCompensation {
  private OffsetCompensation() {}

  static SubsetSolution solve(SubsetSumSolver solver, double[] values, double target, double tolerance) {
    SubsetSolution plain = solver.solve(values, target, tolerance);
    if (plain.found()) {
      return plain;
    }
    boolean[] taken = new boolean[values.length];
    List<Integer> chosen = new ArrayList<>();
    double residual = target;
    while (true) {
      int best = -1;
      for (int k = 0; k < values.length; k++) {
        if (!taken[k] && values[k] * residual > 0 && Math.abs(residual - values[k]) < Math.abs(residual)
            && (best < 0 || Math.abs(values[k]) > Math.abs(values[best]))) {
          best = k;
        }
      }
      if (best < 0) {
        return plain;
      }
      taken[best] = true;
      chosen.add(best);
      residual -= values[best];
      int[] rest = new int[values.length - chosen.size()];
      int n = 0;
      for (int k = 0; k < values.length; k++) {
        if (!taken[k]) {
          rest[n++] = k;
        }
      }
      double[] restValues = new double[rest.length];
      for (int k = 0; k < rest.length; k++) {
        restValues[k] = values[rest[k]];
      }
      SubsetSolution s = rest.length == 0 ? null : solver.solve(restValues, residual, tolerance);
      if (s != null && s.found()) {
        for (int idx : s.indices()) {
          chosen.add(rest[idx]);
        }
        int[] indices = chosen.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(indices);
        SubsetSolution result = SubsetSolution.of(values, indices, target, tolerance);
        if (result.found()) {
          return result;
        }
      } else if (rest.length == 0 && Math.abs(residual) <= tolerance) {
        int[] indices = chosen.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(indices);
        return SubsetSolution.of(values, indices, target, tolerance);
      }
    }
  }
}
