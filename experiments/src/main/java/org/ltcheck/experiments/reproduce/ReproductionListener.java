package org.ltcheck.experiments.reproduce;

import java.nio.file.Path;
import org.ltcheck.assess.TaskProgress;
import org.ltcheck.gpu.run.RunListener;

/**
 * What a {@link Reproduction} reports while it runs. The pipeline only computes; the command
 * line turns these calls into progress bars, logs and summary lines, tests into nothing.
 */
public interface ReproductionListener {
  /** Follows a training run; closed when the run ends, also on failure. */
  interface TrainingMonitor extends RunListener, AutoCloseable {
    @Override
    void close();

    TrainingMonitor NONE = () -> {};
  }

  /** Stage {@code stage} starts its work (not called for a stage that is reused). */
  default void stageStarted(String stage) {}

  /** Stage {@code outcome.stage()} is finished, run or reused. */
  default void stageFinished(StageOutcome outcome) {}

  /**
   * A monitor for the training run of stage {@code stage}.
   *
   * @param log where the run's JSON Lines epoch log belongs
   * @param pruning whether the run prunes
   */
  default TrainingMonitor training(String stage, Path log, boolean pruning) {
    return TrainingMonitor.NONE;
  }

  /** Progress of {@code task}, {@code total} units. */
  default TaskProgress progress(String task, long total) {
    return TaskProgress.NONE;
  }

  /** Something worth a line to the user (e.g. which backend trains). */
  default void notice(String message) {}

  /** Reports nothing. */
  ReproductionListener SILENT = new ReproductionListener() {};
}
