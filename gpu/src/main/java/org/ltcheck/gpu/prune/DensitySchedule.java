package org.ltcheck.gpu.prune;

/**
 * Exponential annealing of the kept fraction: after pruning step k of K the density is
 * d_final^(k/K), so every step removes the same fraction of the surviving weights (the
 * schedule of the paper's iterative magnitude pruning, K = 12).
 */
public record DensitySchedule(double finalDensity, int steps) {
  public static final int DEFAULT_STEPS = 12;

  public DensitySchedule {
    if (!(finalDensity > 0 && finalDensity <= 1)) {
      throw new IllegalArgumentException("final density must be in (0, 1], got " + finalDensity);
    }
    if (steps < 0) {
      throw new IllegalArgumentException("pruning steps must be >= 0, got " + steps);
    }
  }

  /** Density after step k (k = 0: dense). */
  public double density(int k) {
    if (k < 0 || k > steps) {
      throw new IllegalArgumentException("pruning step " + k + " outside [0, " + steps + "]");
    }
    return steps == 0 ? 1.0 : Math.pow(finalDensity, k / (double) steps);
  }
}
