package org.ltcheck.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ltcheck.assess.TaskProgress;
import org.ltcheck.experiments.reproduce.ConstructionGrid;
import org.ltcheck.experiments.reproduce.Experiment;
import org.ltcheck.experiments.reproduce.Preset;
import org.ltcheck.experiments.reproduce.Reproduction;
import org.ltcheck.experiments.reproduce.ReproductionListener;
import org.ltcheck.experiments.reproduce.ReproductionReport;
import org.ltcheck.experiments.reproduce.ReproductionSettings;
import org.ltcheck.experiments.reproduce.RunEnvironment;
import org.ltcheck.experiments.reproduce.StageOutcome;
import org.ltcheck.experiments.reproduce.TrainingSettings;
import org.ltcheck.gpu.backend.Device;
import org.ltcheck.theory.Construction;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ltcheck reproduce mnist|resnet}: the paper's experiments end to end — train the target,
 * prune it, construct and certify L+1 and 2L tickets for several ε and seeds, evaluate them, and
 * write a report with tables and figures. The work is {@link Reproduction}'s; this class turns
 * options into {@link ReproductionSettings} and shows progress. Every stage is resumable: run
 * the same command again to continue after an interruption.
 */
@Command(
    name = "reproduce",
    mixinStandardHelpOptions = true,
    description = "Reproduce the paper's experiments: train, prune, construct and certify tickets, report.",
    subcommands = {ReproduceCommand.Mnist.class, ReproduceCommand.Resnet.class})
