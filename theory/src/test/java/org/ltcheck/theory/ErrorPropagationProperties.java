package org.ltcheck.theory;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ltcheck.theory.PropertySettings.decimals;
import static org.ltcheck.theory.PropertySettings.seeds;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ErrorPropagationProperties {

  @Test
  void errorBoundIsMonotoneInEta() {
    PropertySettings.qt(41)
        .forAll(seeds(), decimals(0, 0.5), decimals(0, 0.5), decimals(0, 5))
        .checkAssert((seed, eta1, eta2, inputBound) -> {
          List<LayerMagnitudes> m = TheoryFixtures.randomMagnitudes(new Random(seed));
          ErrorBound lo = ErrorPropagation.outputError(m, inputBound, Math.min(eta1, eta2));
          ErrorBound hi = ErrorPropagation.outputError(m, inputBound, Math.max(eta1, eta2));
          for (int l = 0; l < m.size(); l++) {
            assertTrue(lo.layerMaxErrors()[l] <= hi.layerMaxErrors()[l]);
          }
          assertTrue(lo.outputBound() <= hi.outputBound());
        });
  }

  @Test
  void zeroToleranceGivesZeroError() {
    PropertySettings.qt(42).forAll(seeds(), decimals(0, 5)).checkAssert((seed, inputBound) -> {
      List<LayerMagnitudes> m = TheoryFixtures.randomMagnitudes(new Random(seed));
      assertTrue(ErrorPropagation.outputError(m, inputBound, 0.0).outputBound() == 0.0);
    });
  }

  @Test
  void largestUniformEtaMeetsEpsilonAndSitsAtTheBoundary() {
    PropertySettings.qt(43)
        .forAll(seeds(), decimals(-1.0, 6.0), decimals(0.1, 5))
        .checkAssert((seed, epsilonDecades, inputBound) -> {
          double epsilon = Math.pow(10, -epsilonDecades);
          List<LayerMagnitudes> m = TheoryFixtures.randomMagnitudes(new Random(seed));
          double tol = ErrorPropagation.DEFAULT_RELATIVE_TOLERANCE;
          double eta = ErrorPropagation.largestUniformEta(m, inputBound, epsilon);
          assertTrue(eta > 0 && eta < 1, "eta = " + eta);
          double at = ErrorPropagation.outputError(m, inputBound, eta).outputBound();
          assertTrue(at <= epsilon, "bound " + at + " at eta " + eta + " exceeds " + epsilon);
          if (eta < Math.nextDown(1.0)) {
            double above = ErrorPropagation.outputError(m, inputBound, eta * (1 + 2 * tol)).outputBound();
            assertTrue(above > epsilon, "eta " + eta + " is not within the tolerance of the boundary");
          }
        });
  }

  /** Activation bounds dominate the propagated error's own recursion inputs: both grow with B₀. */
  @Test
  void boundsGrowWithTheInputBound() {
    PropertySettings.qt(44)
        .forAll(seeds(), decimals(0, 5), decimals(0, 5), decimals(0, 0.5))
        .checkAssert((seed, b1, b2, eta) -> {
          List<LayerMagnitudes> m = TheoryFixtures.randomMagnitudes(new Random(seed));
          double lo = Math.min(b1, b2);
          double hi = Math.max(b1, b2);
          double[][] blo = ErrorPropagation.activationBounds(m, lo);
          double[][] bhi = ErrorPropagation.activationBounds(m, hi);
          for (int l = 0; l < m.size(); l++) {
            for (int j = 0; j < blo[l].length; j++) {
              assertTrue(blo[l][j] <= bhi[l][j]);
            }
          }
          assertTrue(ErrorPropagation.outputError(m, lo, eta).outputBound()
              <= ErrorPropagation.outputError(m, hi, eta).outputBound());
        });
  }
}
