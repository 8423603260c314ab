package org.ltcheck.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.ltcheck.build.ConstructionSettings;
import org.ltcheck.build.TargetLayers;
import java.util.Optional;
import org.ltcheck.targets.RandomResNetSettings;
import org.ltcheck.targets.Target;
import org.ltcheck.targets.TargetDataset;
import org.ltcheck.targets.TargetRequest;
import org.ltcheck.targets.Targets;
import org.ltcheck.data.Normalization;
import org.ltcheck.differential.InputRegion;
import java.util.concurrent.Callable;
import org.ltcheck.assess.ConstructionReport;
import org.ltcheck.assess.TaskProgress;
import org.ltcheck.assess.TicketAssessment;
import org.ltcheck.assess.TicketJob;
import org.ltcheck.assess.OutputCertificateSection;
import org.ltcheck.assess.TicketOutputs;
import org.ltcheck.adversarial.DifferenceAscentLowerBound;
import org.ltcheck.adversarial.DifferenceSearchSettings;
import org.ltcheck.assess.ToleranceSearch;
import org.ltcheck.data.Dataset;
import org.ltcheck.data.Split;
import org.ltcheck.model.Network;
import org.ltcheck.subsetsum.MeetInTheMiddleSolver;
import org.ltcheck.report.ConstructionSummary;
import org.ltcheck.theory.Construction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ltcheck construct}: the main job. Loads a target and the data, and runs one
 * {@link TicketJob}: builds a ticket inside a seeded mother network, certifies every parameter,
 * evaluates target and ticket on the test set and writes the ticket, its manifest and a JSON
 * report. Bad options, unwritable or colliding outputs and unreachable tolerances are refused
 * before any work; the outputs are written only after everything succeeded, as one set, so a
 * failed run leaves every old file as it was.
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

  @Option(names = "--output-eps",
      description = "Output tolerance E: choose per-parameter tolerances (uniform, then per layer, at most --eps) and"
          + " base sets until the certified global output bound over the whole input domain is at most E; the"
          + " report lists the ladder tried (default: off).")
  Double outputEps;

  @Option(names = "--subset-objective", defaultValue = "fewest-terms",
      description = "What L+1's subset sums over distinct copies minimise: fewest-terms, or least-amplification"
          + " (least sum of |u| within the tolerance, which the copies' errors are amplified by) (default:"
          + " ${DEFAULT-VALUE}).")
  String subsetObjective;

  @Option(names = "--calibration-images", defaultValue = "1000",
      description = "Training images, spread evenly over the training set, for --min-agreement (default: ${DEFAULT-VALUE}).")
  int calibrationImages;

  @Option(names = "--certify-images", defaultValue = "100",
      description = "Test images, spread evenly over the evaluated ones, whose L-infinity balls the output"
          + " certificate covers (default: ${DEFAULT-VALUE}; 0 for the global bound only).")
  int certifyImages;

  @Option(names = "--radius", defaultValue = "0,1,2,4", split = ",",
      description = "Radii of the certified balls in 8-bit pixel levels (default: ${DEFAULT-VALUE}).")
  List<Double> radii;

  @Option(names = "--keep-dead-neurons", negatable = false,
      description = "Build the ticket for the whole target, also for channels proved 0 over the input domain"
          + " (by default they are removed before construction and the removal is certified).")
  boolean keepDeadNeurons;

  @Option(names = "--no-output-certificate", negatable = false,
      description = "Skip the differential output certificate (global bound and certified agreement).")
  boolean noOutputCertificate;

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
    if (outputEps != null && !(outputEps > 0 && Double.isFinite(outputEps))) {
      throw new IllegalArgumentException("--output-eps must be a positive finite number, got " + outputEps);
    }
    if (outputEps != null && minAgreement != null) {
      throw new IllegalArgumentException("give --output-eps or --min-agreement, not both");
    }
    MeetInTheMiddleSolver.Objective objective = objective(subsetObjective);
    if (calibrationImages < 1) {
      throw new IllegalArgumentException("--calibration-images must be positive, got " + calibrationImages);
    }
    if (certifyImages < 0) {
      throw new IllegalArgumentException("--certify-images must be non-negative, got " + certifyImages);
    }
    for (double r : radii) {
      if (!(r >= 0 && r <= 255)) {
        throw new IllegalArgumentException("--radius values must be in [0, 255] pixel levels, got " + r);
      }
    }
    CliPaths.checkDirectory("--data-dir", dataDir);
    if (threads != null && threads < 1) {
      throw new IllegalArgumentException("--threads must be positive, got " + threads);
    }
    int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    Path ticketFile = out != null ? out : Path.of("ticket-" + c.label().replace("+", "plus") + "-seed" + seed + ".safetensors");
    Path reportFile = report != null ? report : ticketFile.resolveSibling(stem(ticketFile) + ".report.json");
    TicketOutputs outputs = new TicketOutputs(ticketFile, reportFile);
    String target = targetOptions.target != null ? targetOptions.target : Targets.MNIST;
    List<Path> inputs = Targets.isBuiltIn(target) ? List.of() : List.of(Path.of(target));
    outputs.check(inputs);

    TargetRequest request = targetOptions.request(Optional.of(target));
    Target resolved = Targets.resolve(request,
        new RandomResNetSettings(Optional.ofNullable(dataDir), seed, bnImages, workers));
    TargetDataset data = resolved.evaluationDataset();
    Normalization normalization = data.normalization();
    Network targetNet = resolved.network();
    double inputBound = request.inputBound().orElse(normalization.maxAbs());
    ConstructionSettings settings = new ConstructionSettings(
        c, eps, seed, rho, rho1, ConstructionSettings.DEFAULT_MAX_SUBSET_SIZE, false, workers, inputBound)
        .withSubsetObjective(objective);
    TicketAssessment assessment = new TicketAssessment(targetNet, TargetLayers.of(targetNet), target, inputBound,
        delta, workers, InputRegion.domain(targetNet.inputShape(), normalization), !keepDeadNeurons);
    TicketJob job = new TicketJob(assessment);
    job.check(settings, outputs, inputs);

    // Spread over the test set: the CIFAR-10 files converted from the image folders are sorted by class.
    Dataset test = images == 0 ? null : data.load(Split.TEST, dataDir).evenlySpaced(images);
    TicketJob.Calibration calibration = null;
    if (minAgreement != null) {
      Dataset train = data.load(Split.TRAIN, dataDir);
      Dataset calibrationSet = train.evenlySpaced(calibrationImages);
      calibration = new TicketJob.Calibration(calibrationSet, minAgreement,
          calibrationSet.size() + " of " + train.size() + " " + train.description() + " images");
    }
    ConstructionReport r;
    try (RungBars rungs = new RungBars(job.constructionSteps())) {
      TicketJob.OutputTolerance tolerance = outputEps == null ? null
          : OutputToleranceTheory.request(outputEps, resolved, settings, delta, normalization, workers);
      r = job.run(settings, test, calibration, tolerance, outputCertificate(normalization, test, seed, workers),
          outputs, inputs,
          new TicketJob.Progress() {
        @Override
        public TaskProgress start(String task, long total) {
          return ProgressBars.task(task, total);
        }

        @Override
        public ToleranceSearch.Listener calibration() {
          return rungs;
        }
      });
    }
    PrintWriter console = spec.commandLine().getOut();
    console.print(ConstructionSummary.of(r));
    console.println("  wrote                " + ticketFile + ", " + outputs.manifest() + ", " + reportFile);
    console.flush();
    return r.certificate().valid() && (r.calibration() == null || r.calibration().reached()) ? 0 : 1;
  }

  private static MeetInTheMiddleSolver.Objective objective(String name) {
    return switch (name) {
      case "fewest-terms" -> MeetInTheMiddleSolver.Objective.FEWEST_TERMS;
      case "least-amplification" -> MeetInTheMiddleSolver.Objective.LEAST_AMPLIFICATION;
      default -> throw new IllegalArgumentException(
          "--subset-objective must be fewest-terms or least-amplification, got " + name);
    };
  }

  /** What the output certificate covers: the whole domain, and balls around evenly spaced test images. */
  private OutputCertificateSection.Request outputCertificate(
      Normalization normalization, Dataset test, long seed, int workers) {
    if (noOutputCertificate) {
      return null;
    }
    Dataset balls = test == null || certifyImages == 0 ? null : test.evenlySpaced(certifyImages);
    return new OutputCertificateSection.Request(normalization, balls, radii, new DifferenceAscentLowerBound(
        DifferenceSearchSettings.defaults().withSeed(seed).withThreads(workers)));
  }

  private static String stem(Path p) {
    String n = p.getFileName().toString();
    return n.endsWith(".safetensors") ? n.substring(0, n.length() - ".safetensors".length()) : n;
  }
}
