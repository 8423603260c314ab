package org.ltcheck.experiments.reproduce;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ltcheck.build.TargetLayer;
import org.ltcheck.build.TargetLayers;
import java.util.stream.Stream;
import org.ltcheck.assess.ConstructionReport;
import org.ltcheck.data.Dataset;
import org.ltcheck.gpu.backend.Backend;
import org.ltcheck.gpu.backend.Backends;
import org.ltcheck.gpu.data.TrainingSets;
import org.ltcheck.gpu.run.ModelFiles;
import org.ltcheck.gpu.run.RunConfig;
import org.ltcheck.gpu.run.TrainingRun;
import org.ltcheck.io.AtomicFiles;
import org.ltcheck.model.Network;

/**
 * The reproduction of the paper's experiments (PAPER §7) as a resumable pipeline in one output
 * directory:
 *
 * <ol>
 *   <li><b>train</b> ({@code train/}): dense training of the target;
 *   <li><b>prune</b> ({@code prune/}): iterative magnitude pruning with exponentially annealed
 *       density, continuing stage train (see {@link TrainingStages});
 *   <li><b>construct</b> ({@code construct/}): for every construction × ε × mother seed a ticket
 *       inside a seeded mother, certified parameter by parameter, its output-error bound, the
 *       theory's mother, and target and ticket on the test set ({@code <cell>.report.json},
 *       {@code <cell>.safetensors} and its manifest);
 *   <li><b>subset-stats</b> ({@code subset-stats/}): the empirical subset-sum success rates
 *       behind the widths;
 *   <li><b>pareto</b> ({@code pareto/}, MNIST only): ticket size against the mother's base-set
 *       size on the bundled target ({@link ParetoStage});
 *   <li><b>report</b>: {@code report.json}, {@code report.md} and the figures.
 * </ol>
 *
 * Each stage, and each cell of stage construct, ends by writing its marker atomically (see
 * {@link StageMarkers}); a rerun with the same settings keeps every finished stage untouched and
 * continues an interrupted training stage from its checkpoint. A rerun with other settings
 * fails on the first stage whose result they would change, rather than mixing results.
 */
public final class Reproduction {
  /** Name of the marker file of a stage directory. */
  public static final String MARKER = "stage.json";
  /** Suffix of the per-cell report (and marker) of stage construct. */
  public static final String CELL_REPORT_SUFFIX = ".report.json";
  /** The JSON Lines epoch log of each training stage. */
  public static final String EPOCH_LOG = "log.jsonl";

  private final ReproductionSettings settings;
  private final RunEnvironment env;
  private final Path out;
  private final ReproductionListener listener;

  /** What a reproduction did and where its report is. */
  public record Result(List<StageOutcome> stages, Path reportJson, Path reportMarkdown, boolean certificatesValid) {
    public Result {
      stages = List.copyOf(stages);
    }
  }

  public Reproduction(ReproductionSettings settings, RunEnvironment env, Path out, ReproductionListener listener) {
    this.settings = settings;
    this.env = env;
    this.out = out;
    this.listener = listener;
  }

  public Path trainDir() {
    return out.resolve("train");
  }

  public Path pruneDir() {
    return out.resolve("prune");
  }

  public Path constructDir() {
    return out.resolve("construct");
  }

  public Path subsetStatsDir() {
    return out.resolve("subset-stats");
  }

