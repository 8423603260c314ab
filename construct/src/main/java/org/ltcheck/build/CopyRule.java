package org.ltcheck.build;

import java.util.List;
import org.ltcheck.model.Activation;
import org.ltcheck.theory.ActivationKind;

/**
 * How a copy channel φ(a·x) of a mother copy layer (1x1, one kept edge of weight a from channel
 * x) carries x, for each activation φ of the mother (PAPER §3 for ReLU, §6 for the others). The
 * sum layer reading the copies multiplies each kept copy by its own random weight u; what the
 * subset sums must approximate, and what the certificate must recompute, follows from these
 * identities.
 *
 * <ul>
 *   <li><b>ReLU</b> (α = 0) and <b>LeakyReLU(α)</b>, positively homogeneous: φ(a·x) = a·φ(x) for
 *       a &gt; 0 and |a|·φ(−x) for a &lt; 0. With the identity x = (φ(x) − φ(−x))/(1+α), a sum
 *       Σ_{a&gt;0} u·φ(a x) + Σ_{a&lt;0} u·φ(a x) = C₊·φ(x) − C₋·φ(−x) with C± = Σ u·a over the
 *       positive / negative copies equals w·x exactly when C₊ = C₋ = w/(1+α). The effective slope
 *       is C₊ + α·C₋ for x &gt; 0 and α·C₊ + C₋ for x &lt; 0, so if both C± are within η/(1+α) of
 *       w/(1+α), both slopes are within (1+α)·η/(1+α) = η of w: <em>the subset sums target
 *       w/(1+α) with tolerance η/(1+α)</em>. For ReLU this is the familiar split into x⁺ and x⁻.
 *       When x ≥ 0 is known (a ReLU output), φ(a x) = a·x for a &gt; 0 and the positive copies
 *       alone target w within η.</li>
 *   <li><b>tanh, sigmoid</b>, smooth: with a small copy weight |a| ≤ σ the copy is nearly linear,
 *       φ(a x) = φ(0) + φ'(0)·a·x + r(a x), with Taylor remainders |tanh z − z| ≤ |z|³/3
 *       (because 1 − tanh² z ≥ 1 − z²) and |σ(z) − 1/2 − z/4| ≤ |z|³/48 (because σ(z) − 1/2 =
 *       tanh(z/2)/2). A kept copy edge contributes u·φ'(0)·a to the weight, u·φ(0) to the bias
 *       and at most |u|·R(|a|·B) to the explicit linearisation error, B bounding |x|. No sign
 *       split is needed.</li>
 *   <li><b>sigmoid: antisymmetric pairs.</b> The sigmoid's intercept φ(0) = 1/2 would add u/2 to
 *       the bias for every kept copy edge; a bias subset sum compensating Σu/2 has a target that
 *       grows with fan-in × terms × the wide sum-layer range (ResNets: thousands, beyond what any
 *       subset of the constants reaches). So every sigmoid copy φ(a·x) comes with its
 *       <em>mirror</em> φ(−a·x), whose mother weights are the negated ones
 *       ({@link org.ltcheck.mother.ChannelId#mirror}): the copy edge −a, and −u from the mirror
 *       into every channel that reads it. The ticket keeps a copy's edge and its mirror's
 *       together, so each kept pair is u·(σ(a x) − σ(−a x)) = u·(2σ(a x) − 1) = u·tanh(a x/2):
 *       odd, no intercept (the two u·φ(0) cancel exactly), weight coefficient u·a/2 =
 *       2·u·φ'(0)·a, and remainder |u·(tanh(a x/2) − a x/2)| ≤ |u|·|a x|³/24 — exactly the two
 *       edges' |u|·R(|a|·B) each, which is what the certificate adds up edge by edge. Every bias
 *       is then the target's b itself, built from the constants alone; every kept value is still
 *       the seeded mother's own weight. This is the odd-activation reduction of the construction
 *       for general activations (Burkholz, NeurIPS 2022): φ(z) − φ(−z) is odd for any φ, and for
 *       LeakyReLU it is the (1+α)·z that its paired sign parts build.</li>
 * </ul>
 *
 * <p><b>Scales.</b> ReLU-type copy layers draw a ∈ U[−2,2] (the reference's first layer). Smooth
 * ones draw a ∈ U[−σ,σ] with σ = √(K_φ·τ·η)/B, chosen so that the relative linearisation error
 * R(σB)/(φ'(0)·σB) (= (σB)²/3 for tanh, (σB)²/12 for sigmoid) is τ·η with τ =
 * {@value #LINEARISATION_SHARE}: the linearisation then adds at most τ·η·Σ|u·φ'(0)·a|·B per
 * output, of the order of the weight tolerance itself (for a sigmoid pair the relative error of
 * tanh(z/2) against z/2 is (σB)²/12 too). The sum layer reading such copies draws its weights
 * from U[−S,S] with S = s·2/(σ·φ'(0)·m) instead of U[−s,s], m = 2 channels per sigmoid pair and
 * 1 otherwise, so the coefficients m·u·φ'(0)·a have exactly the distribution of the ReLU case's
 * products u·a — the same subset-sum problems — while the network stays a random network (every
 * weight drawn independently, a mirror's as the negation of its copy's).
 *
 * @param activation the mother's activation in the copy layer
 */
