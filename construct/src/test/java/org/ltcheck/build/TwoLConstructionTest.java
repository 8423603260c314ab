package org.ltcheck.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.ltcheck.theory.Construction;

class TwoLConstructionTest {
  private final ConstructionAlgorithm algorithm = ConstructionAlgorithm.of(Construction.TWO_L);

  @Test
  void isAlgorithmOneWithItsLayerPlan() {
    assertSame(TwoLConstruction.INSTANCE, algorithm);
    assertSame(Construction.TWO_L, algorithm.construction());
    assertSame(Construction.TWO_L.layout(), algorithm.layout());
    assertSame(algorithm, ConstructionSettings.of(Construction.TWO_L, 0.01, 1).algorithm());
  }

  @Test
  void everyLayerReadsExactCopiesAndIsBuiltToEps() {
    for (int t = 0; t < 4; t++) {
      assertEquals(0.01, algorithm.layerTolerance(0.01, t, 4));
    }
  }
}
