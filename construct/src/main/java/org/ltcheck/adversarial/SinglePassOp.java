package org.ltcheck.adversarial;

import org.ltcheck.inference.SizedLayer;

/** An op whose passes keep nothing between calls, so that one immutable pass serves all threads. */
abstract class SinglePassOp extends SizedLayer implements DifferentiableOp, DifferentiableOp.Pass {
  SinglePassOp(int inSize, int outSize) {
    super(inSize, outSize);
  }

  @Override
  public final Pass newPass() {
    return this;
  }
}
