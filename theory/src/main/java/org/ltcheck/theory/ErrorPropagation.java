package org.ltcheck.theory;

import java.util.List;

/**
 * The worst-case error propagation of PAPER §2b: how far the ticket's output can be from the
 * target's when every composed ticket weight and bias is within η_l of its target value, over all
 * inputs with |x| ≤ B₀.
 *
 * <p>Activation bounds: B_{l,j} = |φ(0)| + λ·(Σ_i |w_{j,i}|·B_{l−1,i} + |b_j|), valid because
 * |φ(z)| ≤ |φ(0)| + λ|z| for a λ-Lipschitz φ. Errors: with e₀ = 0,
 * e_{l,j} ≤ λ·(Σ_i |w_{j,i}|·e_{l−1,i} + η_l·(Σ_{nonzero w_{j,i}} (B_{l−1,i} + e_{l−1,i}) + [b_j ≠ 0])),
 * from (w+Δw)(h+Δh) − wh = wΔh + Δw(h+Δh) with |Δw| ≤ η_l on nonzero weights (zero weights are
 * pruned exactly). The sum over nonzero weights counts every nonzero weight, so a channel pair
 * contributes nonZero[j][i]·(B + e).
 *
 * <p>Not included: the linearisation error of tanh/sigmoid first layers (PAPER §6); the
 * per-input certificate adds it.
 */
public final class ErrorPropagation {
  /** max |x| of MNIST after normalisation with mean 0.1307 and std 0.3081: (1 − 0.1307)/0.3081. */
  public static final double MNIST_INPUT_BOUND = (1.0 - 0.1307) / 0.3081;

  /** Default relative width of the final bisection bracket in {@link #largestUniformEta}. */
  public static final double DEFAULT_RELATIVE_TOLERANCE = 1e-9;

  private ErrorPropagation() {}

  /**
   * B_{l,j} for every target layer l (from 0) and output channel j, from the input bound B₀
   * shared by all input channels.
   */
  public static double[][] activationBounds(List<LayerMagnitudes> layers, double inputBound) {
    checkChain(layers);
    Checks.nonNegativeFinite("inputBound", inputBound);
    double[][] b = new double[layers.size()][];
    double[] prev = filled(layers.get(0).inChannels(), inputBound);
    for (int l = 0; l < layers.size(); l++) {
      LayerMagnitudes m = layers.get(l);
      double[] cur = new double[m.outChannels()];
      for (int j = 0; j < cur.length; j++) {
        double s = m.absBias(j);
        for (int i = 0; i < prev.length; i++) {
          s += m.absWeight(j, i) * prev[i];
        }
        cur[j] = channelBound(m.activation(), s, Double.POSITIVE_INFINITY);
      }
      b[l] = cur;
      prev = cur;
    }
    return b;
  }

  /** The error bound for one tolerance η shared by all layers. */
  public static ErrorBound outputError(List<LayerMagnitudes> layers, double inputBound, double eta) {
    Checks.nonNegativeFinite("eta", eta);
    return outputError(layers, inputBound, filled(layers.size(), eta));
  }

  /**
   * The error bound for per-layer tolerances {@code etas[l]} (η_l ≥ 0; 0 means the layer is
   * reproduced exactly).
   */
  public static ErrorBound outputError(List<LayerMagnitudes> layers, double inputBound, double[] etas) {
    if (etas.length != layers.size()) {
      throw new IllegalArgumentException(etas.length + " tolerances for " + layers.size() + " layers");
    }
    // |w̃| ≤ |w| + η per nonzero weight: the target-only bound is the measured-factor bound with
    // P = |w| + η·(nonzero count).
    List<double[][]> propagation = new java.util.ArrayList<>();
    for (int l = 0; l < layers.size(); l++) {
      LayerMagnitudes m = layers.get(l);
      Checks.nonNegativeFinite("eta[" + l + "]", etas[l]);
      double[][] p = new double[m.outChannels()][m.inChannels()];
      for (int j = 0; j < p.length; j++) {
        for (int i = 0; i < p[j].length; i++) {
          p[j][i] = m.absWeight(j, i) + etas[l] * m.nonZero(j, i);
        }
      }
      propagation.add(p);
    }
    return outputError(layers, propagation, inputBound, etas);
  }


