package org.ltcheck.build;

import org.ltcheck.theory.Construction;
import org.ltcheck.theory.MotherLayout;

/**
 * The builder's strategy for one of the paper's two constructions: the layer plan it lays out
 * (shared with the width bounds, {@link MotherLayout}) and the tolerance each target layer's
 * subset sums are built to. {@link LPlusOneConstruction} is Algorithm 2 (depth L+1),
 * {@link TwoLConstruction} Algorithm 1 (depth 2L).
 */
public sealed interface ConstructionAlgorithm permits LPlusOneConstruction, TwoLConstruction {

  /** The strategy of {@code construction}. */
  static ConstructionAlgorithm of(Construction construction) {
    return switch (construction) {
      case L_PLUS_ONE -> LPlusOneConstruction.INSTANCE;
      case TWO_L -> TwoLConstruction.INSTANCE;
    };
  }

  /** Which mother layers serve each target layer. */
  MotherLayout layout();

  default Construction construction() {
    return layout().construction();
  }

  /**
   * The per-parameter tolerance of the subset sums of target layer {@code targetLayer} (of
   * {@code depth}) when every parameter must be within {@code eta}: at most {@code eta}.
   */
  double layerTolerance(double eta, int targetLayer, int depth);
}
