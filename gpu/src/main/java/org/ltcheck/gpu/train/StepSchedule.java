package org.ltcheck.gpu.train;

import java.util.Arrays;

/**
 * Step learning-rate schedule (PyTorch MultiStepLR): lr(epoch) = base * gamma^(number of
 * milestones <= epoch), with 0-based epochs counted from the start of the training phase.
 */
public record StepSchedule(double baseLr, int[] milestones, double gamma) {
  public StepSchedule {
    if (!(baseLr > 0) || !Double.isFinite(baseLr)) {
      throw new IllegalArgumentException("learning rate must be positive and finite, got " + baseLr);
    }
    if (!(gamma > 0) || !Double.isFinite(gamma)) {
      throw new IllegalArgumentException("schedule gamma must be positive and finite, got " + gamma);
    }
    milestones = milestones.clone();
    for (int i = 0; i < milestones.length; i++) {
      if (milestones[i] < 1 || (i > 0 && milestones[i] <= milestones[i - 1])) {
        throw new IllegalArgumentException("milestones must be increasing positive epochs, got " + Arrays.toString(milestones));
      }
    }
  }

  /** A constant learning rate. */
  public static StepSchedule constant(double lr) {
    return new StepSchedule(lr, new int[0], 1);
  }

  @Override
  public int[] milestones() {
    return milestones.clone();
  }

  public double lr(int epoch) {
    int passed = 0;
    for (int m : milestones) {
      if (epoch >= m) {
        passed++;
      }
    }
    return baseLr * Math.pow(gamma, passed);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StepSchedule s && baseLr == s.baseLr && gamma == s.gamma && Arrays.equals(milestones, s.milestones);
  }

  @Override
  public int hashCode() {
    return Double.hashCode(baseLr) * 31 + Arrays.hashCode(milestones);
  }

  @Override
  public String toString() {
    return "StepSchedule[lr=" + baseLr + ", milestones=" + Arrays.toString(milestones) + ", gamma=" + gamma + "]";
  }
}
