package org.ltcheck.adversarial;

import java.util.List;

/**
 * Ops applied in sequence. Its pass is the tape: it keeps every intermediate output of the
 * latest forward pass, which the reverse pass walks back through.
 */
final class OpChain implements DifferentiableOp {
  private final DifferentiableOp[] ops;

  OpChain(List<DifferentiableOp> ops) {
    if (ops.isEmpty()) {
      throw new IllegalArgumentException("a chain needs at least one layer");
    }
    this.ops = ops.toArray(new DifferentiableOp[0]);
  }

  @Override
  public int inSize() {
    return ops[0].inSize();
  }

  @Override
  public int outSize() {
    return ops[ops.length - 1].outSize();
  }

  @Override
  public Pass newPass() {
    return new ChainPass();
  }

  private final class ChainPass implements Pass {
    private final Pass[] passes = new Pass[ops.length];
    /** values[i] is the input of op i; values[0] and the last output are the caller's arrays. */
    private final double[][] values = new double[ops.length + 1][];
    /** grads[i] is the gradient with respect to the input of op i (i ≥ 1). */
    private final double[][] grads = new double[ops.length][];

    ChainPass() {
      for (int i = 0; i < ops.length; i++) {
        passes[i] = ops[i].newPass();
        if (i > 0) {
          values[i] = new double[ops[i].inSize()];
          grads[i] = new double[ops[i].inSize()];
        }
      }
    }

    @Override
    public void forward(double[] in, double[] out) {
      values[0] = in;
      values[ops.length] = out;
      for (int i = 0; i < ops.length; i++) {
        passes[i].forward(values[i], values[i + 1]);
      }
    }

    @Override
    public void backward(double[] in, double[] out, double[] gradOut, double[] gradIn) {
      double[] g = gradOut;
      for (int i = ops.length - 1; i >= 0; i--) {
        double[] gi = i == 0 ? gradIn : grads[i];
        passes[i].backward(values[i], values[i + 1], g, gi);
        g = gi;
      }
    }
  }
}
