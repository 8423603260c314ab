package org.ltcheck.experiments.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TicketSummaryTest {
  private static TicketRow row(String c, double eps, long seed, long params, double acc, boolean valid) {
    return new TicketRow(c, eps, seed, 1000, 50_000, 90_000, params, 8000, List.of(0.5, 1.0), 0.98, acc, 0.99, 0.1,
        5.0, 0.2, 100, valid, eps / 2, 100, 1.0, "r", "t");
  }

  @Test
  void groupsByConstructionAndEpsWithMeanAndSampleSd() {
    List<TicketSummary> s = TicketSummary.of(List.of(
        row("L+1", 0.01, 1, 4000, 0.97, true), row("L+1", 0.01, 2, 5000, 0.99, true),
        row("2L", 0.01, 1, 6000, 0.98, false)));
    assertEquals(2, s.size());
    TicketSummary a = s.get(0);
    assertEquals("L+1", a.construction());
    assertEquals(2, a.repetitions());
    assertEquals(4500, a.ticketParamsMean(), 1e-9);
    assertEquals(Math.sqrt(500_000), a.ticketParamsSd(), 1e-9);
    assertEquals(0.98, a.ticketAccuracyMean(), 1e-12);
    assertTrue(a.allValid());
    TicketSummary b = s.get(1);
    assertEquals(0, b.ticketParamsSd(), "one repetition has no spread");
    assertFalse(b.allValid());
  }

  @Test
  void widthFactorsAndRatio() {
    TicketRow r = row("L+1", 0.01, 1, 4000, 0.97, true);
    assertEquals(1.0, r.maxWidthFactor());
    assertEquals(4.0, r.ticketToTarget());
  }
}