  /**
   * The error bound of a constructed ticket whose errors propagate through measured factors
   * instead of the target's |w|. A ticket channel j of layer l computes
   * Σ_{i,s} u_s·h̃_{i,s} + b̃_j where the h̃_{i,s} are the copies it reads; with
   * |Σ_s u_s − w| ≤ η_l per weight and |h̃_{i,s} − h_i| ≤ e_{l−1,i},
   * the pre-activation error is at most Σ_i P_{j,i}·e_{l−1,i} + η_l(Σ_{i: w≠0} B_{l−1,i} + [b_j ≠ 0])
   * with P_{j,i} = Σ_s |u_s| over the kept terms. When all copies carry the same value (a copy layer
   * below) P is |composed weight|; when they are distinct copies with their own errors (the sum
   * layers of L+1), cancellation inside a subset sum makes P larger than |w|, and using |w| there
   * would not be sound.
   *
   * @param target the target's magnitudes (activation bounds B and nonzero counts)
   * @param propagation P_{j,i} per layer, same shapes as the target's absWeight
   * @param etas the measured per-layer maximum parameter error
   */
  public static ErrorBound outputError(
      List<LayerMagnitudes> target, List<double[][]> propagation, double inputBound, double[] etas) {
    double[][] bounds = activationBounds(target, inputBound);
    List<double[]> inputs = new java.util.ArrayList<>();
    inputs.add(filled(target.get(0).inChannels(), inputBound));
    for (int l = 0; l + 1 < target.size(); l++) {
      inputs.add(bounds[l]);
    }
    return outputError(target, propagation, inputs, etas);
  }

  /**
   * The same recursion with the magnitudes of the inputs of every layer given per channel
   * instead of derived from a domain bound: with the target's actual max |h_{l−1,i}| of one
   * input this is a sound bound on that input's output error (the per-input certificate).
   *
   * @param inputMagnitudes for each layer l, per input channel i, an upper bound on |h_{l−1,i}|
   */
  public static ErrorBound outputError(
      List<LayerMagnitudes> target, List<double[][]> propagation, List<double[]> inputMagnitudes, double[] etas) {
    checkChain(target);
    if (propagation.size() != target.size() || etas.length != target.size() || inputMagnitudes.size() != target.size()) {
      throw new IllegalArgumentException(propagation.size() + " propagation matrices, " + inputMagnitudes.size()
          + " input magnitudes and " + etas.length + " tolerances for " + target.size() + " layers");
    }
    double[][] errors = new double[target.size()][];
    double[] layerMax = new double[target.size()];
    double[] prevError = new double[target.get(0).inChannels()];
    for (int l = 0; l < target.size(); l++) {
      LayerMagnitudes m = target.get(l);
      double[][] p = propagation.get(l);
      double[] h = inputMagnitudes.get(l);
      Checks.nonNegativeFinite("eta[" + l + "]", etas[l]);
      if (p.length != m.outChannels() || (p.length > 0 && p[0].length != m.inChannels()) || h.length != m.inChannels()) {
        throw new IllegalArgumentException("propagation or input magnitudes of layer " + l + " do not match its "
            + m.outChannels() + "x" + m.inChannels() + " magnitudes");
      }
      double[] cur = new double[m.outChannels()];
      double max = 0;
      for (int j = 0; j < cur.length; j++) {
        double propagated = 0;
        double reach = m.absBias(j) > 0 ? 1.0 : 0.0;
        for (int i = 0; i < h.length; i++) {
          propagated += p[j][i] * prevError[i];
          reach += m.nonZero(j, i) * h[i];
        }
        cur[j] = channelError(m.activation(), propagated, etas[l], reach, Double.POSITIVE_INFINITY);
        max = Math.max(max, cur[j]);
      }
      errors[l] = cur;
      layerMax[l] = max;
      prevError = cur;
    }
    return new ErrorBound(errors, layerMax, layerMax[layerMax.length - 1]);
  }


