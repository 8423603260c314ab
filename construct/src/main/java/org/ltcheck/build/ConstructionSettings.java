package org.ltcheck.build;

import java.util.List;
import java.util.Objects;
import org.ltcheck.subsetsum.MeetInTheMiddleSolver.Objective;
import org.ltcheck.theory.Construction;

/**
 * Parameters of one ticket construction.
 *
 * @param construction L+1 (Algorithm 2) or 2L (Algorithm 1), see {@link #algorithm()}
 * @param eta per-parameter tolerance: every composed ticket weight and bias is within eta of its
 *     target value, in (0,1) (some layers are built tighter, see
 *     {@link ConstructionAlgorithm#layerTolerance}); with per-layer tolerances, their largest
 * @param seed the mother network's seed
 * @param rho primary copies per channel in the sum layers of L+1 (the paper's base-set size, 15)
 * @param rho1 primary copies per channel (and constant channels) in copy layers, split by sign
 *     (the reference's 30)
 * @param maxSubsetSize largest subset the solver tries before the base set is enlarged by an extra
 *     copy (the reference allows 9)
 * @param inputNonNegative whether the network input is known to be non-negative, which makes the
 *     copies with negative first-layer weight unnecessary
 * @param threads worker threads; results do not depend on it
 * @param inputBound B₀ with |x| ≤ B₀ for every network input x; needed (finite, positive) for
 *     tanh and sigmoid targets, whose first copy layer draws its weights from U[−σ,σ] with σ
 *     chosen from B₀ (see {@link CopyRule}); NaN when unknown (enough for ReLU and LeakyReLU)
 * @param layerEtas per-layer tolerances η_l, one per target layer, each in (0, eta] with eta their
 *     largest; empty for the uniform eta (see {@link #etaOf})
 * @param subsetObjective what the subset sums over distinct copies optimise (L+1 layers reading a sum
 *     layer's copies, whose errors a subset amplifies by Σ|u|): fewest terms (the default) or least
 *     amplification; every other problem is solved for fewest terms
 */
