package org.ltcheck.experiments.reproduce;

import org.ltcheck.gpu.models.Architecture;
import org.ltcheck.gpu.prune.DensitySchedule;
import org.ltcheck.gpu.run.RunConfig;
import org.ltcheck.gpu.train.OptimizerConfig;
import org.ltcheck.gpu.train.StepSchedule;

/**
 * How the target is trained and pruned (stages train and prune): E dense epochs, then K steps
 * of global magnitude pruning to the exponentially annealed density d^(k/K), each followed by E
 * epochs of training (PAPER §7: K = 12, E = 50).
 *
 * @param epochs E, epochs of dense training and of training after each pruning step
 * @param steps K, pruning steps
 * @param finalDensity d, fraction of conv and linear weights kept after the last step
 * @param batchSize mini-batch size
 * @param schedule learning rate within each training phase
 * @param optimizer optimiser and its hyper-parameters
 * @param seed the run seed: initialisation, data order, augmentation
 * @param maxBatches batches per epoch at most (train and test), 0 = all (smoke runs)
 */
public record TrainingSettings(
    int epochs, int steps, double finalDensity, int batchSize, StepSchedule schedule, OptimizerConfig optimizer,
    long seed, int maxBatches) {
  public TrainingSettings {
    if (steps < 1) {
      throw new IllegalArgumentException("--steps must be >= 1, got " + steps);
    }
    // The run configurations check the rest, naming the bad value; build both once now.
    new DensitySchedule(finalDensity, steps);
    new RunConfig("check", epochs, batchSize, schedule, optimizer, seed, maxBatches, new DensitySchedule(1, 0), false);
  }

  /**
   * Stage train: E epochs of dense training. Labelled like {@code ltcheck train} on real data,
   * so that its checkpoint is interchangeable with one that command wrote.
   */
  public RunConfig denseRun(Architecture arch) {
    return new RunConfig(label(arch), epochs, batchSize, schedule, optimizer, seed, maxBatches,
        new DensitySchedule(1, 0), false);
  }

  /**
   * Stage prune: the run {@code ltcheck prune} would do with these settings (without rewinding).
   * Its first E epochs are, epoch for epoch, those of {@link #denseRun}: same seed, data order,
   * learning rates and optimiser, and the optimiser is reset at the first pruning step anyway.
   */
  public RunConfig pruneRun(Architecture arch) {
    return new RunConfig(label(arch), epochs, batchSize, schedule, optimizer, seed, maxBatches,
        new DensitySchedule(finalDensity, steps), false);
  }

  private static String label(Architecture arch) {
    return arch.runLabel() + "/real";
  }
}