public record CopyRule(Activation activation) {
  /** The share τ of the tolerance η allowed as relative linearisation error of smooth copies. */
  public static final double LINEARISATION_SHARE = 0.5;

  /** The copy weight range U[−2,2] of ReLU-type copy layers (the reference's first layer). */
  public static final double PIECEWISE_LINEAR_COPY_SCALE = 2.0;

  public CopyRule {
    ActivationKind k = activation.kind();
    if (k == ActivationKind.IDENTITY) {
      throw new IllegalArgumentException("copy layers need a nonlinear activation, got identity");
    }
  }

  /** ReLU and LeakyReLU: positively homogeneous, exact copies; tanh and sigmoid: linearised. */
  public boolean piecewiseLinear() {
    ActivationKind k = activation.kind();
    return k == ActivationKind.RELU || k == ActivationKind.LEAKY_RELU;
  }

  /** α: the slope for negative inputs (0 for ReLU). */
  public double alpha() {
    return activation.kind() == ActivationKind.LEAKY_RELU ? activation.negativeSlope() : 0.0;
  }

  /** 1/(1+α): what sign-split subset sums target, and their share of the tolerance. */
  public double splitFactor() {
    return 1.0 / (1.0 + alpha());
  }

  /**
   * Whether every copy comes with its mirror (see the class comment): the smooth kinds with an
   * intercept φ(0) ≠ 0, i.e. sigmoid, whose pairs then carry none.
   */
  public boolean paired() {
    return !piecewiseLinear() && activation.kind().valueAtZero() != 0;
  }

  /** Mother channels per copy: 2 for a sigmoid copy and its mirror, else 1. */
  public int channelsPerCopy() {
    return paired() ? 2 : 1;
  }

  /** φ'(0): 1 for tanh, 1/4 for sigmoid; 1 for the piecewise-linear kinds (their slope for x &gt; 0). */
  public double derivativeAtZero() {
    return activation.kind() == ActivationKind.SIGMOID ? 0.25 : 1.0;
  }

  /**
   * The constant part φ(0) one copy channel adds per unit of sum-layer weight: 1/2 for sigmoid,
   * else 0. A sigmoid pair adds u·φ(0) − u·φ(0) = 0; the certificate composes edge by edge.
   */
  public double intercept() {
    return piecewiseLinear() ? 0.0 : activation.kind().valueAtZero();
  }

