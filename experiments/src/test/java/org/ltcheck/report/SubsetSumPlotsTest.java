package org.ltcheck.report;

import static org.ltcheck.report.PlotsTest.assertValidPng;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubsetSumPlotsTest {
  @TempDir Path dir;

  @Test
  void subsetSumSuccess() throws IOException {
    Path png = dir.resolve("success.png");
    int[] n = {4, 8, 12, 16, 20};
    SubsetSumPlots.subsetSumSuccess("success", List.of(
        new SubsetSumPlots.SuccessCurve("ε = 0.1", n, new double[] {0, 0.6, 0.95, 1, 1}, 13),
        new SubsetSumPlots.SuccessCurve("ε = 0.01", n, new double[] {0, 0, 0.7, 0.97, 1}, 13),
        new SubsetSumPlots.SuccessCurve("ε = 0.001", n, new double[] {0, 0, 0.1, 0.8, 0.99}, 19)), 0.01, png);
    assertValidPng(png, Plots.colour(0), Plots.colour(1), Plots.colour(2));
  }
}
