package org.ltcheck.report;

import static org.ltcheck.report.PlotsTest.assertValidPng;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParetoPlotsTest {
  @TempDir Path dir;

  @Test
  void ticketSizeVsWidth() throws IOException {
    Path png = dir.resolve("pareto.png");
    ParetoPlots.ticketSizeVsWidth(List.of(
        new ParetoPlots.SizeAtWidth("L+1", 8, 90_000, 2.9),
        new ParetoPlots.SizeAtWidth("L+1", 15, 101_000, 2.4),
        new ParetoPlots.SizeAtWidth("L+1 conv-only", 15, 5_000, 1.8),
        new ParetoPlots.SizeAtWidth("2L", 8, 60_000, 3.1),
        new ParetoPlots.SizeAtWidth("2L", 15, 58_000, 2.5)),
        List.of(new ParetoPlots.TheoryRho("L+1", 43), new ParetoPlots.TheoryRho("2L", 43)), 0.01, png);
    assertValidPng(png, Plots.colour(0), Plots.colour(1));
  }
}
