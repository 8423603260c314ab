package org.ltcheck.theory;

/**
 * The layer plan of a construction: which mother layers serve each target layer. The width
 * bounds ({@link MotherWidths}) and the ticket builder both follow it, so the two constructions
 * of the paper differ in exactly these two rules.
 *
 * <p>Every target layer t becomes one subset-sum layer with the target's kernel, optionally
 * preceded by a 1×1 copy layer (ρ₁ random copies a·x of each input channel plus ρ₁ constant
 * channels). A subset-sum layer behind a copy layer solves products a·u over the copies (split by
 * the sign of a for ReLU-type activations); one reading a subset-sum layer solves single factors u
 * over the ρ copies that layer kept of each channel.
 */
public sealed interface MotherLayout permits LPlusOneLayout, TwoLLayout {

  /** The plan of {@code construction}. */
  static MotherLayout of(Construction construction) {
    return switch (construction) {
      case L_PLUS_ONE -> LPlusOneLayout.INSTANCE;
      case TWO_L -> TwoLLayout.INSTANCE;
    };
  }

  Construction construction();

  /**
   * Whether target layer {@code targetLayer} gets a 1×1 copy layer in front of its subset-sum
   * layer, which then solves products a·u over the copies.
   */
  boolean copyLayerBefore(int targetLayer);

  /**
   * Whether the subset-sum layer of target layer {@code targetLayer} (of {@code depth}) keeps ρ
   * copies of each output channel plus ρ constant channels, which the next layer reads as the
   * base sets of its single-factor subset sums; otherwise it has one channel per target output
   * channel and no constants.
   */
  boolean keepsCopies(int targetLayer, int depth);

  /** Mother depth for a target of depth {@code targetDepth}. */
  int motherDepth(int targetDepth);

  /** Mother channels per target output channel of the subset-sum layer: ρ or 1. */
  default int copiesPerChannel(int targetLayer, int depth, int rho) {
    return keepsCopies(targetLayer, depth) ? rho : 1;
  }

  /** Constant channels of the subset-sum layer: ρ or 0. */
  default int constantChannels(int targetLayer, int depth, int rho) {
    return keepsCopies(targetLayer, depth) ? rho : 0;
  }
}
