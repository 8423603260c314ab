package org.ltcheck.experiments.subsetsum;

import java.util.random.RandomGenerator;
import org.ltcheck.theory.SubsetSumBound;

/**
 * The two kinds of random base values the constructions draw subset sums from (PAPER §2), with the
 * constant C the theory uses for each and the figures the authors' reference statistics report
 * for them (n = 15, ε = 0.01, 100,000 targets, first fit over subsets of size ≤ 9).
 */
public enum BaseValues {
  /** X = U, U ~ U[-1,1]: the weights of layers 2..L of the L+1 construction. */
  SUMS("sums of U[-1,1]", SubsetSumBound.C_SINGLE_DEFAULT, 0.00404,
      SubsetSumBound.MEAN_SUBSET_SIZE_SINGLE_DEFAULT),
  /**
   * X = U·V, U, V ~ U[-1,1] independent: a path through a random copy neuron (first layer of L+1,
   * every layer of 2L). Products concentrate near 0 (E|X| = 1/4), so reaching targets near ±1 takes
   * more terms and more values.
   */
  PRODUCTS("sums of products U·V", SubsetSumBound.C_PRODUCT_DEFAULT, 0.0355,
      SubsetSumBound.MEAN_SUBSET_SIZE_PRODUCT_DEFAULT);

  private final String description;
  private final double theoryConstant;
  private final double referenceFailureRate;
  private final double referenceMeanSubsetSize;

  BaseValues(String description, double theoryConstant, double referenceFailureRate, double referenceMeanSubsetSize) {
    this.description = description;
    this.theoryConstant = theoryConstant;
    this.referenceFailureRate = referenceFailureRate;
    this.referenceMeanSubsetSize = referenceMeanSubsetSize;
  }

  /** @return a human description, e.g. "sums of U[-1,1]" */
  public String description() {
    return description;
  }

  /** @return the constant C that {@link SubsetSumBound#baseSetSize} uses for these values by default */
  public double theoryConstant() {
    return theoryConstant;
  }

  /** @return the per-target failure rate the reference statistics report (n = 15, ε = 0.01) */
  public double referenceFailureRate() {
    return referenceFailureRate;
  }

  /** @return the mean subset size the reference statistics report (n = 15, ε = 0.01) */
  public double referenceMeanSubsetSize() {
    return referenceMeanSubsetSize;
  }

  /** @return one value drawn from {@code random} */
  public double draw(RandomGenerator random) {
    return switch (this) {
      case SUMS -> uniform(random);
      case PRODUCTS -> uniform(random) * uniform(random);
    };
  }

  /** @return n values drawn one after the other from {@code random} */
  public double[] draw(int n, RandomGenerator random) {
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = draw(random);
    }
    return values;
  }

  /** @return a value ~ U[-1,1) (the endpoint has probability 0, so the half-open range is immaterial) */
  static double uniform(RandomGenerator random) {
    return random.nextDouble(-1.0, 1.0);
  }
}
