package org.ltcheck.assess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ltcheck.assess.ToleranceLimits.UnreachableToleranceException;
import org.ltcheck.build.ConstructionSettings;
import org.ltcheck.build.TargetLayer;
import org.ltcheck.build.TargetLayers;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Linear;
import org.ltcheck.model.Network;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.Construction;

class ToleranceLimitsTest {
  /** Dense 3→2 + ReLU, dense 2→2; weight [1][2] of the first layer is {@code big}. */
  private static List<TargetLayer> target(float big) {
    float[] w = {0.1f, -0.2f, 0.3f, 0.4f, 0.5f, big};
    return TargetLayers.of(new Network(new int[] {3}, List.of(
        new Linear(FloatTensor.wrap(w, 2, 3), FloatTensor.zeros(2)), Activation.relu(),
        new Linear(FloatTensor.wrap(new float[] {0.5f, -0.5f, 0.25f, 0.75f}, 2, 2), FloatTensor.zeros(2)))));
  }

  private static ConstructionSettings settings(Construction c, double eta) {
    return ConstructionSettings.of(c, eta, 1);
  }

  @Test
  void theBoundCountsEveryWindowOfEverySubsetSize() {
    // 91 windows of 30 copies; subsets of up to 2: 1 + 30 + 435
    assertEquals(91.0 * 466, ToleranceLimits.subsetSums(2));
    assertEquals(1.0 / (91.0 * 466), ToleranceLimits.smallestEps(
        new ConstructionSettings(Construction.TWO_L, 0.1, 1, 15, 30, 2, false, 1), 1.0, 0, 2), 1e-18);
    assertEquals(4 * 2.0 / (91.0 * 466), ToleranceLimits.smallestEps(
        new ConstructionSettings(Construction.L_PLUS_ONE, 0.1, 1, 15, 30, 2, false, 1), 2.0, 0, 2), 1e-15);
  }

  @Test
  void theToleranceUsedInPracticeIsAccepted() {
    for (Construction c : Construction.values()) {
      ToleranceLimits.check(target(0.9f), settings(c, 0.01));
      ToleranceLimits.check(target(0.9f), settings(c, 0.01 / 1024));
      ToleranceLimits.check(target(1000f), settings(c, 0.01));
    }
  }

  @Test
  void aToleranceBelowWhatAnySubsetSumReachesIsRefusedWithTheSmallestReachable() {
    UnreachableToleranceException e = assertThrows(UnreachableToleranceException.class,
        () -> ToleranceLimits.check(target(0.9f), settings(Construction.L_PLUS_ONE, 1e-300)));
    assertEquals(0, e.layer());
    assertEquals(ToleranceLimits.smallestEps(settings(Construction.L_PLUS_ONE, 1e-300), 1.0, 0, 2), e.smallestEps());
    assertTrue(e.getMessage().startsWith("eps 1.0E-300 is below the smallest tolerance"), e.getMessage());
    assertThrows(UnreachableToleranceException.class,
        () -> ToleranceLimits.checkAtUnitScale(settings(Construction.TWO_L, 1e-9)));
    ToleranceLimits.checkAtUnitScale(settings(Construction.TWO_L, 1e-6));
  }

  @Test
  void aWeightTooLargeForTheToleranceIsNamedWithItsLayerAndPosition() {
    UnreachableToleranceException e = assertThrows(UnreachableToleranceException.class,
        () -> ToleranceLimits.check(target(1e30f), settings(Construction.TWO_L, 0.1)));
    assertEquals(0, e.layer());
    assertEquals(1e30f, e.scale(), 1e24);
    assertTrue(e.getMessage().contains("target layer 0 (dense 3->2) has weight [out 1, in 2, position 0] = 1.000e+30"),
        e.getMessage());
  }
}
