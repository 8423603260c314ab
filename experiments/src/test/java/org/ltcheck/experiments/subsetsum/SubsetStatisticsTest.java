package org.ltcheck.experiments.subsetsum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.ltcheck.experiments.subsetsum.SubsetStatsResult.Cell;
import org.ltcheck.experiments.subsetsum.SubsetStatsResult.ReferenceComparison;
import org.ltcheck.experiments.subsetsum.SubsetStatsResult.TheoryComparison;
import org.ltcheck.experiments.subsetsum.SubsetStatsSettings.ReferenceProtocol;
import org.ltcheck.subsetsum.FirstFitSolver;
import org.ltcheck.theory.SubsetSumBound;

class SubsetStatisticsTest {
  private static final List<BaseValues> BOTH = List.of(BaseValues.values());

  private static SubsetStatsSettings settings(List<BaseValues> values, int nFrom, int nTo, List<Double> eps,
      int trials, int referenceTargets) {
    return new SubsetStatsSettings(values, SubsetStatsSettings.range(nFrom, nTo), eps, trials,
        TargetGrid.DEFAULT_DENSITY, FirstFitSolver.DEFAULT_MAX_SIZE, 0.05,
        new ReferenceProtocol(10, 0.01, referenceTargets));
  }

  private static SubsetStatsResult measure(SubsetStatsSettings s, long seed, int threads) {
    return SubsetStatistics.measure(s, new SplittableRandom(seed), threads, done -> {});
  }

  /**
   * Counting bound: n values have at most 2^n subset sums, and each sum is within ε of at most
   * ⌊2ε/h⌋ + 1 grid points (spacing h), so at most that many of the grid's points can be hit. For
   * small n this is fewer than the grid has: no trial can succeed and the failure rate is at least
   * the uncovered share — whatever the random values are. For n = 1 in particular the targets −1
   * and +1 cannot both be within ε < 1 of the sums {0, x}.
   */
  @Test
  void fewValuesCannotCoverTheInterval() {
    double eps = 0.1;
    SubsetStatsResult r = measure(settings(BOTH, 1, 3, List.of(eps), 25, 0), 7, 2);
    double[] grid = TargetGrid.covering(eps, TargetGrid.DEFAULT_DENSITY);
    double spacing = grid[1] - grid[0];
    int pointsPerSum = (int) Math.floor(2 * eps / spacing + 1e-9) + 1;
    for (Cell c : r.cells()) {
      assertEquals(0, c.success().events(), c.toString());
      double coverable = Math.min(1.0, (double) pointsPerSum * (1 << c.n()) / grid.length);
      assertTrue(c.targetFailureRate() >= 1 - coverable - 1e-12,
          c + ": failure rate below the counting bound " + (1 - coverable));
    }
  }

  /** 20 values of U[-1,1] cover [-1, 1] at ε = 0.1 in every trial of a seeded run. */
  @Test
  void manyValuesCoverTheIntervalAtCoarseTolerance() {
    SubsetStatsResult r = measure(settings(List.of(BaseValues.SUMS), 20, 20, List.of(0.1), 30, 0), 11, 2);
    Cell c = r.cells().get(0);
    assertEquals(30, c.success().events());
    assertEquals(0.0, c.targetFailureRate());
    assertEquals(1.0, c.success().upper95());
  }

  /**
   * Base sets are nested in n within a trial, so in every seeded run the success count can only grow
   * and the failure rate only shrink with n — exactly, not just on average.
   */
  @Test
  void successGrowsAndFailureShrinksWithN() {
    SubsetStatsSettings s = settings(BOTH, 4, 14, List.of(0.1, 0.05), 30, 0);
    SubsetStatsResult r = measure(s, 3, 2);
    for (BaseValues v : BOTH) {
      for (double eps : s.epsilons()) {
        List<Cell> curve = r.curve(v, eps);
        assertEquals(s.sizes().size(), curve.size());
        for (int i = 1; i < curve.size(); i++) {
          Cell smaller = curve.get(i - 1);
          Cell larger = curve.get(i);
          assertTrue(larger.success().events() >= smaller.success().events(), larger + " after " + smaller);
          assertTrue(larger.targetFailureRate() <= smaller.targetFailureRate(), larger + " after " + smaller);
        }
        // The curve is not flat: it goes from no success at all to success in most trials.
        assertEquals(0, curve.get(0).success().events());
        assertTrue(curve.get(curve.size() - 1).success().rate() > 0.5, curve.get(curve.size() - 1).toString());
      }
    }
  }