public final class ReproduceCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing experiment: mnist or resnet");
  }

  /** {@code ltcheck reproduce mnist}. */
  @Command(name = "mnist", mixinStandardHelpOptions = true,
      description = {"The MNIST CNN (PAPER §7): train, prune, construct L+1 and 2L tickets, report.",
          "Writes train/, prune/, construct/, subset-stats/, report.json, report.md and PNG figures into --out."})
  static final class Mnist implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Options options;

    @Override
    public Integer call() throws IOException {
      return options.execute(Experiment.MNIST, spec);
    }
  }

  /** {@code ltcheck reproduce resnet}. */
  @Command(name = "resnet", mixinStandardHelpOptions = true,
      description = {"ResNet-22 on CIFAR-10 (PAPER §7): train, prune, construct L+1 and 2L tickets, report.",
          "Fails at once if this build's construction does not handle residual networks."})
  static final class Resnet implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Options options;

    @Override
    public Integer call() throws IOException {
      return options.execute(Experiment.RESNET, spec);
    }
  }

  /** Which preset the other options start from. */
  static final class PresetChoice {
    @Option(names = "--quick", required = true,
        description = "Smoke run of every stage in minutes on 2 CPU cores: 1 epoch of <= 20 batches per phase, "
            + "2 pruning steps, eps 0.1,0.01, 1 mother seed, 500 test images.")
    boolean quick;

    @Option(names = "--paper", required = true,
        description = "The paper's settings (the default): 50 epochs per phase, 12 pruning steps, "
            + "eps 0.1,0.05,0.01, 5 mother seeds, the whole test set.")
    boolean paper;

    Preset preset() {
      return quick ? Preset.QUICK : Preset.PAPER;
    }
  }

  /** Options of both experiments; those left out take the preset's value. */
  static final class Options {
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    PresetChoice presetChoice;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory; rerun with the same DIR to resume.")
    Path out;

    @Option(names = "--epochs", paramLabel = "E", description = "Epochs of dense training and after each pruning step (paper 50, quick 1).")
    Integer epochs;

    @Option(names = "--steps", paramLabel = "K", description = "Pruning steps (paper 12, quick 2).")
    Integer steps;

    @Option(names = "--final-density", paramLabel = "D", description = "Density after the last pruning step (default: 0.1).")
    Double finalDensity;

    @Option(names = "--max-batches", paramLabel = "N", description = "At most N batches per epoch, 0 = all (paper 0, quick 20).")
    Integer maxBatches;

    @Option(names = "--batch-size", description = "Mini-batch size (MNIST 64, ResNet 128).")
    Integer batchSize;

    @Option(names = "--lr", description = "Initial learning rate of each training phase (MNIST 0.01, ResNet 0.1).")
    Double lr;

    @Option(names = "--constructions", split = ",", paramLabel = "L+1|2L", description = "Constructions (default: L+1,2L).")
    List<String> constructions;

    @Option(names = "--eps", split = ",", paramLabel = "EPS", description = "Per-parameter tolerances (paper 0.1,0.05,0.01; quick 0.1,0.01).")
    List<Double> eps;

    @Option(names = "--mother-seeds", split = ",", paramLabel = "SEED", description = "Mother seeds, one repetition each (paper 1..5, quick 1).")
    List<Long> motherSeeds;

    @Option(names = "--images", description = "Test images, spread evenly over the test set, to compare target and ticket on (paper 10000, quick 500).")
    Integer images;

    @Option(names = "--rho", description = "Copies per channel in L+1 sum layers (default: 15).")
    Integer rho;

    @Option(names = "--rho1", description = "Copies per channel in copy layers (default: 30).")
    Integer rho1;

    @Option(names = "--delta", description = "Failure probability of the theory's width bound (default: 0.01).")
    Double delta;

    @Option(names = "--seed", defaultValue = "0", description = "Run seed: initialisation, data order, augmentation, subset-sum statistics (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--data-dir", description = "Directory with (or for) the data set files (default: fetch and cache).")
    Path dataDir;

    @Option(names = "--device", defaultValue = "auto", description = "Training device: auto, cpu or cuda (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--stage", paramLabel = "pareto",
        description = "Run only this stage: pareto (MNIST; ticket size vs mother width on the bundled target,"
            + " needs no training).")
    String stage;

    @Option(names = "--threads", defaultValue = "0", description = "CPU threads, 0 = all processors (default: ${DEFAULT-VALUE}).")
    int threads;

    Preset preset() {
      return presetChoice == null ? Preset.PAPER : presetChoice.preset();
    }

    /** The preset's settings with every given option applied; bad values name the option. */
    ReproductionSettings settings(Experiment experiment) {
      Preset preset = preset();
      ReproductionSettings base = preset.settings(experiment, seed);
      TrainingSettings t = base.training();
      int e = epochs != null ? epochs : t.epochs();
      TrainingSettings training = new TrainingSettings(e, steps != null ? steps : t.steps(),
          finalDensity != null ? finalDensity : t.finalDensity(), batchSize != null ? batchSize : t.batchSize(),
          experiment.schedule(lr != null ? lr : experiment.learningRate(), e), t.optimizer(), seed,
          maxBatches != null ? maxBatches : t.maxBatches());
      ConstructionGrid g = base.grid();
      ConstructionGrid grid = new ConstructionGrid(
          constructions == null ? g.constructions() : constructions.stream().map(String::trim).map(Construction::fromLabel).toList(),
          eps != null ? eps : g.epsilons(), motherSeeds != null ? motherSeeds : g.motherSeeds(),
          rho != null ? rho : g.rho(), rho1 != null ? rho1 : g.rho1(), delta != null ? delta : g.delta(),
          images != null ? images : g.images());
      return base.withTraining(training).withGrid(grid);
    }

    Integer execute(Experiment experiment, CommandSpec spec) throws IOException {
      ReproductionSettings settings = settings(experiment);
      CliPaths.checkDirectory("--data-dir", dataDir);
      RunEnvironment env = new RunEnvironment(dataDir, Device.parse(device), threads);
      PrintWriter stdout = spec.commandLine().getOut();
      long t0 = System.nanoTime();
      Reproduction reproduction = new Reproduction(settings, env, out, new Listener(stdout, spec.commandLine().getErr()));
      if (stage != null) {
        if (!stage.equals("pareto")) {
          throw new IllegalArgumentException("--stage must be pareto, got " + stage);
        }
        StageOutcome o = reproduction.pareto();
        stdout.printf(Locale.ROOT, "%nwrote %s in %.1f s%n", o.outputs(), (System.nanoTime() - t0) / 1e9);
        stdout.flush();
        return 0;
      }
      Reproduction.Result r = reproduction.run();
      stdout.println();
      stdout.print(ReproductionReport.ticketTable(r.reportJson()));
      stdout.printf(Locale.ROOT, "%nwrote %s and %s (%s) in %.1f s%n", r.reportJson(), r.reportMarkdown(),
          r.certificatesValid() ? "every certificate valid" : "SOME CERTIFICATES INVALID", (System.nanoTime() - t0) / 1e9);
      stdout.flush();
      return r.certificatesValid() ? 0 : 1;
    }
  }

  /** Progress bars and notices on stderr, one summary line per stage on stdout. */
  private record Listener(PrintWriter stdout, PrintWriter stderr) implements ReproductionListener {
    @Override
    public void stageFinished(StageOutcome o) {
      stdout.printf(Locale.ROOT, "%-36s %s %8.1f s%n", o.stage(), o.reused() ? "reused" : "done  ", o.seconds());
      stdout.flush();
    }

    @Override
    public TrainingMonitor training(String stage, Path log, boolean pruning) {
      return new TrainingProgress(log, pruning, true);
    }

    @Override
    public TaskProgress progress(String task, long total) {
      return ProgressBars.task(task, total);
    }

    @Override
    public void notice(String message) {
      stderr.println(message);
      stderr.flush();
    }
  }
}
