package org.ltcheck.theory;

import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class SubsetSumBoundProperties {

  /** Doubling ln(1/η) doubles C·ln(1/η), so the ceiling doubles up to one. */
  @Property(seed = "20220717")
  void baseSetSizeIsLogarithmicInOneOverEta(
      @ForAll @DoubleRange(min = 0.05, max = 12.0) double etaDecades,
      @ForAll @DoubleRange(min = 0.0, max = 1.0) double deltaPosition,
      @ForAll @DoubleRange(min = 0.5, max = 8.0) double c) {
    double eta = Math.pow(10, -etaDecades);
    double delta = eta + deltaPosition * (0.99 - eta); // delta >= eta, so min(eta, delta) = eta
    if (delta <= eta || delta >= 1) {
      return;
    }
    int single = SubsetSumBound.baseSetSize(eta, delta, 1, c);
    int squared = SubsetSumBound.baseSetSize(eta * eta, delta, 1, c);
    assertTrue(squared >= 2 * single - 1 && squared <= 2 * single,
        "rho(eta^2) = " + squared + " vs rho(eta) = " + single);
  }

  @Property(seed = "20220718")
  void baseSetSizeDoesNotShrinkWithMoreProblemsOrSmallerTolerances(
      @ForAll @DoubleRange(min = 0.05, max = 9.0) double etaDecades,
      @ForAll @DoubleRange(min = 0.05, max = 9.0) double deltaDecades,
      @ForAll @LongRange(min = 1, max = 1_000_000_000L) long m,
      @ForAll @DoubleRange(min = 0.1, max = 0.99) double shrink) {
    double eta = Math.pow(10, -etaDecades);
    double delta = Math.pow(10, -deltaDecades);
    int base = SubsetSumBound.baseSetSize(eta, delta, m, 2.7);
    assertTrue(SubsetSumBound.baseSetSize(eta, delta, 2 * m, 2.7) >= base);
    assertTrue(SubsetSumBound.baseSetSize(eta * shrink, delta, m, 2.7) >= base);
    assertTrue(SubsetSumBound.baseSetSize(eta, delta * shrink, m, 2.7) >= base);
  }

  @Property(seed = "20220719")
  void luekerProbabilityIsAProbabilityAndGrowsWithN(
      @ForAll @IntRange(min = 1, max = 2000) int n,
      @ForAll @DoubleRange(min = 0.31, max = 6.0) double epsDecades,
      @ForAll @DoubleRange(min = 0.5, max = 5.0) double c) {
    double eps = Math.pow(10, -epsDecades);
    double p = SubsetSumBound.luekerSuccessProbability(n, eps, c);
    assertTrue(p >= 0 && p <= 1, "p = " + p);
    assertTrue(SubsetSumBound.luekerSuccessProbability(n + 1, eps, c) >= p);
  }

  @Property(seed = "20220720")
  void luekerBaseSetSizeIsMinimal(
      @ForAll @DoubleRange(min = 0.31, max = 6.0) double epsDecades,
      @ForAll @DoubleRange(min = 0.31, max = 6.0) double deltaDecades,
      @ForAll @DoubleRange(min = 0.5, max = 5.0) double c) {
    double eps = Math.pow(10, -epsDecades);
    double delta = Math.pow(10, -deltaDecades);
    int n = SubsetSumBound.luekerBaseSetSize(eps, delta, c);
    assertTrue(SubsetSumBound.luekerSuccessProbability(n, eps, c) >= 1 - delta);
    assertTrue(n == 1 || SubsetSumBound.luekerSuccessProbability(n - 1, eps, c) < 1 - delta);
    // Lueker's condition eps >= e^{-n/(2C)} holds at the size it returns.
    assertTrue(eps >= SubsetSumBound.luekerMinimumEpsilon(n, c));
  }
}