  /**
   * One channel's activation bound, the step of the recursion every bound in the project takes:
   * B_{l,j} = min(range, |φ(0)| + λ·magnitude), with magnitude = Σ|w|·B_{l−1} + |b| over what
   * feeds the channel (shortcuts included) and {@code range} a bound on |φ| (∞ for the unbounded
   * kinds).
   */
  public static double channelBound(ActivationKind activation, double magnitude, double range) {
    return Math.min(range, Math.abs(activation.valueAtZero()) + activation.lipschitz() * magnitude);
  }

  /**
   * One channel's error bound: e_{l,j} = min(diameter, λ·(propagated + η·reach)), with
   * propagated = Σ P·e_{l−1} (plus any linearisation error), reach = Σ_{w≠0} B_{l−1} + [b ≠ 0]
   * and {@code diameter} a bound on the difference of two activation values (∞ for the unbounded
   * kinds).
   */
  public static double channelError(
      ActivationKind activation, double propagated, double eta, double reach, double diameter) {
    return Math.min(diameter, activation.lipschitz() * (propagated + eta * reach));
  }

  /** {@link #largestUniformEta(List, double, double, double)} with the default tolerance. */
  public static double largestUniformEta(List<LayerMagnitudes> layers, double inputBound, double epsilon) {
    return largestUniformEta(layers, inputBound, epsilon, DEFAULT_RELATIVE_TOLERANCE);
  }

  /**
   * The largest uniform per-parameter tolerance η whose output bound is at most ε, by bisection:
   * the bound is a polynomial in η with nonnegative coefficients and no constant term, hence
   * continuous, zero at 0 and non-decreasing. The result η* meets ε, and every η ≥
   * η*·(1 + relativeTolerance) does not.
   *
   * <p>The search is over (0, 1): for weights |w| ≤ 1 a tolerance of 1 is met by the empty subset
   * already, and the width bounds need η &lt; 1. If the whole interval meets ε the result is the
   * largest double below 1.
   *
   * @throws IllegalArgumentException if no positive double meets ε
   */
  public static double largestUniformEta(
      List<LayerMagnitudes> layers, double inputBound, double epsilon, double relativeTolerance) {
    Checks.positiveFinite("epsilon", epsilon);
    Checks.positiveFinite("relativeTolerance", relativeTolerance);
    double hi = 1.0;
    if (outputError(layers, inputBound, hi).outputBound() <= epsilon) {
      return Math.nextDown(1.0);
    }
    double lo = 0.5;
    while (outputError(layers, inputBound, lo).outputBound() > epsilon) {
      hi = lo;
      lo /= 2;
      if (lo == 0.0) {
        throw new IllegalArgumentException("no tolerance eta > 0 meets the output tolerance epsilon = " + epsilon);
      }
    }
    while (hi - lo > relativeTolerance * lo) {
      double mid = lo + (hi - lo) / 2;
      if (mid <= lo || mid >= hi) {
        break;
      }
      if (outputError(layers, inputBound, mid).outputBound() <= epsilon) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static void checkChain(List<LayerMagnitudes> layers) {
    if (layers == null || layers.isEmpty()) {
      throw new IllegalArgumentException("error propagation needs at least one layer");
    }
    for (int l = 1; l < layers.size(); l++) {
      if (layers.get(l).inChannels() != layers.get(l - 1).outChannels()) {
        throw new IllegalArgumentException(
            "layer " + l + " reads " + layers.get(l).inChannels() + " channels but layer " + (l - 1) + " writes "
                + layers.get(l - 1).outChannels());
      }
    }
  }

  private static double[] filled(int n, double v) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, v);
    return a;
  }
}
