package org.ltcheck.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ltcheck.subsetsum.MinimumCardinalitySolver;
import org.ltcheck.subsetsum.SubsetSolution;
import org.ltcheck.subsetsum.SubsetSumSolver;

class OffsetCompensationTest {
  private static final double TOL = 1e-3;
  /** Subsets of up to 3 terms keep the many exact searches of the greedy phase fast. */
  private final SubsetSumSolver solver = new MinimumCardinalitySolver(3);

  @Test
  void aTargetWithinReachOfTheFirstValuesIsTheExactSearchsAnswer() {
    double[] values = uniform(new Random(1), 80, 1.0);
    double target = 0.7;
    SubsetSolution s = OffsetCompensation.solve(solver, values, target, TOL);
    double[] first = Arrays.copyOf(values, SubsetSumSolver.MAX_BASE_SET_SIZE);
    assertTrue(s.found());
    assertArrayEquals(solver.solve(first, target, TOL).indices(), s.indices());
  }

  @Test
  void aTargetFarBeyondAFewTermsIsReachedGreedilyThenExactly() {
    Random r = new Random(2);
    for (int trial = 0; trial < 20; trial++) {
      double[] values = uniform(r, 200, 1.0);
      double target = (r.nextBoolean() ? 1 : -1) * (5 + 5 * r.nextDouble());
      SubsetSolution s = OffsetCompensation.solve(solver, values, target, TOL);
      assertTrue(s.found(), () -> "target " + target);
      assertTrue(s.cardinality() > 3);
      int[] idx = s.indices();
      double sum = 0;
      for (int k = 0; k < idx.length; k++) {
        assertTrue(k == 0 || idx[k] > idx[k - 1], "indices strictly increasing");
        sum += values[idx[k]];
      }
      assertEquals(target, sum, TOL * (1 + 1e-9));
    }
  }

  @Test
  void aSmallTargetOnlyALaterWindowReachesIsFound() {
    // the first 30 values are far too large for 0.5 and every value exceeds twice the target, so
    // no greedy step applies: only the exact search over a later window can answer
    Random r = new Random(5);
    double[] values = new double[90];
    for (int k = 0; k < values.length; k++) {
      double magnitude = k < 30 ? 50 + 50 * r.nextDouble() : 1.1 + 1.9 * r.nextDouble();
      values[k] = (r.nextBoolean() ? 1 : -1) * magnitude;
    }
    SubsetSolution s = OffsetCompensation.solve(solver, values, 0.5, 1e-2);
    assertTrue(s.found());
    assertTrue(Arrays.stream(s.indices()).allMatch(k -> k >= 30), () -> Arrays.toString(s.indices()));
  }

  @Test
  void aTargetAlreadyWithinToleranceNeedsNoTerm() {
    SubsetSolution s = OffsetCompensation.solve(solver, uniform(new Random(3), 40, 1.0), TOL / 2, TOL);
    assertTrue(s.found());
    assertEquals(0, s.cardinality());
  }

  @Test
  void anUnreachableTargetIsReportedNotFound() {
    double[] positive = new double[50];
    Arrays.fill(positive, 0.3);
    assertFalse(OffsetCompensation.solve(solver, positive, -1.0, TOL).found());
    assertFalse(OffsetCompensation.solve(solver, positive, 100.0, TOL).found());
  }

  @Test
  void theSameInputsGiveTheSameSubset() {
    double[] values = uniform(new Random(4), 150, 2.0);
    assertEquals(
        OffsetCompensation.solve(solver, values, 12.345, TOL), OffsetCompensation.solve(solver, values, 12.345, TOL));
  }

  private static double[] uniform(Random r, int n, double scale) {
    double[] v = new double[n];
    for (int k = 0; k < n; k++) {
      v[k] = scale * (2 * r.nextDouble() - 1);
    }
    return v;
  }
}
