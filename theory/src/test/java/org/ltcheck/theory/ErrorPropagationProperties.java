package org.ltcheck.theory;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;

class ErrorPropagationProperties {

  @Property(seed = "41")
  void errorBoundIsMonotoneInEta(
      @ForAll long seed,
      @ForAll @DoubleRange(min = 0, max = 0.5) double eta1,
      @ForAll @DoubleRange(min = 0, max = 0.5) double eta2,
      @ForAll @DoubleRange(min = 0, max = 5) double inputBound) {
    List<LayerMagnitudes> m = TheoryFixtures.randomMagnitudes(new Random(seed));
    ErrorBound lo = ErrorPropagation.outputError(m, inputBound, Math.min(eta1, eta2));
    ErrorBound hi = ErrorPropagation.outputError(m, inputBound, Math.max(eta1, eta2));
    for (int l = 0; l < m.size(); l++) {
      assertTrue(lo.layerMaxErrors()[l] <= hi.layerMaxErrors()[l]);
    }
    assertTrue(lo.outputBound() <= hi.outputBound());
  }

  @Property(seed = "42")
  void zeroToleranceGivesZeroError(@ForAll long seed, @ForAll @DoubleRange(min = 0, max = 5) double inputBound) {
    List<LayerMagnitudes> m = TheoryFixtures.randomMagnitudes(new Random(seed));
    assertTrue(ErrorPropagation.outputError(m, inputBound, 0.0).outputBound() == 0.0);
  }

  @Property(seed = "43")
  void largestUniformEtaMeetsEpsilonAndSitsAtTheBoundary(
      @ForAll long seed,
      @ForAll @DoubleRange(min = -1.0, max = 6.0) double epsilonDecades,
      @ForAll @DoubleRange(min = 0.1, max = 5) double inputBound) {
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
  }

  /** Activation bounds dominate the propagated error's own recursion inputs: both grow with B₀. */
  @Property(seed = "44")
  void boundsGrowWithTheInputBound(
      @ForAll long seed,
      @ForAll @DoubleRange(min = 0, max = 5) double b1,
      @ForAll @DoubleRange(min = 0, max = 5) double b2,
      @ForAll @DoubleRange(min = 0, max = 0.5) double eta) {
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
  }
}
