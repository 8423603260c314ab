package org.ltcheck.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.ltcheck.targets.RandomResNetSettings;
import org.ltcheck.targets.Target;
import org.ltcheck.targets.TargetDataset;
import org.ltcheck.targets.Targets;
import org.ltcheck.data.Cifar10Fetcher;
import org.ltcheck.data.Normalization;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.ltcheck.construct.ConstructionSettings;
import org.ltcheck.construct.TargetLayer;
import org.ltcheck.construct.TargetLayers;
import org.ltcheck.construct.TicketConstructor;
import org.ltcheck.construct.TicketFiles;
import org.ltcheck.data.Dataset;
import org.ltcheck.data.MnistFetcher;
import org.ltcheck.data.Split;
import org.ltcheck.model.Network;
import org.ltcheck.report.ConstructionReport;
import org.ltcheck.report.TicketAssessment;
import org.ltcheck.report.ToleranceCalibration;
import org.ltcheck.evaluation.ToleranceSearch;
import org.ltcheck.subsetsum.MinimumCardinalitySolver;
import org.ltcheck.theory.Construction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ltcheck construct}: the main job. Loads a target, builds a ticket inside a seeded
 * mother network, certifies every parameter, evaluates target and ticket on the test set and
 * writes the ticket and a JSON report. Outputs are written only after everything succeeded,
 * each atomically, so a failed run leaves no file behind.
 */
@Command(
    name = "construct",
    mixinStandardHelpOptions = true,
    description = "Construct and certify a strong lottery ticket for a target network.")
public final class ConstructCommand implements Callable<Integer> {
  @Mixin TargetOptions targetOptions;

  @Option(names = "--construction", defaultValue = "L+1",
      description = "L+1 or 2L (default: ${DEFAULT-VALUE}). Use 2L for deep and residual targets: the errors of "
          + "L+1's distinct copies grow with depth.")
  String construction;

  @Option(names = "--eps", defaultValue = "0.01",
      description = "Per-parameter tolerance in (0,1) (default: ${DEFAULT-VALUE}).")
  double eps;