  /**
   * The coefficient of x that a copy of weight a carries, as used in the subset sums: a itself
   * for the piecewise-linear kinds (the sign part is chosen by which copies form the base set),
   * φ'(0)·a for the smooth ones.
   */
  public double coefficient(double a) {
    return piecewiseLinear() ? a : derivativeAtZero() * a;
  }

  /** Effective slope of a copy of weight a for inputs x &gt; 0 (piecewise-linear kinds). */
  public double positiveSlope(double a) {
    return piecewiseLinear() ? (a > 0 ? a : alpha() * a) : coefficient(a);
  }

  /** Effective slope of a copy of weight a for inputs x &lt; 0 (piecewise-linear kinds). */
  public double negativeSlope(double a) {
    return piecewiseLinear() ? (a < 0 ? a : alpha() * a) : coefficient(a);
  }

  /**
   * Bound on |φ(z) − φ(0) − φ'(0)·z|: 0 for the piecewise-linear kinds (handled exactly by the
   * sign split), |z|³/3 for tanh, |z|³/48 for sigmoid.
   */
  public double remainder(double z) {
    double c = Math.abs(z);
    return switch (activation.kind()) {
      case TANH -> c * c * c / 3.0;
      case SIGMOID -> c * c * c / 48.0;
      default -> 0.0;
    };
  }

  /**
   * The copy weight range: 2 for ReLU-type copies, σ = √(K_φ·τ·η)/B for smooth ones (K = 3 for
   * tanh, 12 for sigmoid; see the class comment).
   *
   * @param inputBound B, a bound on |x| over the domain of the copied values
   * @param eta the per-parameter tolerance
   */
  public double copyScale(double inputBound, double eta) {
    if (piecewiseLinear()) {
      return PIECEWISE_LINEAR_COPY_SCALE;
    }
    if (!(inputBound > 0) || Double.isInfinite(inputBound)) {
      throw new IllegalArgumentException(
          activation.kind().cliName() + " copies need a finite positive input bound B (|x| <= B), got " + inputBound);
    }
    double k = activation.kind() == ActivationKind.SIGMOID ? 12.0 : 3.0;
    return Math.sqrt(k * LINEARISATION_SHARE * eta) / inputBound;
  }

  /**
   * The factor by which a sum layer reading these copies widens its weight range: 1 for
   * ReLU-type copies, 2/(σ·φ'(0)) for tanh, so that u·φ'(0)·a keeps the range of the
   * ReLU products u·a; 2/(σ·φ'(0)·2) for sigmoid pairs, whose coefficient is 2·u·φ'(0)·a.
   */
  public double sumScaleFactor(double copyScale) {
    return piecewiseLinear() ? 1.0 : PIECEWISE_LINEAR_COPY_SCALE / (copyScale * derivativeAtZero() * channelsPerCopy());
  }

  /**
   * Bound on |x| for the values a copy layer reads when they are outputs of this activation
   * (|tanh| ≤ 1, 0 &lt; σ &lt; 1; averages keep the bound), or infinity for the unbounded kinds.
   */
  public static double rangeBound(Activation a) {
    return switch (a.kind()) {
      case TANH, SIGMOID -> 1.0;
      default -> Double.POSITIVE_INFINITY;
    };
  }

  /**
   * The activation of the mother's hidden layers: the target's (all hidden target layers must
   * share it); ReLU copies when the target has no nonlinear hidden layer.
   */
  public static Activation motherActivation(List<TargetLayer> target) {
    Activation hidden = null;
    for (int l = 0; l < target.size() - 1; l++) {
      Activation a = target.get(l).activation();
      if (hidden == null) {
        hidden = a;
      } else if (!hidden.equals(a)) {
        throw new IllegalArgumentException(
            "target layer " + l + " uses " + a + " but earlier layers use " + hidden
                + "; the mother has one hidden activation");
      }
    }
    return hidden == null || hidden.kind() == ActivationKind.IDENTITY ? Activation.relu() : hidden;
  }
}
