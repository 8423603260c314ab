package org.ltcheck.experiments.reproduce;

import java.util.List;
import java.util.Objects;
import org.ltcheck.theory.Construction;

/**
 * What stage pareto measures: for each construction, the ticket built on the bundled MNIST
 * target at one per-parameter tolerance for every base-set size ρ of the grid (ρ₁ = 2ρ, the
 * default ratio 15:30: a copy layer's ρ₁ copies split by sign into about ρ base values per
 * product problem), and finally at the theory's base-set size for that tolerance.
 *
 * @param constructions the constructions, one curve each
 * @param eta the per-parameter tolerance of every ticket
 * @param rhos the base-set sizes ρ, ascending, below the theory's
 * @param convOnly whether L+1 also gets a curve for the target's convolutions alone (conv1 → ReLU →
 *     conv2 as the output layer), the network the reference's conv-only L+1 ticket was built for
 * @param theoryPoint whether each curve ends with a ticket at the theory's base-set size, where
 *     this build's construction reaches it
 * @param seed the mother seed
 * @param images test images each ticket is compared with the target on
 * @param delta the failure probability of the theory's width bound
 */
public record ParetoSettings(
    List<Construction> constructions, double eta, List<Integer> rhos, boolean convOnly, boolean theoryPoint, long seed,
    int images,
    double delta) {
  /** Stage pareto's version: part of the fingerprint. */
  static final String FORMAT = "ltcheck-pareto-1";

  public ParetoSettings {
    constructions = List.copyOf(constructions);
    rhos = List.copyOf(rhos);
    Objects.requireNonNull(constructions, "constructions");
    if (constructions.isEmpty() || rhos.isEmpty()) {
      throw new IllegalArgumentException("stage pareto needs constructions and base-set sizes, got "
          + constructions + " and " + rhos);
    }
    for (int k = 0; k < rhos.size(); k++) {
      if (rhos.get(k) < 2 || (k > 0 && rhos.get(k) <= rhos.get(k - 1))) {
        throw new IllegalArgumentException("base-set sizes must be ascending and at least 2, got " + rhos);
      }
    }
    if (!(eta > 0 && eta < 1) || images < 1 || !(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException(
          "stage pareto needs eta and delta in (0,1) and images >= 1, got " + eta + ", " + delta + ", " + images);
    }
  }

  /**
   * The preset's measurement: the paper preset from ρ = 8 in steps to 30 (the largest this build
   * constructs) and the theory's ρ at η = 0.01 where it is reachable, L+1 also for the
   * convolutions alone, 1,000 test images per ticket (about 10 minutes on 2 cores); the quick
   * preset a
   * smoke run, the 2L ticket at ρ = 8 on 100 images.
   */
  static ParetoSettings of(Preset preset) {
    List<Construction> both = List.of(Construction.L_PLUS_ONE, Construction.TWO_L);
    return preset == Preset.QUICK
        ? new ParetoSettings(List.of(Construction.TWO_L), 0.01, List.of(8), false, false, 1, 100, Preset.DELTA)
        : new ParetoSettings(both, 0.01, List.of(8, 10, 12, 15, 20, 25, 30), true, true, 1, 1000,
            Preset.DELTA);
  }
}