  @Option(names = "--delta", defaultValue = "0.01",
      description = "Failure probability for the theory's width bound (default: ${DEFAULT-VALUE}).")
  double delta;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the mother network (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--rho", defaultValue = "15", description = "Copies per channel in L+1 sum layers (default: ${DEFAULT-VALUE}).")
  int rho;

  @Option(names = "--rho1", defaultValue = "30", description = "Copies per channel in copy layers (default: ${DEFAULT-VALUE}).")
  int rho1;

  @Option(names = "--data-dir",
      description = "Directory with the data set: MNIST IDX files, or CIFAR-10 binary batches, train/ and test/ "
          + "image folders or the JPEG archive (default: fetch or convert, and cache).")
  Path dataDir;

  @Option(names = "--out", description = "Ticket file (default: ticket-<construction>-seed<seed>.safetensors).")
  Path out;

  @Option(names = "--report", description = "JSON report file (default: the ticket file with .report.json).")
  Path report;

  @Option(names = "--images", defaultValue = "10000",
      description = "Test images to evaluate, 0 to skip evaluation (default: ${DEFAULT-VALUE}).")
  int images;

  @Option(names = "--threads", description = "Worker threads (default: all processors).")
  Integer threads;

  @Option(names = "--bn-images", defaultValue = "2000",
      description = "For --target random-resnet22: CIFAR-10 training images that set the batch-norm statistics "
          + "(default: ${DEFAULT-VALUE}).")
  int bnImages;

  @Option(names = "--min-agreement",
      description = "Tighten the per-parameter tolerance from --eps by halving (at most "
          + ToleranceSearch.MAX_HALVINGS + " times) until the ticket's top-1 agreement with the target on "
          + "--calibration-images training images reaches this fraction in (0,1]; every parameter stays within "
          + "--eps (default: off).")
  Double minAgreement;

  @Option(names = "--calibration-images", defaultValue = "1000",
      description = "Training images, spread evenly over the training set, for --min-agreement (default: ${DEFAULT-VALUE}).")
  int calibrationImages;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Construction c = Construction.fromLabel(construction);
    if (!(eps > 0 && eps < 1)) {
      throw new IllegalArgumentException("--eps must be in (0,1), got " + eps);
    }
    if (!(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException("--delta must be in (0,1), got " + delta);
    }
    if (images < 0) {
      throw new IllegalArgumentException("--images must be non-negative, got " + images);
    }
    if (minAgreement != null && !(minAgreement > 0 && minAgreement <= 1)) {
      throw new IllegalArgumentException("--min-agreement must be in (0,1], got " + minAgreement);
    }
    if (calibrationImages < 1) {
      throw new IllegalArgumentException("--calibration-images must be positive, got " + calibrationImages);
    }
    if (dataDir != null && !Files.isDirectory(dataDir)) {
      throw new IllegalArgumentException("data directory " + dataDir + " does not exist");
    }
    int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    Path ticketFile = out != null ? out : Path.of("ticket-" + c.label().replace("+", "plus") + "-seed" + seed + ".safetensors");
    Path reportFile = report != null ? report : ticketFile.resolveSibling(stem(ticketFile) + ".report.json");

    if (threads != null && threads < 1) {
      throw new IllegalArgumentException("--threads must be positive, got " + threads);
    }
    String target = targetOptions.target != null ? targetOptions.target : Targets.MNIST;
    Target resolved = Targets.resolve(targetOptions.request(Optional.of(target)),
        new RandomResNetSettings(Optional.ofNullable(dataDir), seed, bnImages, workers));
    boolean cifar = resolved.dataset().orElse(TargetDataset.MNIST) == TargetDataset.CIFAR10;
    Normalization normalization = cifar ? Normalization.CIFAR10 : Normalization.MNIST;
    Network targetNet = resolved.network();
    List<TargetLayer> layers = TargetLayers.of(targetNet);
    // Spread over the test set: the CIFAR-10 files converted from the image folders are sorted by class.
    Dataset test = images == 0 ? null : evenlySpaced(split(cifar, Split.TEST), images);

    double inputBound = normalization.maxAbs();
    ConstructionSettings settings = new ConstructionSettings(
        c, eps, seed, rho, rho1, ConstructionSettings.DEFAULT_MAX_SUBSET_SIZE, false, workers, inputBound);
    TicketConstructor constructor = new TicketConstructor(new MinimumCardinalitySolver(settings.maxSubsetSize()));
    TicketConstructor.Result result;
    ToleranceCalibration calibration = null;
    if (minAgreement == null) {
      try (ProgressBar bar = ProgressBars.start("construct", TicketConstructor.progressTotal(layers))) {
        result = constructor.construct(targetNet, settings, bar::stepTo);
      }
    } else {
      Dataset train = split(cifar, Split.TRAIN);
      Dataset calibrationSet = evenlySpaced(train, calibrationImages);
      ToleranceSearch.Outcome o;
      try (RungProgress progress = new RungProgress(TicketConstructor.progressTotal(layers))) {
        o = new ToleranceSearch(constructor, workers).search(targetNet, settings, calibrationSet, minAgreement, progress);
      }
      result = o.result();
      settings = o.settings();
      calibration = new ToleranceCalibration(eps, minAgreement,
          calibrationSet.size() + " of " + train.size() + " " + train.description() + " images", o.steps(),
          o.reached());
    }
    ConstructionReport r = new TicketAssessment(targetNet, layers, target, inputBound, delta, workers)
        .assess(settings, result, test, calibration, ProgressBars::task);
    TicketFiles.write(ticketFile, result.ticket(), settings.eta());
    r.write(reportFile);
    PrintWriter console = spec.commandLine().getOut();
    console.print(r.summary());
    console.println("  wrote                " + ticketFile + ", " + TicketFiles.manifestPath(ticketFile) + ", " + reportFile);
    console.flush();
    return r.certificate().valid() && (calibration == null || calibration.reached()) ? 0 : 1;
  }

  /** Two progress bars per rung of a tolerance search: its construction and its calibration pass. */
  private static final class RungProgress implements ToleranceSearch.Listener, AutoCloseable {
    private final long total;
    private ProgressBar bar;
    private double eta;
    private boolean calibrating;

    RungProgress(long total) {
      this.total = total;
    }

    @Override
    public void constructing(double eta) {
      close();
      this.eta = eta;
      calibrating = false;
      bar = ProgressBars.start("construct eta=" + eta, total);
    }

    @Override
    public void calibrating(int images, int total) {
      if (!calibrating) {
        close();
        calibrating = true;
        bar = ProgressBars.start("calibrate eta=" + eta, total);
      }
      bar.stepTo(images);
    }

    @Override
    public void constructed(long channels) {
      bar.stepTo(channels);
    }

    @Override
    public void finished(ToleranceSearch.Step step) {
      bar.setExtraMessage(String.format(java.util.Locale.ROOT, " agreement %.2f%%", 100 * step.agreement()));
      close();
    }

    @Override
    public void close() {
      if (bar != null) {
        bar.close();
        bar = null;
      }
    }
  }

  /** The normalised {@code split} of CIFAR-10 or MNIST, from --data-dir or the cache. */
  private Dataset split(boolean cifar, Split split) throws IOException {
    return cifar ? Cifar10Fetcher.withDefaults().loadNormalised(split, dataDir)
        : MnistFetcher.withDefaults().loadNormalised(split, dataDir);
  }

  private static String stem(Path p) {
    String n = p.getFileName().toString();
    return n.endsWith(".safetensors") ? n.substring(0, n.length() - ".safetensors".length()) : n;
  }

  private static Dataset evenlySpaced(Dataset data, int count) {
    return data.evenlySpaced(Math.min(count, data.size()));
  }
}
