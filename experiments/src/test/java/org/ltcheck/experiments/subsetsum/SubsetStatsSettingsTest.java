package org.ltcheck.experiments.subsetsum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ltcheck.experiments.subsetsum.SubsetStatsSettings.ReferenceProtocol;

class SubsetStatsSettingsTest {
  private static SubsetStatsSettings with(List<Integer> sizes, List<Double> eps, int trials, int maxSubset, double delta) {
    return new SubsetStatsSettings(List.of(BaseValues.SUMS), sizes, eps, trials, 4, maxSubset, delta,
        ReferenceProtocol.PUBLISHED);
  }

  @Test
  void normalisesSizesAndTolerances() {
    SubsetStatsSettings s = with(List.of(9, 4, 9, 6), List.of(0.01, 0.1, 0.01), 3, 9, 0.01);
    assertEquals(List.of(4, 6, 9), s.sizes());
    assertEquals(List.of(0.1, 0.01), s.epsilons());
    assertEquals(9, s.maxSize());
  }

  @Test
  void rejectsValuesOutsideTheirRangeNamingThem() {
    assertMessage("ε = 1.5 is outside (0, 1)", () -> with(List.of(5), List.of(1.5), 3, 9, 0.01));
    assertMessage("ε = 0.0 is outside (0, 1)", () -> with(List.of(5), List.of(0.0), 3, 9, 0.01));
    assertMessage("n = 25 is outside 1..24", () -> with(List.of(5, 25), List.of(0.1), 3, 9, 0.01));
    assertMessage("n = 0 is outside 1..24", () -> with(List.of(0), List.of(0.1), 3, 9, 0.01));
    assertMessage("trials = 0 must be >= 1", () -> with(List.of(5), List.of(0.1), 0, 9, 0.01));
    assertMessage("max subset size = 10 is outside 1..9", () -> with(List.of(5), List.of(0.1), 3, 10, 0.01));
    assertMessage("δ = 1.0 is outside (0, 1)", () -> with(List.of(5), List.of(0.1), 3, 9, 1.0));
    assertMessage("reference n = 31 is outside 1..24", () -> new ReferenceProtocol(31, 0.01, 10));
    assertThrows(IllegalArgumentException.class, () -> new SubsetStatsSettings(List.of(BaseValues.SUMS, BaseValues.SUMS),
        List.of(5), List.of(0.1), 1, 4, 9, 0.01, ReferenceProtocol.PUBLISHED));
  }

  @Test
  void presetsMatchTheirDocumentation() {
    SubsetStatsSettings standard = SubsetStatsSettings.standard(400);
    assertEquals(SubsetStatsSettings.range(4, 24), standard.sizes());
    assertEquals(List.of(0.1, 0.05, 0.01), standard.epsilons());
    assertEquals(Arrays.asList(BaseValues.values()), standard.values());
    assertEquals(ReferenceProtocol.PUBLISHED, standard.reference());
    SubsetStatsSettings quick = SubsetStatsSettings.quick();
    assertEquals(20, quick.maxSize());
    assertEquals(10_000, quick.reference().targets());
  }

  private static void assertMessage(String expected, Runnable r) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
