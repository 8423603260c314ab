package org.ltcheck.report;

import static org.ltcheck.report.PlotsTest.assertValidPng;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TicketPlotsTest {
  @TempDir Path dir;

  @Test
  void ticketAccuracyVsEps() throws IOException {
    Path png = dir.resolve("accuracy.png");
    TicketPlots.ticketAccuracyVsEps(List.of(
        new TicketPlots.AccuracyAtEps("L+1", 0.01, 0.9843, 0.0004),
        new TicketPlots.AccuracyAtEps("L+1", 0.1, 0.975, 0.002),
        new TicketPlots.AccuracyAtEps("L+1", 0.001, 0.9845, 0.0),
        new TicketPlots.AccuracyAtEps("2L", 0.01, 0.9841, 0.0005),
        new TicketPlots.AccuracyAtEps("2L", 0.1, 0.97, 0.003)), 0.9845, png);
    assertValidPng(png, Plots.colour(0), Plots.colour(1));
  }

  @Test
  void ticketSizeVsEps() throws IOException {
    Path png = dir.resolve("size.png");
    TicketPlots.ticketSizeVsEps(List.of(
        new TicketPlots.SizeAtEps("L+1", 0.01, 5200, 4534),
        new TicketPlots.SizeAtEps("L+1", 0.001, 7400, 6500),
        new TicketPlots.SizeAtEps("L+1", 0.1, 3100, 2600),
        new TicketPlots.SizeAtEps("2L", 0.01, 6100, 5351),
        new TicketPlots.SizeAtEps("2L", 0.1, 3600, 3300)), 945, png);
    assertValidPng(png, Plots.colour(0), Plots.colour(1));
  }
}
