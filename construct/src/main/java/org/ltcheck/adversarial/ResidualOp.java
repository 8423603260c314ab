package org.ltcheck.adversarial;

import org.ltcheck.inference.SizedLayer;
import org.ltcheck.model.Activation;

/** out = σ(body(x) + shortcut(x)); a null shortcut is the identity. */
final class ResidualOp extends SizedLayer implements DifferentiableOp {
  private final OpChain body;
  private final OpChain shortcut;
  private final Activation after;

  ResidualOp(OpChain body, OpChain shortcut, Activation after) {
    super(body.inSize(), body.outSize());
    this.body = body;
    this.shortcut = shortcut;
    this.after = after;
  }

  @Override
  public Pass newPass() {
    return new ResidualPass();
  }

  private final class ResidualPass implements Pass {
    private final Pass bodyPass = body.newPass();
    private final Pass shortcutPass = shortcut == null ? null : shortcut.newPass();
    private final double[] bodyOut = new double[body.outSize()];
    private final double[] shortcutOut = shortcut == null ? null : new double[shortcut.outSize()];
    private final double[] sum = new double[body.outSize()];
    private final double[] gradSum = new double[body.outSize()];
    private final double[] gradShortcut = new double[body.inSize()];

    @Override
    public void forward(double[] in, double[] out) {
      bodyPass.forward(in, bodyOut);
      double[] side = in;
      if (shortcutPass != null) {
        shortcutPass.forward(in, shortcutOut);
        side = shortcutOut;
      }
      for (int i = 0; i < sum.length; i++) {
        sum[i] = bodyOut[i] + side[i];
        out[i] = after.apply(sum[i]);
      }
    }

    @Override
    public void backward(double[] in, double[] out, double[] gradOut, double[] gradIn) {
      ActivationOp.multiplyByDerivative(after, sum, out, gradOut, gradSum, sum.length);
      bodyPass.backward(in, bodyOut, gradSum, gradIn);
      double[] side = gradSum;
      if (shortcutPass != null) {
        shortcutPass.backward(in, shortcutOut, gradSum, gradShortcut);
        side = gradShortcut;
      }
      for (int i = 0; i < gradShortcut.length; i++) {
        gradIn[i] += side[i];
      }
    }
  }
}
