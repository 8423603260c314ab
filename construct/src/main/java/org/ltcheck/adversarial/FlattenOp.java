package org.ltcheck.adversarial;

/** Flatten: the (C,H,W) array already is the feature vector, so both passes copy. */
final class FlattenOp extends SinglePassOp {
  FlattenOp(int size) {
    super(size, size);
  }

  @Override
  public void forward(double[] in, double[] out) {
    System.arraycopy(in, 0, out, 0, inSize());
  }

  @Override
  public void backward(double[] in, double[] out, double[] gradOut, double[] gradIn) {
    System.arraycopy(gradOut, 0, gradIn, 0, inSize());
  }
}
