package org.ltcheck.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.ltcheck.experiments.subsetsum.BaseValues;
import org.ltcheck.experiments.subsetsum.SubsetStatistics;
import org.ltcheck.experiments.subsetsum.SubsetStatsReport;
import org.ltcheck.experiments.subsetsum.SubsetStatsSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ltcheck subset-stats}: measures the probability that n random values approximate every
 * target in [-1, 1] within ε by subset sums, compares the smallest sufficient n with the theory's
 * base-set size, and repeats the authors' reference statistics with their first-fit policy and
 * with ltcheck's solver. The work is done by {@link SubsetStatistics}; this class only turns options
 * into {@link SubsetStatsSettings} and writes the outputs.
 *
 * <p>Options left out take the values of the preset: {@link SubsetStatsSettings#standard} with
 * {@value #DEFAULT_TRIALS} trials, or {@link SubsetStatsSettings#quick} with {@code --quick}. Invalid
 * values are reported as a {@link ParameterException}, which picocli (and ltcheck's error handler)
 * turn into exit code 2.
 */
@Command(
    name = "subset-stats",
    mixinStandardHelpOptions = true,
    description = {
        "Measures the probability that n random values approximate every target in [-1,1] within ε by "
            + "subset sums (sums of U[-1,1] and of products U·V), compares the smallest sufficient n with the "
            + "theory's base-set size and the constant C it implies, and repeats the authors' reference "
            + "statistics (n = 15, ε = 0.01) with their first-fit policy and with minimum cardinality.",
        "",
        "Writes <out>/subset-stats.json, subset-stats.md and one PNG per kind of values, and prints the tables."})
public final class SubsetStatsCommand implements Callable<Integer> {
  /**
   * Trials of the standard preset, the setting of {@code experiments/results/subset-stats}: 5 to 10
   * minutes on two shared cores, depending on their load (the committed run: 595 s).
   */
  public static final int DEFAULT_TRIALS = 2000;

  /** File name stem of every output. */
  static final String STEM = "subset-stats";

  @Spec CommandSpec spec;

  @Option(names = "--quick", description = "Preset that runs in seconds: n = 4..20, 40 trials, 10,000 reference targets.")
  boolean quick;

  @Option(names = "--trials", paramLabel = "T",
      description = "Base sets per (values, n) (default: " + DEFAULT_TRIALS + ", quick: 40).")
  Integer trials;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of every random value (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--n-min", description = "Smallest base-set size (default: 4).")
  Integer nMin;

  @Option(names = "--n-max",
      description = "Largest base-set size, at most " + SubsetStatsSettings.MAX_BASE_SET_SIZE + " (default: 24, quick: 20).")
  Integer nMax;

  @Option(names = "--eps", split = ",", paramLabel = "ε", description = "Tolerances in (0,1) (default: 0.1,0.05,0.01).")
  List<Double> eps;

  @Option(names = "--delta", description = "Failure probability δ of the theory's statement (default: 0.01).")
  Double delta;

  @Option(names = "--values", split = ",", paramLabel = "KIND", description = "sums, products or both (default: sums,products).")
  List<String> values;

  @Option(names = "--max-subset-size",
      description = "Largest subset size searched, 1.." + SubsetStatsSettings.MAX_SUBSET_SIZE + " (default: 9).")
  Integer maxSubsetSize;

  @Option(names = "--grid-density", description = "Target grid points per ε (default: 4, spacing ε/4).")
  Integer gridDensity;

  @Option(names = "--reference-targets",
      description = "Targets of the reference protocol per kind of values, 0 to skip (default: 100000, quick: 10000).")
  Integer referenceTargets;

  @Option(names = "--threads", description = "Worker threads (default: all processors).")
  Integer threads;

  @Option(names = "--out", defaultValue = "subset-stats", description = "Output directory (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws IOException {
    SubsetStatsSettings settings = settings();
    int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (workers < 1) {
      throw usage("--threads = " + workers + " must be >= 1");
    }
    SubsetStatsReport report;
    try (ProgressBar bar = ProgressBars.start("subset-stats", SubsetStatistics.progressTotal(settings))) {
      report = SubsetStatsReport.run(settings, seed, workers, bar::stepTo);
    }
    List<Path> written = new ArrayList<>();
    Path json = out.resolve(STEM + ".json");
    report.writeJson(json);
    written.add(json);
    Path markdown = out.resolve(STEM + ".md");
    report.writeMarkdown(markdown);
    written.add(markdown);
    written.addAll(report.writePlots(out, STEM));
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.print(report.markdown());
    stdout.println();
    written.forEach(p -> stdout.println("wrote " + p));
    stdout.flush();
    return 0;
  }

  /** The preset with the given options applied; a bad value becomes a usage error naming it. */
  SubsetStatsSettings settings() {
    SubsetStatsSettings base = quick ? SubsetStatsSettings.quick() : SubsetStatsSettings.standard(DEFAULT_TRIALS);
    try {
      int from = nMin != null ? nMin : base.sizes().get(0);
      int to = nMax != null ? nMax : base.maxSize();
      for (String option : List.of("--n-min", "--n-max")) {
        int n = option.equals("--n-min") ? from : to;
        if (n < 1 || n > SubsetStatsSettings.MAX_BASE_SET_SIZE) {
          throw usage(option + " = " + n + " is outside 1.." + SubsetStatsSettings.MAX_BASE_SET_SIZE);
        }
      }
      if (from > to) {
        throw usage("--n-min = " + from + " is larger than --n-max = " + to);
      }
      return new SubsetStatsSettings(
          values == null ? base.values() : values.stream().map(SubsetStatsCommand::kind).toList(),
          SubsetStatsSettings.range(from, to),
          eps == null ? base.epsilons() : eps,
          trials != null ? trials : base.trials(),
          gridDensity != null ? gridDensity : base.gridDensity(),
          maxSubsetSize != null ? maxSubsetSize : base.maxSubsetSize(),
          delta != null ? delta : base.delta(),
          referenceTargets == null ? base.reference() : base.reference().withTargets(referenceTargets));
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  private static BaseValues kind(String name) {
    try {
      return BaseValues.valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown kind of values '" + name + "' (expected sums or products)");
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
