package org.ltcheck.differential;

/**
 * Rigorous rounding-error constants (Higham, <i>Accuracy and Stability of Numerical Algorithms</i>,
 * 2nd ed., §3.1). A float32 recursive sum of n products, fl(b + Σ aᵢbᵢ) evaluated left to right
 * as {@link org.ltcheck.inference.InferenceEngine} does (Java never contracts to FMA), differs
 * from the exact value by at most γ_{n+1}·(|b| + Σ|aᵢbᵢ|), γₙ = nu/(1 − nu), u = 2⁻²⁴.
 *
 * <p>The certifier's own bounds are computed in double. Every quantity of one neuron is a sum of
 * at most K terms whose magnitudes add up to some S; its double value is then within
 * γ^{(53)}_K·S of the exact one (u = 2⁻⁵³), and {@link #widenDown}/{@link #widenUp} move the
 * final bound outwards by that much and one more ulp (Math.nextDown/nextUp).
 */
final class FloatRounding {
  /** Unit roundoff of float32. */
  static final double U32 = 0x1p-24;
  /** Unit roundoff of double. */
  static final double U64 = 0x1p-53;

  private FloatRounding() {}

  /** γₙ for float32. */
  static double gamma32(long n) {
    return gamma(n, U32);
  }

  /** γₙ for double. */
  static double gamma64(long n) {
    return gamma(n, U64);
  }

  private static double gamma(long n, double u) {
    double nu = n * u;
    if (!(nu < 0.5)) {
      return Double.POSITIVE_INFINITY;
    }
    // Computed in double itself: round up so that the constant is never underestimated.
    return Math.nextUp(Math.nextUp(nu) / Math.nextDown(1 - nu));
  }

  /** Upper bound on the float32 rounding of a recursive sum of n products of total magnitude s. */
  static double dotRounding(long n, double magnitude) {
    return up(gamma32(n + 1) * magnitude);
  }

  /** {@code lower} moved down by the double error of a K-term computation of total magnitude s. */
  static double widenDown(double lower, long terms, double magnitude) {
    return Math.nextDown(lower - up(gamma64(terms + 2) * magnitude));
  }

  /** {@code upper} moved up by the double error of a K-term computation of total magnitude s. */
  static double widenUp(double upper, long terms, double magnitude) {
    return Math.nextUp(upper + up(gamma64(terms + 2) * magnitude));
  }

  /** A product rounded up by one ulp (products of non-negative bounds). */
  static double up(double x) {
    return Math.nextUp(x);
  }
}
