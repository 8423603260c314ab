package org.ltcheck.differential;

import org.ltcheck.model.Activation;
import org.ltcheck.theory.ActivationKind;

/**
 * Interval facts about one activation φ that the differential propagation needs: its range over
 * an interval, the range of the difference φ(y + Δ) − φ(y) over a box of (y, Δ) (the activation
 * case split of ReluDiff, Paulsen, Wang and Wang, ICSE 2020, made exact for convex φ and by the
 * mean-value theorem for tanh and sigmoid), and the float32 error of
 * {@link org.ltcheck.inference.InferenceEngine}'s evaluation of φ.
 *
 * <p>Every returned bound is moved outwards by one ulp plus a relative 2⁻⁵⁰ so that the double
 * arithmetic behind it (Math.tanh and Math.exp are within 2.5 and 1 ulp) cannot make it
 * unsound.
 */
final class ActivationBounds {
  private static final double SLACK = 0x1p-50;

  private final Activation activation;
  private final ActivationKind kind;
  private final double alpha;
  /** The float slope the inference engine multiplies negative LeakyReLU inputs by. */
  private final double floatAlpha;

  ActivationBounds(Activation activation) {
    this.activation = activation;
    this.kind = activation.kind();
    this.alpha = kind == ActivationKind.LEAKY_RELU ? activation.negativeSlope() : 0;
    this.floatAlpha = (float) activation.negativeSlope();
  }

  Activation activation() {
    return activation;
  }

  boolean isIdentity() {
    return kind == ActivationKind.IDENTITY;
  }

  /** ReLU and LeakyReLU: convex and piecewise linear. */
  boolean piecewiseLinear() {
    return kind == ActivationKind.RELU || kind == ActivationKind.LEAKY_RELU;
  }

  double apply(double y) {
    return activation.apply(y);
  }

  /** φ'(0) of the smooth kinds (1 for tanh, 1/4 for sigmoid), the right slope 1 otherwise. */
  double derivativeAtZero() {
    return kind == ActivationKind.SIGMOID ? 0.25 : 1.0;
  }

  /** φ(0). */
  double valueAtZero() {
    return apply(0);
  }

  /** The slope of φ(a·h) in h for h &gt; 0 (piecewise-linear kinds). */
  double positiveSlope(double a) {
    return a > 0 ? a : alpha * a;
  }

  /** The slope of φ(a·h) in h for h &lt; 0 (piecewise-linear kinds). */
  double negativeSlope(double a) {
    return a < 0 ? a : alpha * a;
  }

  /** Lower end of φ([lo, hi]) (φ is nondecreasing). */
  double rangeLo(double lo) {
    return down(apply(lo));
  }

  /** Upper end of φ([lo, hi]). */
  double rangeHi(double hi) {
    return upward(apply(hi));
  }

  /** max |φ(y)| over y ∈ [lo, hi]. */
  double maxAbs(double lo, double hi) {
    return upward(Math.max(Math.abs(apply(lo)), Math.abs(apply(hi))));
  }

