package org.ltcheck.theory;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ltcheck.theory.PropertySettings.decimals;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.api.Test;

class SubsetSumBoundProperties {

  /** Doubling ln(1/η) doubles C·ln(1/η), so the ceiling doubles up to one. */
  @Test
  void baseSetSizeIsLogarithmicInOneOverEta() {
    PropertySettings.qt(20220717)
        .forAll(decimals(0.05, 12.0), decimals(0.0, 1.0), decimals(0.5, 8.0))
        .checkAssert((etaDecades, deltaPosition, c) -> {
          double eta = Math.pow(10, -etaDecades);
          double delta = eta + deltaPosition * (0.99 - eta); // delta >= eta, so min(eta, delta) = eta
          if (delta <= eta || delta >= 1) {
            return;
          }
          int single = SubsetSumBound.baseSetSize(eta, delta, 1, c);
          int squared = SubsetSumBound.baseSetSize(eta * eta, delta, 1, c);
          assertTrue(squared >= 2 * single - 1 && squared <= 2 * single,
              "rho(eta^2) = " + squared + " vs rho(eta) = " + single);
        });
  }

  @Test
  void baseSetSizeDoesNotShrinkWithMoreProblemsOrSmallerTolerances() {
    PropertySettings.qt(20220718)
        .forAll(decimals(0.05, 9.0), decimals(0.05, 9.0), longs().between(1, 1_000_000_000L), decimals(0.1, 0.99))
        .checkAssert((etaDecades, deltaDecades, m, shrink) -> {
          double eta = Math.pow(10, -etaDecades);
          double delta = Math.pow(10, -deltaDecades);
          int base = SubsetSumBound.baseSetSize(eta, delta, m, 2.7);
          assertTrue(SubsetSumBound.baseSetSize(eta, delta, 2 * m, 2.7) >= base);
          assertTrue(SubsetSumBound.baseSetSize(eta * shrink, delta, m, 2.7) >= base);
          assertTrue(SubsetSumBound.baseSetSize(eta, delta * shrink, m, 2.7) >= base);
        });
  }

  @Test
  void luekerProbabilityIsAProbabilityAndGrowsWithN() {
    PropertySettings.qt(20220719)
        .forAll(integers().between(1, 2000), decimals(0.31, 6.0), decimals(0.5, 5.0))
        .checkAssert((n, epsDecades, c) -> {
          double eps = Math.pow(10, -epsDecades);
          double p = SubsetSumBound.luekerSuccessProbability(n, eps, c);
          assertTrue(p >= 0 && p <= 1, "p = " + p);
          assertTrue(SubsetSumBound.luekerSuccessProbability(n + 1, eps, c) >= p);
        });
  }

  @Test
  void luekerBaseSetSizeIsMinimal() {
    PropertySettings.qt(20220720)
        .forAll(decimals(0.31, 6.0), decimals(0.31, 6.0), decimals(0.5, 5.0))
        .checkAssert((epsDecades, deltaDecades, c) -> {
          double eps = Math.pow(10, -epsDecades);
          double delta = Math.pow(10, -deltaDecades);
          int n = SubsetSumBound.luekerBaseSetSize(eps, delta, c);
          assertTrue(SubsetSumBound.luekerSuccessProbability(n, eps, c) >= 1 - delta);
          assertTrue(n == 1 || SubsetSumBound.luekerSuccessProbability(n - 1, eps, c) < 1 - delta);
          // Lueker's condition eps >= e^{-n/(2C)} holds at the size it returns.
          assertTrue(eps >= SubsetSumBound.luekerMinimumEpsilon(n, c));
        });
  }
}
