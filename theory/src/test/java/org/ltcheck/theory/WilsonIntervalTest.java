package org.ltcheck.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WilsonIntervalTest {
  private static final double Z = 1.959963984540054;

  @Test
  void textbookValue() {
    WilsonInterval w = WilsonInterval.of(5, 10);
    assertEquals(0.2366, w.lower(), 1e-4);
    assertEquals(0.7634, w.upper(), 1e-4);
  }

  /** The closed form (p + z²/2T ± z·sqrt(p(1−p)/T + z²/4T²)) / (1 + z²/T), to rounding. */
  @Test
  void agreesWithTheClosedFormToRounding() {
    for (int trials : new int[] {1, 2, 7, 37, 400, 10_000, 1_000_000}) {
      for (int events = 0; events <= trials; events += Math.max(1, trials / 50)) {
        double p = (double) events / trials;
        double z2 = Z * Z;
        double d = 1 + z2 / trials;
        double centre = (p + z2 / (2.0 * trials)) / d;
        double half = Z * Math.sqrt(p * (1 - p) / trials + z2 / (4.0 * trials * trials)) / d;
        WilsonInterval w = WilsonInterval.of(events, trials);
        assertEquals(events == 0 ? 0 : centre - half, w.lower(), 1e-15, events + "/" + trials);
        assertEquals(events == trials ? 1 : centre + half, w.upper(), 1e-15, events + "/" + trials);
        assertTrue(0 <= w.lower() && w.lower() <= p && p <= w.upper() && w.upper() <= 1, w.toString());
      }
    }
  }

  @Test
  void endsAreExact() {
    double z2 = Z * Z;
    WilsonInterval none = WilsonInterval.of(0, 400);
    assertEquals(0.0, none.lower());
    assertEquals(z2 / (400 + z2), none.upper(), 1e-12);
    assertEquals(1.0, WilsonInterval.of(400, 400).upper());
  }

  @Test
  void rejectsImpossibleCountsNamingThem() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> WilsonInterval.of(6, 5))
        .getMessage().contains("6 events in 5 trials"));
    assertThrows(IllegalArgumentException.class, () -> WilsonInterval.of(1, 0));
    assertThrows(IllegalArgumentException.class, () -> WilsonInterval.of(-1, 5));
    assertThrows(IllegalArgumentException.class, () -> WilsonInterval.of(1, 1L << 32));
  }
}
