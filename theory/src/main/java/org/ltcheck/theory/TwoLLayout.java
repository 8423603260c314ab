package org.ltcheck.theory;

/**
 * The layer plan of the paper's <b>Algorithm 1</b>, the 2L construction (PAPER §4): every target
 * layer becomes a 1×1 copy layer followed by a layer with the target's kernel and one channel per
 * target output channel, whose subset sums are products a·u over the copies. Depth 2L.
 */
public final class TwoLLayout implements MotherLayout {
  static final TwoLLayout INSTANCE = new TwoLLayout();

  private TwoLLayout() {}

  @Override
  public Construction construction() {
    return Construction.TWO_L;
  }

  @Override
  public boolean copyLayerBefore(int targetLayer) {
    return true;
  }

  @Override
  public boolean keepsCopies(int targetLayer, int depth) {
    return false;
  }

  @Override
  public int motherDepth(int targetDepth) {
    return 2 * targetDepth;
  }
}
