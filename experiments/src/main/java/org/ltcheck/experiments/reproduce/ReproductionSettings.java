package org.ltcheck.experiments.reproduce;

import java.util.Objects;

/**
 * Everything that determines the results of a reproduction; what only decides where and how fast
 * it runs is in {@link RunEnvironment}.
 *
 * @param experiment MNIST CNN or ResNet-22
 * @param preset the preset the values started from (its subset-sum statistics are used as they are)
 * @param training stages train and prune
 * @param grid stage construct
 */
public record ReproductionSettings(Experiment experiment, Preset preset, TrainingSettings training, ConstructionGrid grid) {
  public ReproductionSettings {
    Objects.requireNonNull(experiment, "experiment");
    Objects.requireNonNull(preset, "preset");
    Objects.requireNonNull(training, "training");
    Objects.requireNonNull(grid, "grid");
  }

  public ReproductionSettings withTraining(TrainingSettings t) {
    return new ReproductionSettings(experiment, preset, t, grid);
  }

  public ReproductionSettings withGrid(ConstructionGrid g) {
    return new ReproductionSettings(experiment, preset, training, g);
  }
}