  /**
   * Bounds of φ(y + Δ) − φ(y) over y ∈ [a, b], Δ ∈ [d1, d2], written into {@code out[0..1]}.
   * For convex nondecreasing φ (ReLU, LeakyReLU) the difference is nondecreasing in Δ and, for
   * fixed Δ, monotone in y (nondecreasing for Δ ≥ 0, nonincreasing for Δ &lt; 0), so the box's
   * corners give the exact range: both pre-activations ≤ 0 gives 0 (ReLU), both ≥ 0 gives Δ.
   * For tanh and sigmoid φ(y + Δ) − φ(y) = Δ·φ'(ξ) with ξ in the hull of [a, b] and
   * [a + d1, b + d2], and φ' is even and decreasing in |ξ|; the difference of their ranges bounds
   * it too (what makes large deviations of bounded activations stay bounded).
   */
  void difference(double a, double b, double d1, double d2, double[] out) {
    switch (kind) {
      case IDENTITY -> {
        out[0] = d1;
        out[1] = d2;
      }
      case RELU, LEAKY_RELU -> {
        double lo = step(d1 >= 0 ? a : b, d1);
        double hi = step(d2 >= 0 ? b : a, d2);
        // The subtraction cancels: its error is relative to the operands, not to the result.
        double slack = SLACK * (Math.abs(a) + Math.abs(b) + Math.abs(d1) + Math.abs(d2));
        out[0] = Math.nextDown(lo - slack);
        out[1] = Math.nextUp(hi + slack);
      }
      default -> {
        double c1 = a + Math.min(d1, 0);
        double c2 = b + Math.max(d2, 0);
        double closest = c1 > 0 ? c1 : c2 < 0 ? c2 : 0;
        double sMax = upward(derivative(closest));
        double sMin = Math.max(0, down(Math.min(derivative(c1), derivative(c2))));
        // Bounded φ: the two values lie in φ([a + d1, b + d2]) and φ([a, b]) whatever Δ is.
        out[0] = Math.max(down(d1 >= 0 ? d1 * sMin : d1 * sMax), down(rangeLo(a + d1) - rangeHi(b)));
        out[1] = Math.min(upward(d2 >= 0 ? d2 * sMax : d2 * sMin), upward(rangeHi(b + d2) - rangeLo(a)));
      }
    }
  }

  /** A lower bound on φ' over [lo, hi] (φ' is even and decreasing in |y| for tanh and sigmoid). */
  double minDerivative(double lo, double hi) {
    if (piecewiseLinear() || isIdentity()) {
      return Math.min(1.0, alpha);
    }
    return Math.max(0, down(Math.min(derivative(lo), derivative(hi))));
  }

  private double step(double y, double d) {
    return apply(y + d) - apply(y);
  }

  private double derivative(double y) {
    return switch (kind) {
      case TANH -> {
        double t = Math.tanh(y);
        yield 1 - t * t;
      }
      case SIGMOID -> {
        double s = apply(y);
        yield s * (1 - s);
      }
      default -> 1.0;
    };
  }

  /**
   * Range of the linearisation remainder R(y) = φ(y) − φ(0) − φ'(0)·y over y ∈ [lo, hi] for the
   * smooth kinds, into {@code out}. R is nonincreasing (φ' ≤ φ'(0) everywhere), so the range is
   * [R(hi), R(lo)].
   */
  void remainder(double lo, double hi, double[] out) {
    double rHi = apply(hi) - valueAtZero() - derivativeAtZero() * hi;
    double rLo = apply(lo) - valueAtZero() - derivativeAtZero() * lo;
    // Absolute slack: the subtraction cancels, so the error is relative to |φ| and |y|, not to R.
    double slack = SLACK * (1 + Math.abs(hi) + Math.abs(lo));
    out[0] = rHi - slack;
    out[1] = rLo + slack;
  }

  /**
   * Largest float32 error of the inference engine's φ at pre-activations in [lo, hi]: 0 for ReLU
   * (max(x, 0) is exact), |α_f − α|·|y| + u·α_f·|y| for LeakyReLU's float slope α_f, and
   * (u + 2⁻⁵⁰)·|φ(y)| for tanh and sigmoid (evaluated in double by StrictMath, then rounded).
   */
  double rounding(double lo, double hi) {
    return switch (kind) {
      case RELU, IDENTITY -> 0.0;
      case LEAKY_RELU -> {
        double neg = Math.max(0, -lo);
        yield upward((Math.abs(floatAlpha - alpha) + FloatRounding.U32 * floatAlpha) * neg);
      }
      default -> upward((FloatRounding.U32 + SLACK) * maxAbs(lo, hi));
    };
  }

  private static double down(double x) {
    return Math.nextDown(x - SLACK * Math.abs(x));
  }

  private static double upward(double x) {
    return Math.nextUp(x + SLACK * Math.abs(x));
  }
}
