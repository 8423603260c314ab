package org.ltcheck.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DifferenceSearchSettingsTest {
  @Test
  void stepsDecayGeometricallyFromFirstToLast() {
    DifferenceSearchSettings s = DifferenceSearchSettings.defaults();
    assertEquals(s.initialStep(), s.step(0), 1e-15);
    assertEquals(s.finalStep(), s.step(s.steps() - 1), 1e-15);
    DifferenceSearchSettings odd = s.withSteps(101);
    assertEquals(Math.sqrt(odd.initialStep() * odd.finalStep()), odd.step(50), 1e-15);
    assertEquals(s.initialStep(), s.withSteps(1).step(0));
  }

  @Test
  void rejectsImpossibleSettings() {
    DifferenceSearchSettings d = DifferenceSearchSettings.defaults();
    assertThrows(IllegalArgumentException.class, () -> d.withThreads(0));
    assertThrows(IllegalArgumentException.class, () -> d.withStarts(-1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> d.withSteps(-1));
    assertThrows(IllegalArgumentException.class, () -> new DifferenceSearchSettings(1, 1, 1, 1, 5, 0.1, 0.2, 0, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new DifferenceSearchSettings(1, 1, 1, 0, 5, 0.5, 0.2, 0, 1, 1));
  }
}
