package org.ltcheck.adversarial;

import org.ltcheck.model.Activation;

/**
 * Element-wise activation in double. The derivative at a ReLU kink is taken as 0 (the
 * subgradient of the side the input is on when it is exactly 0); the search only needs
 * directions.
 */
final class ActivationOp extends SinglePassOp {
  private final Activation activation;

  ActivationOp(Activation activation, int size) {
    super(size, size);
    this.activation = activation;
  }

  @Override
  public void forward(double[] in, double[] out) {
    for (int i = 0; i < inSize(); i++) {
      out[i] = activation.apply(in[i]);
    }
  }

  @Override
  public void backward(double[] in, double[] out, double[] gradOut, double[] gradIn) {
    multiplyByDerivative(activation, in, out, gradOut, gradIn, inSize());
  }

  /** {@code gradIn[i] = gradOut[i] · σ'(in[i])}, the derivative written through σ's output where that is cheaper. */
  static void multiplyByDerivative(
      Activation activation, double[] in, double[] out, double[] gradOut, double[] gradIn, int n) {
    switch (activation.kind()) {
      case RELU -> {
        for (int i = 0; i < n; i++) {
          gradIn[i] = in[i] > 0 ? gradOut[i] : 0;
        }
      }
      case LEAKY_RELU -> {
        double slope = activation.negativeSlope();
        for (int i = 0; i < n; i++) {
          gradIn[i] = in[i] > 0 ? gradOut[i] : slope * gradOut[i];
        }
      }
      case TANH -> {
        for (int i = 0; i < n; i++) {
          gradIn[i] = gradOut[i] * (1 - out[i] * out[i]);
        }
      }
      case SIGMOID -> {
        for (int i = 0; i < n; i++) {
          gradIn[i] = gradOut[i] * out[i] * (1 - out[i]);
        }
      }
      case IDENTITY -> System.arraycopy(gradOut, 0, gradIn, 0, n);
    }
  }
}
