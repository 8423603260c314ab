package org.ltcheck.experiments.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReproductionReportTest {
  private static TicketRow row(double maxPerInputBound, int within) {
    return new TicketRow("2L", 0.01, 1, 1000, 50_000, 90_000, 4000, 8000, List.of(0.5, 1.0), 0.98, 0.97, 0.99, 0.1,
        5.0, maxPerInputBound, within, true, 0.005, 100, 1.0, "r", "t");
  }

  private static List<String> cells(String table, int line) {
    return List.of(table.lines().toList().get(line).split("\\|", -1));
  }

  @Test
  void rowsShowThePerInputBoundAndHowManyImagesRespectIt() {
    String table = ReproductionReport.ticketTable(List.of(row(0.25, 98)));
    List<String> c = cells(table, 2);
    assertEquals("0.2500", c.get(16).strip());
    assertEquals("98/100", c.get(17).strip());
  }

  @Test
  void networksWithoutAPerInputCertificateShowNotApplicableInsteadOfNaN() {
    String table = ReproductionReport.ticketTable(List.of(row(Double.NaN, -1)));
    List<String> c = cells(table, 2);
    assertEquals("n/a", c.get(16).strip());
    assertEquals("n/a", c.get(17).strip());
    assertTrue(!table.contains("NaN") && !table.contains("-1/"), table);
  }
}
