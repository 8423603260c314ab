package org.ltcheck.report;

import static org.ltcheck.report.PlotsTest.assertValidPng;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PruningPlotsTest {
  @TempDir Path dir;

  @Test
  void pruningSchedule() throws IOException {
    Path png = dir.resolve("pruning.png");
    List<PruningPlots.PruningStep> steps = new ArrayList<>();
    for (int step = 0; step <= 12; step++) {
      steps.add(new PruningPlots.PruningStep(step, Math.pow(0.1, step / 12.0), 0.99 - 0.0005 * step));
    }
    PruningPlots.pruningSchedule(steps, png);
    assertValidPng(png, Plots.colour(0), Plots.colour(1));
  }
}
