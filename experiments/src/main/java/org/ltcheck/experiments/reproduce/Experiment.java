package org.ltcheck.experiments.reproduce;

import java.io.IOException;
import java.util.Arrays;
import java.nio.file.Path;
import org.ltcheck.build.TargetLayers;
import org.ltcheck.data.Dataset;
import org.ltcheck.data.Normalization;
import org.ltcheck.data.Split;
import org.ltcheck.gpu.data.TrainingSets;
import org.ltcheck.gpu.models.Architecture;
import org.ltcheck.gpu.train.NamedNetwork;
import org.ltcheck.gpu.train.OptimizerConfig;
import org.ltcheck.gpu.train.Seeds;
import org.ltcheck.gpu.train.StepSchedule;

/**
 * The two experiments of the paper (PAPER §7): which network is trained on which data, with
 * which recipe, and over which input domain the output-error bound is taken.
 */
public enum Experiment {
  /** The 3-layer MNIST CNN; trained with ltcheck's defaults (SGD 0.01, momentum 0.9, batch 64). */
  MNIST("mnist", Architecture.MNIST_CNN, "MNIST CNN (conv 1→32, conv 32→32, linear 25088→10)", 64, 0.01, new double[0]),
  /**
   * ResNet-22 on CIFAR-10 with open_lth's recipe (SGD 0.1, momentum 0.9, weight decay 1e-4,
   * batch 128, learning rate ×0.1 at 50% and 75% of each training phase: open_lth's 80/120 of
   * 160 epochs, scaled to the phase length).
   */
  RESNET("resnet", Architecture.CIFAR_RESNET_20, "ResNet-22 (open_lth cifar_resnet_20 with 1×1 shortcuts) on CIFAR-10", 128, 0.1,
      new double[] {0.5, 0.75});

  private final String cliName;
  private final Architecture architecture;
  private final String description;
  private final int batchSize;
  private final double lr;
  private final double[] milestoneFractions;

  Experiment(String cliName, Architecture architecture, String description, int batchSize, double lr,
      double[] milestoneFractions) {
    this.cliName = cliName;
    this.architecture = architecture;
    this.description = description;
    this.batchSize = batchSize;
    this.lr = lr;
    this.milestoneFractions = milestoneFractions;
  }

  public String cliName() {
    return cliName;
  }

  public Architecture architecture() {
    return architecture;
  }

  public String description() {
    return description;
  }

  /** Mini-batch size of the experiment's recipe. */
  public int batchSize() {
    return batchSize;
  }

  /** The recipe's learning-rate schedule for training phases of {@code epochs} epochs. */
  public StepSchedule schedule(double baseLr, int epochs) {
    int[] milestones = Arrays.stream(milestoneFractions)
        .mapToInt(f -> (int) Math.round(f * epochs)).filter(m -> m >= 1 && m < epochs).distinct().toArray();
    // gamma 0.1 as ltcheck train's default, so that a run without milestones has the same fingerprint.
    return new StepSchedule(baseLr, milestones, 0.1);
  }

  /** The recipe's base learning rate. */
  public double learningRate() {
    return lr;
  }

  /** The recipe's optimiser: SGD with momentum 0.9 and weight decay 1e-4 (both experiments). */
  public OptimizerConfig optimizer() {
    return OptimizerConfig.sgd(0.9, 1e-4);
  }

  /**
   * The largest |x| of a normalised input: pixels lie in [0, 1], so per channel it is
   * max(mean, 1 − mean)/std. The worst-case output-error bound is taken over this domain.
   */
  public double inputBound() {
    Normalization n = TrainingSets.normalization(architecture);
    double bound = 0;
    for (int c = 0; c < n.channels(); c++) {
      bound = Math.max(bound, Math.max(n.mean()[c], 1 - n.mean()[c]) / n.std()[c]);
    }
    return bound;
  }

  /** The normalised test split, on which targets and tickets are compared. */
  public Dataset testSet(Path dataDir) throws IOException {
    return TrainingSets.dataset(architecture, Split.TEST, dataDir);
  }

  /** A freshly initialised network of the run with {@code seed}, as {@code ltcheck train} initialises it. */
  public NamedNetwork initialise(long seed) {
    return architecture.initialise(Seeds.derive(seed, Seeds.Purpose.INIT, 0));
  }

  /**
   * Fails fast, before hours of training, when the ticket construction of this build cannot
   * handle the experiment's architecture (ResNets need the residual construction).
   *
   * @throws IllegalArgumentException naming the experiment and what the construction rejected
   */
  public void requireConstructionSupport() {
    try {
      TargetLayers.of(initialise(0).network());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("ticket construction for " + architecture.cliName()
          + " is not available in this build (" + e.getMessage() + ")", e);
    }
  }
}
