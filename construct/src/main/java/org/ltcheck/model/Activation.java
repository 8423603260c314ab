package org.ltcheck.model;

import org.ltcheck.theory.ActivationKind;

/**
 * Element-wise activation.
 *
 * @param kind which function
 * @param negativeSlope slope of LeakyReLU for negative inputs (PyTorch default 0.01); ignored by
 *     the other kinds
 */
public record Activation(ActivationKind kind, double negativeSlope) implements Layer {
  public static final double DEFAULT_NEGATIVE_SLOPE = 0.01;

  public Activation {
    if (kind == ActivationKind.LEAKY_RELU && !(negativeSlope >= 0 && negativeSlope < 1)) {
      throw new IllegalArgumentException("LeakyReLU slope must be in [0,1), got " + negativeSlope);
    }
  }

  public static Activation of(ActivationKind kind) {
    return new Activation(kind, DEFAULT_NEGATIVE_SLOPE);
  }

  public static Activation relu() {
    return of(ActivationKind.RELU);
  }

  /** The function value in double precision. */
  public double apply(double x) {
    return kind.apply(x, negativeSlope);
  }

  /** Lipschitz constant of this activation. */
  public double lipschitz() {
    return kind.lipschitz();
  }

  @Override
  public int[] outputShape(int[] in) {
    return in.clone();
  }
}
