package org.ltcheck.theory;

/**
 * Sizes of random base sets for subset-sum approximation (Lueker 1998, as used by Pensia et al.
 * 2020 and Burkholz 2022), PAPER §2 and §2b.
 *
 * <p>The papers state the base-set size only as O(log(1/min(ε, δ))) with an unspecified universal
 * constant C. Here C is always an explicit parameter; the defaults {@link #C_SINGLE_DEFAULT} and
 * {@link #C_PRODUCT_DEFAULT} are the constants implied by the reference implementation's own
 * statistics (n = 15, ε = 0.01), not values from a proof.
 */
public final class SubsetSumBound {
  /**
   * Constant C for sums of i.i.d. U[-1,1] terms: the reference statistics (failure rate 0.404% at
   * n = 15, ε = 0.01) imply C = 15 / ln(1/0.00404) ≈ 2.72.
   */
  public static final double C_SINGLE_DEFAULT = 2.7;

  /**
   * Constant C for sums of products U·V of two random factors (first layer of L+1, every layer of
   * 2L): the reference statistics (failure rate 3.55%, so min(ε, δ) = ε = 0.01) imply
   * C = 15 / ln(100) ≈ 3.26. Products concentrate near zero, hence the larger constant.
   */
  public static final double C_PRODUCT_DEFAULT = 3.3;

  /** Mean size of the chosen subset for single factors in the reference statistics. */
  public static final double MEAN_SUBSET_SIZE_SINGLE_DEFAULT = 2.29;

  /** Mean size of the chosen subset for products in the reference statistics. */
  public static final double MEAN_SUBSET_SIZE_PRODUCT_DEFAULT = 2.37;

  private SubsetSumBound() {}

  /**
   * Base-set size ceil(C·ln(1/min(η, δ/M))) that makes each of M subset-sum problems fail with
   * probability at most δ/M, so that by the union bound all M succeed with probability at least
   * 1 − δ, each to within η. With M = 1 this is the single-problem statement
   * n ≥ C·log(1/min(ε, δ)) of PAPER §2.
   *
   * @param eta per-problem tolerance, in (0, 1)
   * @param delta total failure probability, in (0, 1)
   * @param problems number M ≥ 1 of subset-sum problems covered by the union bound
   * @param c the universal constant C &gt; 0
   * @return the base-set size, at least 1
   */
  public static int baseSetSize(double eta, double delta, long problems, double c) {
    Checks.openUnitInterval("eta", eta);
    Checks.openUnitInterval("delta", delta);
    Checks.atLeast("problems", problems, 1);
    Checks.positiveFinite("C", c);
    double size = Math.ceil(c * Math.log(1.0 / Math.min(eta, delta / problems)));
    if (size > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "base-set size " + size + " for eta = " + eta + ", delta = " + delta + ", M = " + problems
              + ", C = " + c + " does not fit an int");
    }
    return Math.max(1, (int) size);
  }

  /**
   * Base-set size of products split by sign: 2·{@link #baseSetSize}. A ReLU copy a·x with a &gt; 0
   * carries x⁺ and one with a &lt; 0 carries x⁻, so each sign needs its own base set of the single
   * size; the random mother is assumed to supply both signs in equal numbers.
   */
  public static int signSplitBaseSetSize(double eta, double delta, long problems, double cProduct) {
    return Math.multiplyExact(2, baseSetSize(eta, delta, problems, cProduct));
  }

  /**
   * Lueker's Corollary 2.5 as quoted in the literature: for n i.i.d. U[-1,1] terms and
   * ε ≥ e^{−n/(2C)}, with probability at least 1 − exp(−(n/2 − C·ln(1/ε))² / (2n)) every
   * x ∈ [−1/2, 1/2] is within ε of a subset sum.
   *
   * <p>Below ε = e^{−n/(2C)} the corollary says nothing; this returns the vacuous bound 0 there
   * rather than squaring a negative margin into a spuriously large probability.
   *
   * @param n base-set size ≥ 1
   * @param eps tolerance, in (0, 1)
   * @param c Lueker's constant C &gt; 0
   */
  public static double luekerSuccessProbability(int n, double eps, double c) {
    Checks.atLeast("n", n, 1);
    Checks.openUnitInterval("eps", eps);
    Checks.positiveFinite("C", c);
    double margin = n / 2.0 - c * Math.log(1.0 / eps);
    if (margin < 0) {
      return 0.0;
    }
    return -Math.expm1(-margin * margin / (2.0 * n));
  }

  /** The smallest tolerance e^{−n/(2C)} for which Lueker's Corollary 2.5 applies. */
  public static double luekerMinimumEpsilon(int n, double c) {
    Checks.atLeast("n", n, 1);
    Checks.positiveFinite("C", c);
    return Math.exp(-n / (2.0 * c));
  }

  /**
   * Smallest n for which {@link #luekerSuccessProbability} is at least 1 − δ. With a = C·ln(1/ε)
   * and λ = ln(1/δ) the condition (n/2 − a)² ≥ 2nλ, n ≥ 2a, holds exactly from the larger root
   * n = 2(a + 2λ) + 4·sqrt(λ(a + λ)) on (the margin grows with n there); the closed form is then
   * corrected for rounding against the probability function itself.
   */
  public static int luekerBaseSetSize(double eps, double delta, double c) {
    Checks.openUnitInterval("eps", eps);
    Checks.openUnitInterval("delta", delta);
    Checks.positiveFinite("C", c);
    double a = c * Math.log(1.0 / eps);
    double lambda = Math.log(1.0 / delta);
    double root = 2.0 * (a + 2.0 * lambda) + 4.0 * Math.sqrt(lambda * (a + lambda));
    if (root > Integer.MAX_VALUE - 2) {
      throw new IllegalArgumentException(
          "Lueker base-set size " + root + " for eps = " + eps + ", delta = " + delta + " does not fit an int");
    }
    int n = Math.max(1, (int) Math.ceil(root));
    while (n > 1 && luekerSuccessProbability(n - 1, eps, c) >= 1.0 - delta) {
      n--;
    }
    while (luekerSuccessProbability(n, eps, c) < 1.0 - delta) {
      n++;
    }
    return n;
  }

  /**
   * The constant implied by a measured failure rate, as the reference's {@code expC} estimates
   * it: C = n / ln(1/min(ε, δ̂)), δ̂ the observed fraction of failed problems. A failure rate of
   * 0 carries no information about the tail, so the estimate then uses ε alone — the largest,
   * most conservative C the measurement allows (the reference returns an arbitrary 1 instead).
   *
   * @param n base-set size used in the measurement
   * @param eps tolerance used in the measurement, in (0, 1)
   * @param failureRate observed failure fraction, in [0, 1)
   */
  public static double impliedConstant(int n, double eps, double failureRate) {
    Checks.atLeast("n", n, 1);
    Checks.openUnitInterval("eps", eps);
    if (!(failureRate >= 0.0 && failureRate < 1.0)) {
      throw new IllegalArgumentException("failureRate = " + failureRate + " is outside [0, 1)");
    }
    double m = failureRate == 0.0 ? eps : Math.min(eps, failureRate);
    return n / Math.log(1.0 / m);
  }
}