  /**
   * Runs every stage that is not finished yet.
   *
   * @throws IllegalArgumentException if the experiment's construction is not available in this
   *     build (checked before any training), or {@code out} holds stages finished with other
   *     settings
   * @throws IOException if data or files cannot be read or written
   */
  public Result run() throws IOException {
    settings.experiment().requireConstructionSupport();
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new IllegalArgumentException("--out " + out + " is a file, not a directory");
    }
    boolean created = !Files.exists(out);
    Files.createDirectories(out);
    // A run killed during a write (kill -9) left temporary files that no stage would remove.
    AtomicFiles.removeStaleTempsUnder(out);
    try {
      List<StageOutcome> stages = new ArrayList<>();
      stages.addAll(training());
      List<ObjectNode> cells = new ArrayList<>();
      stages.addAll(construction(cells));
      stages.add(subsetStatistics());
      if (settings.experiment() == Experiment.MNIST) {
        stages.add(pareto());
      }
      return report(stages, cells);
    } catch (IOException | RuntimeException e) {
      if (created) {
        removeEmptyDirectories(out);
      }
      throw e;
    }
  }

  /**
   * Removes {@code dir} and the directories under it as long as they hold no file: a run that
   * failed on its inputs (a corrupt --data-dir) leaves no empty --out behind, while the files of
   * finished stages stay for a resume.
   */
  private static void removeEmptyDirectories(Path dir) throws IOException {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path e : entries.toList()) {
        removeEmptyDirectories(e);
      }
    }
    try (Stream<Path> left = Files.list(dir)) {
      if (left.findAny().isEmpty()) {
        Files.delete(dir);
      }
    }
  }

  private List<StageOutcome> training() throws IOException {
    Experiment e = settings.experiment();
    TrainingSettings t = settings.training();
    RunConfig dense = t.denseRun(e.architecture());
    RunConfig prune = t.pruneRun(e.architecture());
    Path trainMarker = trainDir().resolve(MARKER);
    Path pruneMarker = pruneDir().resolve(MARKER);
    boolean trainDone = StageMarkers.finished(trainMarker, "train", dense.fingerprint());
    boolean pruneDone = StageMarkers.finished(pruneMarker, "prune", prune.fingerprint());
    List<StageOutcome> outcomes = new ArrayList<>();
    if (trainDone) {
      outcomes.add(announce(StageMarkers.outcome(trainMarker, out)));
    }
    if (trainDone && pruneDone) {
      outcomes.add(announce(StageMarkers.outcome(pruneMarker, out)));
      return outcomes;
    }
    TrainingSets data = trainingSets();
    try (Backend backend = Backends.create(env.device(), env.threads(), listener::notice)) {
      listener.notice("training on " + backend.name());
      if (!trainDone) {
        outcomes.add(trainingStage("train", trainDir(), dense.fingerprint(), false,
            m -> TrainingStages.dense(e, t, trainDir(), backend, data, m)));
      }
      outcomes.add(pruneDone ? announce(StageMarkers.outcome(pruneMarker, out)) : trainingStage("prune", pruneDir(),
          prune.fingerprint(), true, m -> TrainingStages.prune(e, t, trainDir(), pruneDir(), backend, data, m)));
    }
    return outcomes;
  }

  /**
   * The training data, and as test data the whole test set or, when epochs are cut to
   * {@code --max-batches}, as many test images as those batches hold, spread evenly over the test
   * set: the first batches of a class-sorted test set (CIFAR-10 from its image folders) would
   * hold a single class.
   */
  private TrainingSets trainingSets() throws IOException {
    Experiment e = settings.experiment();
    TrainingSettings t = settings.training();
    TrainingSets data = TrainingSets.load(e.architecture(), env.dataDir(), 0, t.seed());
    if (t.maxBatches() == 0) {
      return data;
    }
    Dataset test = e.testSet(env.dataDir()).evenlySpaced(t.maxBatches() * t.batchSize());
    return new TrainingSets(data.train(), TrainingSets.of(test));
  }

  /** A training run of a stage. */
  @FunctionalInterface
  private interface TrainingWork {
    TrainingRun.Result run(ReproductionListener.TrainingMonitor monitor) throws IOException;
  }

  /** Runs a training stage in {@code dir} with its epoch log and marks it finished. */
  private StageOutcome trainingStage(String stage, Path dir, String fingerprint, boolean pruning, TrainingWork work)
      throws IOException {
    listener.stageStarted(stage);
    long t0 = System.nanoTime();
    Path log = dir.resolve(EPOCH_LOG);
    TrainingRun.Result r;
    try (ReproductionListener.TrainingMonitor m = listener.training(stage, log, pruning)) {
      r = work.run(m);
    }
    List<Path> outputs = List.of(r.modelFile(), log);
    double seconds = (System.nanoTime() - t0) / 1e9;
    StageMarkers.write(dir.resolve(MARKER), StageMarkers.marker(stage, fingerprint, seconds, out, outputs));
    return announce(new StageOutcome(stage, false, seconds, outputs));
  }

  /** The pruned target that stage construct starts from. */
  public Path prunedTarget() {
    return pruneDir().resolve(TrainingRun.PRUNED);
  }

  private List<StageOutcome> construction(List<ObjectNode> records) throws IOException {
    ConstructionGrid grid = settings.grid();
    String upstream = settings.training().pruneRun(settings.experiment().architecture()).fingerprint();
    TicketRuns runs = null;
    List<StageOutcome> outcomes = new ArrayList<>();
    for (ConstructionGrid.Cell cell : grid.cells()) {
      String stage = "construct " + cell.label();
      String fingerprint = TicketRuns.FORMAT + " | " + upstream + " | " + grid.settings(cell, 1) + " | images="
          + grid.images() + " delta=" + grid.delta();
      Path marker = constructDir().resolve(cell.id() + CELL_REPORT_SUFFIX);
      Path ticket = constructDir().resolve(cell.id() + ".safetensors");
      if (StageMarkers.finished(marker, stage, fingerprint)) {
        ObjectNode record = StageMarkers.read(marker);
        records.add(record);
        outcomes.add(announce(new StageOutcome(stage, true, record.path("stageSeconds").asDouble(), List.of(marker, ticket))));
        continue;
      }
      if (runs == null) {
        runs = ticketRuns();
      }
      listener.stageStarted(stage);
      long t0 = System.nanoTime();
      ConstructionReport report = runs.run(cell, ticket, listener);
      double seconds = (System.nanoTime() - t0) / 1e9;
      ObjectNode record = TicketRuns.record(report, fingerprint, out.relativize(ticket).toString(), seconds);
      StageMarkers.write(marker, record);
      records.add(record);
      outcomes.add(announce(new StageOutcome(stage, false, seconds, List.of(marker, ticket))));
    }
    return outcomes;
  }

  /** Loads the pruned target and the test images, once, when a construction cell has to run. */
  private TicketRuns ticketRuns() throws IOException {
    Experiment e = settings.experiment();
    Network target = ModelFiles.read(prunedTarget(), e.initialise(settings.training().seed())).network();
    List<TargetLayer> layers = TargetLayers.of(target);
    Dataset test = e.testSet(env.dataDir()).evenlySpaced(settings.grid().images());
    Files.createDirectories(constructDir());
    return new TicketRuns(target, layers, out.relativize(prunedTarget()).toString(), test, e.inputBound(), settings.grid(),
        env.workers());
  }

  public Path paretoDir() {
    return out.resolve(ParetoStage.STEM);
  }

  /**
   * Stage pareto alone (MNIST only): it builds on the bundled target, not on the training, so it
   * can run without the other stages.
   *
   * @return the stage's outcome; its outputs are {@code pareto.json}, {@code .md} and {@code .png}
   * @throws IllegalArgumentException for the ResNet experiment
   */
  public StageOutcome pareto() throws IOException {
    if (settings.experiment() != Experiment.MNIST) {
      throw new IllegalArgumentException("stage pareto is measured on the MNIST target only, not on "
          + settings.experiment().cliName());
    }
    Files.createDirectories(out);
    return announce(ParetoStage.run(ParetoSettings.of(settings.preset()), paretoDir(), env.dataDir(), env.workers(),
        listener));
  }

  private StageOutcome subsetStatistics() throws IOException {
    return announce(SubsetSumStage.run(settings.preset(), settings.training().seed(), subsetStatsDir(), env.workers(),
        listener));
  }

  private Result report(List<StageOutcome> stages, List<ObjectNode> cells) throws IOException {
    List<PruningStepResult> pruning = TrainingStages.schedule(
        trainDir().resolve(TrainingRun.MODEL), pruneDir(), settings.training().steps());
    List<Path> successPlots = stages.stream().filter(o -> o.stage().equals(SubsetSumStage.STEM))
        .flatMap(o -> o.outputs().stream()).filter(p -> p.toString().endsWith(".png")).toList();
    ReproductionReport report = new ReproductionReport(settings, pruning, cells, stages, successPlots);
    List<StageOutcome> all = new ArrayList<>(stages);
    all.add(announce(report.write(out, listener)));
    boolean valid = cells.stream().allMatch(c -> c.path("certificateValid").asBoolean(false));
    return new Result(all, out.resolve(ReproductionReport.JSON_FILE), out.resolve(ReproductionReport.MARKDOWN_FILE),
        valid);
  }

  /** Tells the listener, once, how a stage ended. */
  private StageOutcome announce(StageOutcome o) {
    listener.stageFinished(o);
    return o;
  }
}
