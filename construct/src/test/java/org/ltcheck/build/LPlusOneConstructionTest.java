package org.ltcheck.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.ltcheck.theory.Construction;

class LPlusOneConstructionTest {
  private final ConstructionAlgorithm algorithm = ConstructionAlgorithm.of(Construction.L_PLUS_ONE);

  @Test
  void isAlgorithmTwoWithItsLayerPlan() {
    assertSame(LPlusOneConstruction.INSTANCE, algorithm);
    assertSame(Construction.L_PLUS_ONE, algorithm.construction());
    assertSame(Construction.L_PLUS_ONE.layout(), algorithm.layout());
    assertSame(algorithm, ConstructionSettings.of(Construction.L_PLUS_ONE, 0.01, 1).algorithm());
  }

  @Test
  void layersFeedingDistinctCopiesAreBuiltToAQuarterOfEpsTheLastToEps() {
    double eta = 0.01;
    for (int t = 0; t < 3; t++) {
      assertEquals(eta * LPlusOneConstruction.COPIED_LAYER_TOLERANCE_FACTOR, algorithm.layerTolerance(eta, t, 4));
    }
    assertEquals(0.0025, algorithm.layerTolerance(eta, 0, 4), 1e-18);
    assertEquals(eta, algorithm.layerTolerance(eta, 3, 4));
    assertEquals(eta, algorithm.layerTolerance(eta, 0, 1));
  }
}
