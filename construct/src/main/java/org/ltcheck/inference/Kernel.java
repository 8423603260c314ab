package org.ltcheck.inference;

/**
 * One compiled layer: reads a sample's input from {@code in} and writes its output to
 * {@code out}. Kernels are immutable and shared by all worker threads; everything a kernel
 * changes while running lives in the caller's arrays or in the thread's {@link Workspace}.
 *
 * <p>Contract: the {@code in} and {@code out} regions never overlap, and a kernel computes each
 * output element with the same sequence of float operations whatever thread runs it, which is
 * what makes results independent of the thread count.
 */
interface Kernel {
  /** Floats per sample read from {@code in}. */
  int inSize();

  /** Floats per sample written to {@code out}. */
  int outSize();

  void run(float[] in, int inOff, float[] out, int outOff, Workspace ws);

  /**
   * True when the output equals the input element for element (Flatten), so that a chain can
   * hand the input on instead of copying it.
   */
  default boolean passThrough() {
    return false;
  }
}
