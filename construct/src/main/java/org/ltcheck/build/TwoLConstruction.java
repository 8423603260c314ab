package org.ltcheck.build;

import org.ltcheck.theory.Construction;
import org.ltcheck.theory.MotherLayout;
import org.ltcheck.theory.TwoLLayout;

/**
 * The paper's <b>Algorithm 1</b>, the 2L construction (PAPER §4): every target layer becomes a
 * copy layer followed by a layer with the target's kernel and one channel per output
 * ({@link TwoLLayout}). Every layer reads exact copies, so every layer is built to ε.
 */
public final class TwoLConstruction implements ConstructionAlgorithm {
  static final TwoLConstruction INSTANCE = new TwoLConstruction();

  private TwoLConstruction() {}

  @Override
  public MotherLayout layout() {
    return Construction.TWO_L.layout();
  }

  @Override
  public double layerTolerance(double eta, int targetLayer, int depth) {
    return eta;
  }
}
