package org.ltcheck.experiments.reproduce;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ltcheck.gpu.backend.Backend;
import org.ltcheck.gpu.data.TrainingSets;
import org.ltcheck.gpu.run.Checkpoint;
import org.ltcheck.gpu.run.RunConfig;
import org.ltcheck.gpu.run.RunListener;
import org.ltcheck.gpu.run.TrainingRun;

/**
 * Stages train and prune: the target is trained densely in {@code train/}, then pruned in
 * {@code prune/} by the run {@code ltcheck prune} would do with the same settings. That run's
 * first E epochs are dense training identical to stage train's, so instead of repeating them the
 * pruning run starts from a checkpoint made of stage train's final state: the result is the same,
 * weight for weight, as one uninterrupted {@code ltcheck prune}, and each stage resumes from its
 * own checkpoint.
 */
final class TrainingStages {
  private TrainingStages() {}

  /** Trains densely into {@code dir}, continuing its checkpoint if there is one. */
  static TrainingRun.Result dense(Experiment e, TrainingSettings t, Path dir, Backend backend, TrainingSets data,
      RunListener listener) throws IOException {
    return new TrainingRun(t.denseRun(e.architecture()), e.initialise(t.seed()), dir)
        .run(backend, data.train(), data.test(), true, listener);
  }

  /**
   * Prunes into {@code dir}, continuing its checkpoint, or, when there is none yet, starting
   * from the finished dense run in {@code denseDir}.
   */
  static TrainingRun.Result prune(Experiment e, TrainingSettings t, Path denseDir, Path dir, Backend backend,
      TrainingSets data, RunListener listener) throws IOException {
    TrainingRun run = new TrainingRun(t.pruneRun(e.architecture()), e.initialise(t.seed()), dir);
    if (!Files.exists(run.checkpointFile())) {
      continueAsPruning(denseDir.resolve(TrainingRun.CHECKPOINT), t.denseRun(e.architecture()),
          t.pruneRun(e.architecture()), run.checkpointFile());
    }
    return run.run(backend, data.train(), data.test(), true, listener);
  }

  /**
   * Writes the checkpoint a pruning run {@code prune} would have after its dense phase, from the
   * final checkpoint of the dense run {@code dense}: same weights, optimiser state and step count,
   * no masks, the pruning run's fingerprint.
   *
   * @throws IllegalArgumentException if {@code denseCheckpoint} is not the finished run {@code dense},
   *     or the two runs do not share their dense phase
   */
  static void continueAsPruning(Path denseCheckpoint, RunConfig dense, RunConfig prune, Path target)
      throws IOException {
    RunConfig densePhase = new RunConfig(prune.label(), prune.epochsPerStep(), prune.batchSize(), prune.schedule(),
        prune.optimizer(), prune.seed(), prune.maxBatches(), dense.pruning(), prune.rewind());
    if (!densePhase.equals(dense) || dense.prunes()) {
      throw new IllegalArgumentException("pruning run " + prune + " does not start with dense run " + dense);
    }
    Checkpoint cp = Checkpoint.read(denseCheckpoint);
    if (!cp.fingerprint().equals(dense.fingerprint()) || cp.completedEpochs() != dense.totalEpochs()) {
      throw new IllegalArgumentException(denseCheckpoint + " is not the finished dense run " + dense.fingerprint()
          + " (it holds " + cp.completedEpochs() + " epochs of " + cp.fingerprint() + ")");
    }
    Files.createDirectories(target.getParent());
    new Checkpoint(cp.completedEpochs(), cp.optimizerSteps(), prune.fingerprint(), cp.model(), cp.optimizerState(),
        Map.of()).write(target);
  }

  /** Model file of pruning step {@code step} in a pruning run's directory. */
  static Path stepModel(Path pruneDir, int step) {
    return pruneDir.resolve(TrainingRun.stepModelName(step));
  }

  /** The pruning table: the dense model, then each pruning step's model. */
  static List<PruningStepResult> schedule(Path denseModel, Path pruneDir, int steps) throws IOException {
    List<PruningStepResult> out = new ArrayList<>();
    out.add(PruningStepResult.read(denseModel));
    for (int k = 1; k <= steps; k++) {
      out.add(PruningStepResult.read(stepModel(pruneDir, k)));
    }
    return out;
  }
}
