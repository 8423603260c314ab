package org.ltcheck.inference;

/** out = after(body(x) + shortcut(x)); a null shortcut is the identity. */
final class ResidualKernel extends SizedLayer implements Kernel {
  private final Chain body;
  private final Chain shortcut;
  private final ActivationKernel after;
  private final int shortcutSlot;

  ResidualKernel(Chain body, Chain shortcut, ActivationKernel after, Workspace.Plan plan) {
    super(body.inSize(), body.outSize());
    this.body = body;
    this.shortcut = shortcut;
    this.after = after;
    this.shortcutSlot = shortcut == null ? -1 : plan.newSlot(shortcut.outSize());
  }

  @Override
  public void run(float[] in, int inOff, float[] out, int outOff, Workspace ws) {
    int n = body.outSize();
    body.run(in, inOff, out, outOff, ws);
    float[] side;
    int sideOff;
    if (shortcut == null) {
      side = in;
      sideOff = inOff;
    } else {
      side = ws.slot(shortcutSlot);
      sideOff = 0;
      shortcut.run(in, inOff, side, 0, ws);
    }
    for (int i = 0; i < n; i++) {
      out[outOff + i] += side[sideOff + i];
    }
    after.applyInPlace(out, outOff, n);
  }
}
