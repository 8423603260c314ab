package org.ltcheck.subsetsum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ltcheck.subsetsum.SubsetSumSolverSelection.Route;
import org.ltcheck.testing.PropertySettings;

class SubsetSumSolverSelectionTest {
  private static final double[] TOLERANCES = {0.05, 0.01, 1e-3, 1e-4, 1e-6};

  @Test
  void thePapersProblemsGoToTheMinimumCardinalitySolverAndLargeOrTightOnesToMeetInTheMiddle() {
    assertEquals(Route.MINIMUM_CARDINALITY, SubsetSumSolverSelection.route(15, 0.01));
    assertEquals(Route.MINIMUM_CARDINALITY, SubsetSumSolverSelection.route(24, 0.0025));
    assertEquals(Route.MEET_IN_THE_MIDDLE, SubsetSumSolverSelection.route(25, 0.01));
    assertEquals(Route.MEET_IN_THE_MIDDLE, SubsetSumSolverSelection.route(15, 1e-4));
    assertEquals(Route.MEET_IN_THE_MIDDLE, SubsetSumSolverSelection.route(36, 1e-7));
    assertEquals(40, new SubsetSumSolverSelection(6).maxBaseSetSize());
  }

  /** Either route gives the capped minimum-cardinality solver's answer, so the choice never changes a ticket. */
  @Test
  void bothRoutesAgreeWithTheCappedMinimumCardinalitySolver() {
    PropertySettings.qt(20261204L, 60)
        .forAll(longs().between(1, 1_000_000), integers().between(4, 28), integers().between(0, TOLERANCES.length - 1))
        .checkAssert((seed, n, t) -> {
          Random random = new Random(seed);
          int cap = 1 + random.nextInt(6);
          double[] values = RandomProblems.values(random, n, false);
          double target = RandomProblems.target(random, false);
          double tolerance = TOLERANCES[t];
          SubsetSolution expected = new MinimumCardinalitySolver(cap).solve(values, target, tolerance);
          SubsetSolution got = new SubsetSumSolverSelection(cap).solve(values, target, tolerance);
          assertEquals(expected.found(), got.found(), "found, n = " + n + ", tol = " + tolerance + ", cap = " + cap);
          if (expected.found()) {
            assertEquals(expected, got);
          }
        });
  }

  @Test
  void aBatchGivesTheSolutionsOfSingleSolvesOnEitherRoute() {
    Random random = new Random(7);
    for (int n : new int[] {12, 30}) {
      double[][] sets = new double[20][];
      double[] targets = new double[20];
      for (int k = 0; k < sets.length; k++) {
        sets[k] = RandomProblems.values(random, n, false);
        targets[k] = RandomProblems.target(random, false);
      }
      SubsetSumSolverSelection s = new SubsetSumSolverSelection(5);
      SubsetSolution[] batch = s.solveBatch(sets, targets, 0.01);
      for (int k = 0; k < sets.length; k++) {
        assertEquals(s.solve(sets[k], targets[k], 0.01), batch[k]);
      }
    }
  }

  @Test
  void aFeasibleSubsetAboveTheCapCountsAsNotFound() {
    double[] values = {0.5, 0.25, 0.125, 0.0625, 0.03125, 0.015625, 0.0078125, 0.00390625};
    double target = 0.99609375; // all eight
    SubsetSolution capped = new SubsetSumSolverSelection(7).solve(values, target, 1e-9);
    assertFalse(capped.found());
    SubsetSolution free = new SubsetSumSolverSelection(8).solve(values, target, 1e-9);
    assertTrue(free.found());
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, free.indices());
  }
}
