package org.ltcheck.inference;

import org.ltcheck.model.Activation;
import org.ltcheck.theory.ActivationKind;

/**
 * Element-wise activation in float32, through {@link ActivationKind}'s functions (one loop per
 * kind, so that the JIT vectorises each). NaN propagates (certificates must notice it).
 */
final class ActivationKernel extends SizedLayer implements Kernel {
  private final Activation activation;
  private final float slope;

  ActivationKernel(Activation activation, int size) {
    super(size, size);
    this.activation = activation;
    this.slope = (float) activation.negativeSlope();
  }

  @Override
  public void run(float[] in, int inOff, float[] out, int outOff, Workspace ws) {
    System.arraycopy(in, inOff, out, outOff, inSize());
    applyInPlace(out, outOff, inSize());
  }

  /** Applies the activation to {@code buf[off, off + n)}. */
  void applyInPlace(float[] buf, int off, int n) {
    int end = off + n;
    switch (activation.kind()) {
      case RELU -> {
        for (int i = off; i < end; i++) {
          buf[i] = ActivationKind.relu(buf[i]);
        }
      }
      case LEAKY_RELU -> {
        for (int i = off; i < end; i++) {
          buf[i] = ActivationKind.leakyRelu(buf[i], slope);
        }
      }
      case TANH -> {
        for (int i = off; i < end; i++) {
          buf[i] = ActivationKind.tanh(buf[i]);
        }
      }
      case SIGMOID -> {
        for (int i = off; i < end; i++) {
          buf[i] = ActivationKind.sigmoid(buf[i]);
        }
      }
      case IDENTITY -> {
        // nothing to do
      }
    }
  }
}
