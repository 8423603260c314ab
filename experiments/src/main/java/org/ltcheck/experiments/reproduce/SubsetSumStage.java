package org.ltcheck.experiments.reproduce;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ltcheck.assess.TaskProgress;
import org.ltcheck.experiments.subsetsum.SubsetStatistics;
import org.ltcheck.experiments.subsetsum.SubsetStatsReport;
import org.ltcheck.experiments.subsetsum.SubsetStatsSettings;

/**
 * Stage subset-stats: the empirical subset-sum success rates against the base-set size n that
 * the widths rest on, measured by the same code as {@code ltcheck subset-stats} and written in
 * its format ({@code subset-stats.json}, {@code .md}, one PNG per kind of values), so that the
 * report can show the success curve next to the tickets it explains.
 */
final class SubsetSumStage {
  /** File name stem of every output, as {@code ltcheck subset-stats} names them. */
  static final String STEM = "subset-stats";
  /** Trials per (values, n) of the paper preset: those of {@code ltcheck subset-stats}' committed run. */
  static final int PAPER_TRIALS = 1000;

  private SubsetSumStage() {}

  /** The measurement the preset asks for: the quick preset's or the standard study. */
  static SubsetStatsSettings settings(Preset preset) {
    return preset == Preset.QUICK ? SubsetStatsSettings.quick() : SubsetStatsSettings.standard(PAPER_TRIALS);
  }

  /**
   * Runs the measurement with generator seed {@code seed} unless {@code dir} holds its result.
   *
   * @return the stage's outcome (not yet announced)
   */
  static StageOutcome run(Preset preset, long seed, Path dir, int threads, ReproductionListener listener)
      throws IOException {
    SubsetStatsSettings settings = settings(preset);
    String fingerprint = settings + " seed=" + seed;
    Path marker = dir.resolve(Reproduction.MARKER);
    Path json = dir.resolve(STEM + ".json");
    Path markdown = dir.resolve(STEM + ".md");
    if (StageMarkers.finished(marker, STEM, fingerprint)) {
      return StageMarkers.outcome(marker, dir.getParent());
    }
    listener.stageStarted(STEM);
    long t0 = System.nanoTime();
    SubsetStatsReport report;
    try (TaskProgress p = listener.progress(STEM, SubsetStatistics.progressTotal(settings))) {
      report = SubsetStatsReport.run(settings, seed, threads, p::stepTo);
    }
    Files.createDirectories(dir);
    report.writeJson(json);
    report.writeMarkdown(markdown);
    List<Path> outputs = new ArrayList<>(List.of(json, markdown));
    outputs.addAll(report.writePlots(dir, STEM));
    double seconds = (System.nanoTime() - t0) / 1e9;
    StageMarkers.write(marker, StageMarkers.marker(STEM, fingerprint, seconds, dir.getParent(), outputs));
    return new StageOutcome(STEM, false, seconds, outputs);
  }
}
