package org.ltcheck.adversarial;

/** Flatten: the (C,H,W) array already is the feature vector, so both passes copy. */
final class FlattenOp implements DifferentiableOp, DifferentiableOp.Pass {
  private final int size;

  FlattenOp(int size) {
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
  public Pass newPass() {
    return this;
  }

  @Override
  public void forward(double[] in, double[] out) {
    System.arraycopy(in, 0, out, 0, size);
  }

  @Override
  public void backward(double[] in, double[] out, double[] gradOut, double[] gradIn) {
    System.arraycopy(gradOut, 0, gradIn, 0, size);
  }
}
