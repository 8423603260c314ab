package org.ltcheck.theory;

/**
 * The layer plan of the paper's <b>Algorithm 2</b>, the L+1 construction (PAPER §3): one 1×1
 * copy layer in front of the first target layer, then one mother layer per target layer. Every
 * intermediate layer keeps ρ copies of each output channel plus ρ constant channels, so that the
 * next layer's subset sums draw single factors from ρ copies of its input; the last layer has one
 * channel per output. Depth L+1.
 */
public final class LPlusOneLayout implements MotherLayout {
  static final LPlusOneLayout INSTANCE = new LPlusOneLayout();

  private LPlusOneLayout() {}

  @Override
  public Construction construction() {
    return Construction.L_PLUS_ONE;
  }

  @Override
  public boolean copyLayerBefore(int targetLayer) {
    return targetLayer == 0;
  }

  @Override
  public boolean keepsCopies(int targetLayer, int depth) {
    return targetLayer < depth - 1;
  }

  @Override
  public int motherDepth(int targetDepth) {
    return targetDepth + 1;
  }
}
