package org.ltcheck.adversarial;

/**
 * One layer compiled for double-precision forward and reverse passes. The op is immutable and
 * shared by all threads; each thread asks for its own {@link Pass}, which holds the scratch
 * buffers of that layer.
 */
interface DifferentiableOp {
  int inSize();

  int outSize();

  /** A fresh pass with its own buffers, for one thread. */
  Pass newPass();

  /** The per-thread evaluation of an op. */
  interface Pass {
    /** Writes the layer's output for {@code in} to {@code out} (arrays of the op's sizes). */
    void forward(double[] in, double[] out);

    /**
     * Overwrites {@code gradIn} with Jᵀ·{@code gradOut}, the Jacobian taken at {@code in};
     * {@code in} and {@code out} are the arrays of the latest {@link #forward}, unchanged
     * since (ops reuse what that call left in their buffers).
     */
    void backward(double[] in, double[] out, double[] gradOut, double[] gradIn);
  }
}
