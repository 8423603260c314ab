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
        // Math.max, not a conditional: it is a vectorised intrinsic, whereas the branch
        // mispredicts on the ~50% negative inputs (it was the hottest loop of the MNIST
        // target). It also keeps NaN and maps -0 to +0.
        for (int i = off; i < end; i++) {
          buf[i] = Math.max(buf[i], 0f);
        }
      }
      case LEAKY_RELU -> {
        // max(x, slope*x) equals the two-sided definition because 0 <= slope < 1.
        for (int i = off; i < end; i++) {
          buf[i] = Math.max(buf[i], slope * buf[i]);
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
