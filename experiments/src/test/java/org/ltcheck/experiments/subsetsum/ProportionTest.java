package org.ltcheck.experiments.subsetsum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProportionTest {
  @Test
  void matchesTheWilsonScoreInterval() {
    // 5 of 10: the textbook value [0.2366, 0.7634].
    Proportion p = Proportion.of(5, 10);
    assertEquals(0.5, p.rate());
    assertEquals(0.2366, p.lower95(), 1e-4);
    assertEquals(0.7634, p.upper95(), 1e-4);
  }

  @Test
  void extremesStayInformative() {
    // 0 of T: upper end z²/(T + z²) ≈ 3.84/T for large T; T of T mirrors it.
    Proportion none = Proportion.of(0, 400);
    double z2 = 1.959963984540054 * 1.959963984540054;
    assertEquals(0.0, none.lower95());
    assertEquals(z2 / (400 + z2), none.upper95(), 1e-12);
    Proportion all = Proportion.of(400, 400);
    assertEquals(1.0, all.upper95());
    assertEquals(1 - none.upper95(), all.lower95(), 1e-12);
    assertTrue(all.lower95() > 0.99, "400 of 400 supports success >= 0.99");
  }

  @Test
  void intervalContainsTheEstimate() {
    for (int events = 0; events <= 37; events++) {
      Proportion p = Proportion.of(events, 37);
      assertTrue(p.lower95() <= p.rate() && p.rate() <= p.upper95(), p.toString());
      assertTrue(p.lower95() >= 0 && p.upper95() <= 1, p.toString());
    }
  }

  @Test
  void rejectsImpossibleCounts() {
    assertThrows(IllegalArgumentException.class, () -> Proportion.of(1, 0));
    assertThrows(IllegalArgumentException.class, () -> Proportion.of(-1, 5));
    assertThrows(IllegalArgumentException.class, () -> Proportion.of(6, 5));
  }
}
