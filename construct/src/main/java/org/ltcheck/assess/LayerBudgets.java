package org.ltcheck.assess;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Per-layer tolerances from a linear model of the certified output bound, B(η_1..η_L) ≈ floor + Σ s_l·η_l:
 * the floor is the part no tolerance removes (the float32 rounding terms of the certificate), s_l how much the
 * bound grows per unit of layer l's tolerance (its errors amplified by the layers above).
 *
 * <p>Allocation: the ticket keeps about log₂(1/η_l) more terms per problem of layer l as η_l shrinks
 * ({@link BaseSetGrowth}), so the cost Σ N_l·log(1/η_l) (N_l problems of layer l) is minimised subject to
 * Σ s_l·η_l ≤ budget = E − floor. Lagrange gives η_l = budget·N_l / (s_l·ΣN): each layer gets a share of the
 * budget in proportion to its problems, divided by its sensitivity. A layer whose share would exceed the
 * loosest tolerance allowed is held there and the rest is shared again among the others.
 *
 * @param floor the bound's part at η → 0
 * @param sensitivities s_l ≥ 0 per target layer
 */
public record LayerBudgets(double floor, double[] sensitivities) {
  public LayerBudgets {
    sensitivities = sensitivities.clone();
    for (int l = 0; l < sensitivities.length; l++) {
      if (!(sensitivities[l] >= 0 && Double.isFinite(sensitivities[l]))) {
        throw new IllegalArgumentException("sensitivity of layer " + l + " must be finite and >= 0, got "
            + sensitivities[l] + " in " + Arrays.toString(sensitivities));
      }
    }
  }

  @Override
  public double[] sensitivities() {
    return sensitivities.clone();
  }

  /** The model's bound at per-layer tolerances {@code etas}. */
  public double bound(List<Double> etas) {
    double b = floor;
    for (int l = 0; l < sensitivities.length; l++) {
      b += sensitivities[l] * etas.get(l);
    }
    return b;
  }

  /**
   * Fits the model to a bound measured at uniform η and, for each layer l, at η with layer l alone loosened
   * to {@code loosened}: s_l = (B_l − B) / (loosened − η), floor = B − η·Σ s_l (negative differences,
   * measurement noise, count as 0).
   */
  public static LayerBudgets fit(double eta, double bound, double loosened, double[] boundsLoosened) {
    double[] s = new double[boundsLoosened.length];
    double total = 0;
    for (int l = 0; l < s.length; l++) {
      s[l] = Math.max(0, (boundsLoosened[l] - bound) / (loosened - eta));
      total += s[l];
    }
    return new LayerBudgets(bound - eta * total, s);
  }

  /**
   * The tolerances minimising Σ N_l·log(1/η_l) with {@link #bound} ≤ {@code outputEps}, each at most
   * {@code loosest}.
   *
   * @param problems N_l, the subset-sum problems of each layer (its nonzero weights and biases)
   * @throws IllegalArgumentException if the floor alone exceeds {@code outputEps}
   */
  public List<Double> allocate(double outputEps, long[] problems, double loosest) {
    if (problems.length != sensitivities.length) {
      throw new IllegalArgumentException(problems.length + " problem counts for " + sensitivities.length + " layers");
    }
    if (!(outputEps > floor)) {
      throw new IllegalArgumentException("the output tolerance " + outputEps + " is not above the bound's floor " + floor);
    }
    int n = sensitivities.length;
    double[] eta = new double[n];
    boolean[] held = new boolean[n];
    for (int l = 0; l < n; l++) {
      held[l] = sensitivities[l] == 0;
      eta[l] = loosest;
    }
    while (true) {
      double budget = outputEps - floor;
      double shared = 0;
      for (int l = 0; l < n; l++) {
        if (held[l]) {
          budget -= sensitivities[l] * loosest;
        } else {
          shared += Math.max(1, problems[l]);
        }
      }
      boolean changed = false;
      for (int l = 0; l < n; l++) {
        if (!held[l]) {
          eta[l] = budget * Math.max(1, problems[l]) / (sensitivities[l] * shared);
          if (eta[l] >= loosest) {
            eta[l] = loosest;
            held[l] = true;
            changed = true;
          }
        }
      }
      if (!changed) {
        List<Double> out = new ArrayList<>(n);
        for (double e : eta) {
          out.add(e);
        }
        return out;
      }
    }
  }
}