public record ConstructionSettings(
    Construction construction,
    double eta,
    long seed,
    int rho,
    int rho1,
    int maxSubsetSize,
    boolean inputNonNegative,
    int threads,
    double inputBound,
    List<Double> layerEtas,
    Objective subsetObjective) {

  public static final int DEFAULT_RHO = 15;
  public static final int DEFAULT_RHO1 = 30;
  public static final int DEFAULT_MAX_SUBSET_SIZE = 6;
  /** Largest ρ: a sum layer's base set is its ρ copies, at most the solvers' base-set size. */
  public static final int MAX_RHO = 30;
  /** Largest ρ₁: copies split by sign, so each product problem sees about ρ₁/2 of them. */
  public static final int MAX_RHO1 = 2 * MAX_RHO;

  public ConstructionSettings {
    if (!(eta > 0 && eta < 1)) {
      throw new IllegalArgumentException("eps must be in (0,1), got " + eta);
    }
    if (rho < 1 || rho > MAX_RHO) {
      throw new IllegalArgumentException("rho must be in [1," + MAX_RHO + "], got " + rho);
    }
    if (rho1 < 1 || rho1 > MAX_RHO1) {
      throw new IllegalArgumentException("rho1 must be in [1," + MAX_RHO1 + "], got " + rho1);
    }
    if (maxSubsetSize < 1 || maxSubsetSize > 12) {
      throw new IllegalArgumentException("maxSubsetSize must be in [1,12], got " + maxSubsetSize);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive, got " + threads);
    }
    if (!Double.isNaN(inputBound) && !(inputBound > 0 && inputBound < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("input bound must be positive and finite (or NaN for unknown), got " + inputBound);
    }
    layerEtas = List.copyOf(layerEtas);
    double largest = 0;
    for (int l = 0; l < layerEtas.size(); l++) {
      double e = layerEtas.get(l);
      if (!(e > 0 && e <= eta)) {
        throw new IllegalArgumentException("the tolerance of target layer " + l + " must be in (0, eps = " + eta
            + "], got " + e);
      }
      largest = Math.max(largest, e);
    }
    if (!layerEtas.isEmpty() && largest != eta) {
      throw new IllegalArgumentException("eps " + eta + " must be the largest per-layer tolerance, "
          + largest + " of " + layerEtas);
    }
    Objects.requireNonNull(subsetObjective, "subsetObjective");
  }

  /** Settings with the uniform tolerance eta and fewest-terms subset sums. */
  public ConstructionSettings(
      Construction construction, double eta, long seed, int rho, int rho1, int maxSubsetSize,
      boolean inputNonNegative, int threads, double inputBound) {
    this(construction, eta, seed, rho, rho1, maxSubsetSize, inputNonNegative, threads, inputBound, List.of(),
        Objective.FEWEST_TERMS);
  }

  /** The tolerance of target layer {@code targetLayer}: its η_l, or eta when uniform. */
  public double etaOf(int targetLayer) {
    return layerEtas.isEmpty() ? eta : layerEtas.get(targetLayer);
  }

  /** Settings without an input bound (enough for ReLU and LeakyReLU targets). */
  public ConstructionSettings(
      Construction construction, double eta, long seed, int rho, int rho1, int maxSubsetSize,
      boolean inputNonNegative, int threads) {
    this(construction, eta, seed, rho, rho1, maxSubsetSize, inputNonNegative, threads, Double.NaN);
  }

  /** The construction's strategy: {@link LPlusOneConstruction} or {@link TwoLConstruction}. */
  public ConstructionAlgorithm algorithm() {
    return ConstructionAlgorithm.of(construction);
  }

  /** The paper's settings: rho = 15, rho1 = 30, all available processors. */
  public static ConstructionSettings of(Construction construction, double eta, long seed) {
    return new ConstructionSettings(
        construction, eta, seed, DEFAULT_RHO, DEFAULT_RHO1, DEFAULT_MAX_SUBSET_SIZE, false,
        Runtime.getRuntime().availableProcessors());
  }

  public ConstructionSettings withThreads(int n) {
    return new ConstructionSettings(construction, eta, seed, rho, rho1, maxSubsetSize, inputNonNegative, n, inputBound,
        layerEtas, subsetObjective);
  }

  /** The same settings for inputs with |x| ≤ {@code bound}. */
  public ConstructionSettings withInputBound(double bound) {
    return new ConstructionSettings(
        construction, eta, seed, rho, rho1, maxSubsetSize, inputNonNegative, threads, bound, layerEtas, subsetObjective);
  }

  /** The same settings with the uniform per-parameter tolerance {@code newEta}. */
  public ConstructionSettings withEta(double newEta) {
    return new ConstructionSettings(
        construction, newEta, seed, rho, rho1, maxSubsetSize, inputNonNegative, threads, inputBound, List.of(),
        subsetObjective);
  }

  /** The same settings with per-layer tolerances (one per target layer); eta becomes their largest. */
  public ConstructionSettings withLayerEtas(List<Double> etas) {
    double largest = etas.stream().mapToDouble(Double::doubleValue).max().orElse(eta);
    return new ConstructionSettings(
        construction, largest, seed, rho, rho1, maxSubsetSize, inputNonNegative, threads, inputBound, etas,
        subsetObjective);
  }

  public ConstructionSettings withRho(int newRho, int newRho1) {
    return new ConstructionSettings(
        construction, eta, seed, newRho, newRho1, maxSubsetSize, inputNonNegative, threads, inputBound, layerEtas,
        subsetObjective);
  }

  /** The same settings accepting subsets of up to {@code size} terms. */
  public ConstructionSettings withMaxSubsetSize(int size) {
    return new ConstructionSettings(
        construction, eta, seed, rho, rho1, size, inputNonNegative, threads, inputBound, layerEtas, subsetObjective);
  }

  /** The same settings with {@code objective} for the subset sums over distinct copies. */
  public ConstructionSettings withSubsetObjective(Objective objective) {
    return new ConstructionSettings(
        construction, eta, seed, rho, rho1, maxSubsetSize, inputNonNegative, threads, inputBound, layerEtas, objective);
  }
}