  /**
   * Both policies try sizes 0, 1, 2, ... up to the same limit and stop at the first size with a
   * feasible subset, so on identical problems they fail on exactly the same targets and choose
   * subsets of the same size; they differ only in which subset of that size, and the
   * minimum-cardinality solver picks the one with the smallest error.
   */
  @Test
  void firstFitAndMinimumCardinalityFailOnTheSameTargets() {
    SubsetStatsResult r = measure(settings(BOTH, 4, 4, List.of(0.1), 1, 3_000), 5, 2);
    assertEquals(2, r.reference().size());
    for (ReferenceComparison c : r.reference()) {
      assertEquals(0, c.disagreements(), c.toString());
      assertEquals(c.firstFit().failure(), c.minimumCardinality().failure());
      assertEquals(c.firstFit().meanSubsetSize(), c.minimumCardinality().meanSubsetSize(), 1e-12);
      assertTrue(c.minimumCardinality().meanError() <= c.firstFit().meanError());
      assertTrue(c.firstFit().failure().events() > 0, "n = 10 at ε = 0.01 should miss some targets");
      assertEquals(3_000, c.firstFit().failure().trials());
    }
  }

  /**
   * The reference protocol reproduces the authors' published failure rates (n = 15, ε = 0.01):
   * measured and published differ by less than four standard errors of the measurement.
   */
  @Test
  void referenceProtocolReproducesThePublishedFailureRates() {
    SubsetStatsSettings s = new SubsetStatsSettings(BOTH, List.of(4), List.of(0.1), 1, TargetGrid.DEFAULT_DENSITY,
        FirstFitSolver.DEFAULT_MAX_SIZE, 0.01, ReferenceProtocol.PUBLISHED.withTargets(20_000));
    for (ReferenceComparison c : measure(s, 2022, 2).reference()) {
      double p = c.referenceFailureRate();
      double standardError = Math.sqrt(p * (1 - p) / c.firstFit().failure().trials());
      assertTrue(Math.abs(c.firstFit().failure().rate() - p) < 4 * standardError, c.toString());
      assertEquals(c.referenceMeanSubsetSize(), c.firstFit().meanSubsetSize(), 0.05, c.toString());
      assertEquals(SubsetSumBound.impliedConstant(15, 0.01, c.firstFit().failure().rate()), c.impliedConstant());
    }
  }

  /** Every random value is drawn before the parallel part: the thread count cannot change a result. */
  @Test
  void resultsDependOnTheSeedOnly() {
    SubsetStatsSettings s = settings(BOTH, 6, 10, List.of(0.1, 0.05), 12, 2_500);
    SubsetStatsResult one = measure(s, 42, 1);
    SubsetStatsResult two = measure(s, 42, 2);
    assertEquals(one.cells(), two.cells());
    assertEquals(one.theory(), two.theory());
    for (int i = 0; i < one.reference().size(); i++) {
      assertEquals(one.reference().get(i).firstFit().failure(), two.reference().get(i).firstFit().failure());
      assertEquals(one.reference().get(i).minimumCardinality().meanError(),
          two.reference().get(i).minimumCardinality().meanError());
    }
    assertNotEquals(one.cells(), measure(s, 43, 2).cells());
  }

  @Test
  void theoryRowsFollowTheMeasuredCurveAndTheBound() {
    SubsetStatsSettings s = settings(BOTH, 8, 20, List.of(0.1, 0.05), 20, 0);
    SubsetStatsResult r = measure(s, 9, 2);
    assertEquals(BOTH.size() * s.epsilons().size(), r.theory().size());
    for (TheoryComparison t : r.theory()) {
      assertEquals(SubsetSumBound.baseSetSize(t.eps(), s.delta(), 1, t.values().theoryConstant()), t.theoryN());
      List<Cell> curve = r.curve(t.values(), t.eps());
      Integer expected = curve.stream().filter(c -> c.success().rate() >= 1 - s.delta()).map(Cell::n)
          .findFirst().orElse(null);
      assertEquals(expected, t.empiricalN());
      if (expected == null) {
        assertNull(t.impliedConstant());
      } else {
        assertEquals(expected / Math.log(1 / Math.min(t.eps(), s.delta())), t.impliedConstant(), 1e-12);
      }
      assertEquals(r.cell(t.values(), t.eps(), t.theoryN()).map(c -> c.success().rate()).orElseThrow(),
          t.successAtTheoryN());
    }
    // At ε = 0.1 the sums reach 1 − δ = 95% success within n ≤ 20.
    assertNotNull(r.theory().get(0).empiricalN());
  }

  @Test
  void progressCountsEveryUnitOnce() {
    SubsetStatsSettings s = settings(BOTH, 4, 6, List.of(0.1), 5, 2_500);
    AtomicLong last = new AtomicLong();
    AtomicLong calls = new AtomicLong();
    SubsetStatistics.measure(s, new SplittableRandom(1), 2, done -> {
      calls.incrementAndGet();
      last.accumulateAndGet(done, Math::max);
    });
    long total = SubsetStatistics.progressTotal(s);
    assertEquals(3 * 2 * 5 + 2 * 3, total);
    assertEquals(total, last.get());
    assertEquals(total, calls.get());
  }
}
