package org.ltcheck.gpu.run;

import org.ltcheck.gpu.prune.DensitySchedule;
import org.ltcheck.gpu.train.OptimizerConfig;
import org.ltcheck.gpu.train.StepSchedule;

/**
 * Everything that determines a training or pruning run's result. With pruning.steps() = 0 it is
 * plain training for {@code epochsPerStep} epochs; otherwise (K+1)·E epochs: E dense epochs,
 * then K times: prune to the step's density (optionally rewinding the surviving weights to their
 * initial values), reset the optimiser and the learning-rate schedule, train E epochs.
 *
 * @param label what is trained on what (model, data, device-independent), part of the fingerprint
 * @param maxBatches batches per epoch at most, 0 = all (smoke runs)
 */
public record RunConfig(
    String label, int epochsPerStep, int batchSize, StepSchedule schedule, OptimizerConfig optimizer,
    long seed, int maxBatches, DensitySchedule pruning, boolean rewind) {
  public RunConfig {
    if (epochsPerStep < 1) {
      throw new IllegalArgumentException("epochs must be positive, got " + epochsPerStep);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
    }
    if (maxBatches < 0) {
      throw new IllegalArgumentException("max batches must be >= 0, got " + maxBatches);
    }
    if ((long) (pruning.steps() + 1) * epochsPerStep > Integer.MAX_VALUE) {
      throw new IllegalArgumentException((pruning.steps() + 1) + " phases of " + epochsPerStep
          + " epochs are more than " + Integer.MAX_VALUE + " epochs");
    }
  }

  public int totalEpochs() {
    return (pruning.steps() + 1) * epochsPerStep;
  }

  public boolean prunes() {
    return pruning.steps() > 0;
  }

  /** A string that changes whenever a setting that affects the result changes; checked on resume. */
  public String fingerprint() {
    return toString();
  }
}
