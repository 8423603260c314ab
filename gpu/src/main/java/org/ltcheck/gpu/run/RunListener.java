package org.ltcheck.gpu.run;

import java.nio.file.Path;

/** Progress of a {@link TrainingRun}, for progress bars and logs. */
public interface RunListener {
  /** Epoch {@code epoch} (1-based, global) of pruning step {@code step} starts with {@code batches} batches. */
  default void epochStarted(int epoch, int step, int batches) {}

  default void batchDone(int batch, int batches, double meanLoss, double accuracy) {}

  /** Called after the epoch's checkpoint is safely on disk. */
  default void epochDone(EpochRecord record) {}

  /** A pruning step finished and its model was written to {@code file}. */
  default void stepDone(int step, double density, Path file) {}

  RunListener NONE = new RunListener() {};
}
