package org.ltcheck.inference;

/**
 * A compiled layer's per-sample input and output sizes, fixed when it is compiled: the common
 * part of the float inference kernels and of the double-precision differentiable ops of
 * {@code org.ltcheck.adversarial}, whose interfaces both ask for {@code inSize()} and
 * {@code outSize()}.
 */
public abstract class SizedLayer {
  private final int inSize;
  private final int outSize;

  protected SizedLayer(int inSize, int outSize) {
    if (inSize < 0 || outSize < 0) {
      throw new IllegalArgumentException("layer sizes " + inSize + " -> " + outSize + " negative");
    }
    this.inSize = inSize;
    this.outSize = outSize;
  }

  /** Elements per sample read. */
  public final int inSize() {
    return inSize;
  }

  /** Elements per sample written. */
  public final int outSize() {
    return outSize;
  }
}
