package org.ltcheck.experiments.reproduce;

import java.util.List;
import java.util.Locale;
import java.util.stream.LongStream;
import org.ltcheck.build.ConstructionSettings;
import org.ltcheck.theory.Construction;

/**
 * Named settings of {@code ltcheck reproduce}; every value can still be overridden one by one.
 *
 * <ul>
 *   <li>{@link #QUICK}: a smoke run of every stage that finishes in minutes on two CPU cores
 *       (CI): one epoch of at most 20 batches per phase, 2 pruning steps, ε ∈ {0.1, 0.01}, one
 *       mother seed, 500 test images, the quick subset-sum statistics.
 *   <li>{@link #PAPER}: PAPER §7: 50 epochs per phase, 12 pruning steps to density 0.1,
 *       ε ∈ {0.1, 0.05, 0.01}, 5 mother seeds, the whole test set, the standard subset-sum
 *       statistics.
 * </ul>
 * Both build L+1 and 2L tickets with ρ = 15, ρ₁ = 30, δ = 0.01.
 */
public enum Preset {
  QUICK(1, 2, 20, List.of(0.1, 0.01), 1, 500),
  PAPER(50, 12, 0, List.of(0.1, 0.05, 0.01), 5, 10_000);

  /** Density after the last pruning step (the paper's target keeps about 10%). */
  public static final double FINAL_DENSITY = 0.1;
  /** Failure probability of the theory's width bound. */
  public static final double DELTA = 0.01;

  private final int epochs;
  private final int steps;
  private final int maxBatches;
  private final List<Double> epsilons;
  private final int repetitions;
  private final int images;

  Preset(int epochs, int steps, int maxBatches, List<Double> epsilons, int repetitions, int images) {
    this.epochs = epochs;
    this.steps = steps;
    this.maxBatches = maxBatches;
    this.epsilons = epsilons;
    this.repetitions = repetitions;
    this.images = images;
  }

  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public int epochs() {
    return epochs;
  }

  public int steps() {
    return steps;
  }

  public int maxBatches() {
    return maxBatches;
  }

  public List<Double> epsilons() {
    return epsilons;
  }

  /** Mother seeds 1..repetitions. */
  public List<Long> motherSeeds() {
    return LongStream.rangeClosed(1, repetitions).boxed().toList();
  }

  public int images() {
    return images;
  }

  /** The preset's settings for {@code experiment}, training with run seed {@code seed}. */
  public ReproductionSettings settings(Experiment experiment, long seed) {
    TrainingSettings training = new TrainingSettings(epochs, steps, FINAL_DENSITY, experiment.batchSize(),
        experiment.schedule(experiment.learningRate(), epochs), experiment.optimizer(), seed, maxBatches);
    ConstructionGrid grid = new ConstructionGrid(List.of(Construction.L_PLUS_ONE, Construction.TWO_L), epsilons,
        motherSeeds(), ConstructionSettings.DEFAULT_RHO, ConstructionSettings.DEFAULT_RHO1, DELTA, images);
    return new ReproductionSettings(experiment, this, training, grid);
  }
}
