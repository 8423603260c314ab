package org.ltcheck.gpu.train;

import java.util.Locale;

/**
 * Which optimiser and its hyper-parameters. Defaults follow open_lth's CIFAR ResNet recipe for
 * SGD (momentum 0.9, weight decay 1e-4) and PyTorch's defaults for Adam (0.9, 0.999, 1e-8).
 */
public record OptimizerConfig(Kind kind, double momentum, double weightDecay, double beta1, double beta2, double eps) {
  public enum Kind {
    SGD,
    ADAM;

    public static Kind parse(String s) {
      for (Kind k : values()) {
        if (k.name().equalsIgnoreCase(s)) {
          return k;
        }
      }
      throw new IllegalArgumentException("unknown optimizer '" + s + "' (expected sgd or adam)");
    }

    public String cliName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public OptimizerConfig {
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("momentum must be in [0,1), got " + momentum);
    }
    if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
      throw new IllegalArgumentException("weight decay must be finite and >= 0, got " + weightDecay);
    }
    if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && eps > 0)) {
      throw new IllegalArgumentException("Adam betas must be in [0,1) and eps > 0, got " + beta1 + ", " + beta2 + ", " + eps);
    }
  }

  public static OptimizerConfig sgd(double momentum, double weightDecay) {
    return new OptimizerConfig(Kind.SGD, momentum, weightDecay, 0.9, 0.999, 1e-8);
  }

  public static OptimizerConfig adam(double weightDecay) {
    return new OptimizerConfig(Kind.ADAM, 0, weightDecay, 0.9, 0.999, 1e-8);
  }

  /** A fresh optimiser with zero state. */
  public Optimizer create() {
    return new StatefulOptimizer(this);
  }
}
