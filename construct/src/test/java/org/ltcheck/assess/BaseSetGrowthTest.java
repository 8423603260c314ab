package org.ltcheck.assess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ltcheck.build.ConstructionSettings;
import org.ltcheck.theory.Construction;

class BaseSetGrowthTest {
  @Test
  void thePapersToleranceKeepsThePapersBaseSetsAndSubsetSize() {
    ConstructionSettings s = ConstructionSettings.of(Construction.L_PLUS_ONE, 0.01, 1);
    ConstructionSettings sized = BaseSetGrowth.sized(s, 0.01);
    assertEquals(s, sized);
  }

  @Test
  void everyHalvingOfTheToleranceAddsABaseValueUpToTheSettingsLimits() {
    assertEquals(16, BaseSetGrowth.rho(0.005, 15));
    assertEquals(22, BaseSetGrowth.rho(1e-4, 15));
    assertEquals(29, BaseSetGrowth.rho(1e-6, 15));
    assertEquals(30, BaseSetGrowth.rho(1e-9, 15));
    assertEquals(58, BaseSetGrowth.rho1(1e-6, 30));
    assertEquals(60, BaseSetGrowth.rho1(1e-9, 30));
    assertEquals(20, BaseSetGrowth.rho(0.01, 20), "never below the given size");
    ConstructionSettings tight = BaseSetGrowth.sized(ConstructionSettings.of(Construction.TWO_L, 0.01, 1), 1e-5);
    assertEquals(BaseSetGrowth.TIGHT_MAX_SUBSET_SIZE, tight.maxSubsetSize());
    assertTrue(tight.rho1() > 30);
  }
}
