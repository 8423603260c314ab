package org.ltcheck.inference;

import org.ltcheck.model.Activation;

/**
 * Element-wise activation in float32. tanh and sigmoid go through StrictMath: Math.exp may be
 * an intrinsic whose last bit differs from the interpreter's, and results must not depend on
 * which thread happened to run JIT-compiled code. NaN propagates (certificates must notice it).
 */
final class ActivationKernel implements Kernel {
  private final Activation activation;
  private final float slope;
  private final int size;

  ActivationKernel(Activation activation, int size) {
    this.activation = activation;
    this.slope = (float) activation.negativeSlope();
    this.size = size;
  }

  @Override
  public int inSize() {
    return size;
  }

  @Override
  public int outSize() {
    return size;
  }

  @Override
  public void run(float[] in, int inOff, float[] out, int outOff, Workspace ws) {
    System.arraycopy(in, inOff, out, outOff, size);
    applyInPlace(out, outOff, size);
  }

  /** Applies the activation to {@code buf[off, off + n)}. */
  void applyInPlace(float[] buf, int off, int n) {
    int end = off + n;
    switch (activation.kind()) {
      case RELU -> {
        for (int i = off; i < end; i++) {
          // "x <= 0 ? 0 : x" keeps NaN (a comparison with NaN is false) and maps -0 to +0.
          buf[i] = buf[i] <= 0f ? 0f : buf[i];
        }
      }
      case LEAKY_RELU -> {
        for (int i = off; i < end; i++) {
          buf[i] = buf[i] >= 0f ? buf[i] : slope * buf[i];
        }
      }
      case TANH -> {
        for (int i = off; i < end; i++) {
          buf[i] = (float) StrictMath.tanh(buf[i]);
        }
      }
      case SIGMOID -> {
        for (int i = off; i < end; i++) {
          buf[i] = (float) (1.0 / (1.0 + StrictMath.exp(-(double) buf[i])));
        }
      }
      case IDENTITY -> {
        // nothing to do
      }
    }
  }
}
