package org.ltcheck.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MotherLayoutTest {
  private static final int DEPTH = 4;
  private static final int RHO = 15;

  @Test
  void eachConstructionHasItsOwnPlan() {
    for (Construction c : Construction.values()) {
      assertSame(c, MotherLayout.of(c).construction());
      assertSame(MotherLayout.of(c), c.layout());
    }
    assertTrue(Construction.L_PLUS_ONE.layout() instanceof LPlusOneLayout);
    assertTrue(Construction.TWO_L.layout() instanceof TwoLLayout);
  }

  @Test
  void lPlusOneCopiesOnlyTheInputAndKeepsRhoCopiesOfEveryIntermediateLayer() {
    MotherLayout l = MotherLayout.of(Construction.L_PLUS_ONE);
    assertTrue(l.copyLayerBefore(0));
    for (int t = 1; t < DEPTH; t++) {
      assertFalse(l.copyLayerBefore(t));
    }
    for (int t = 0; t < DEPTH - 1; t++) {
      assertTrue(l.keepsCopies(t, DEPTH));
      assertEquals(RHO, l.copiesPerChannel(t, DEPTH, RHO));
      assertEquals(RHO, l.constantChannels(t, DEPTH, RHO));
    }
    assertFalse(l.keepsCopies(DEPTH - 1, DEPTH));
    assertEquals(1, l.copiesPerChannel(DEPTH - 1, DEPTH, RHO));
    assertEquals(0, l.constantChannels(DEPTH - 1, DEPTH, RHO));
    assertEquals(DEPTH + 1, l.motherDepth(DEPTH));
  }

  @Test
  void twoLCopiesInFrontOfEveryLayerAndKeepsOneChannelPerOutput() {
    MotherLayout l = MotherLayout.of(Construction.TWO_L);
    for (int t = 0; t < DEPTH; t++) {
      assertTrue(l.copyLayerBefore(t));
      assertFalse(l.keepsCopies(t, DEPTH));
      assertEquals(1, l.copiesPerChannel(t, DEPTH, RHO));
      assertEquals(0, l.constantChannels(t, DEPTH, RHO));
    }
    assertEquals(2 * DEPTH, l.motherDepth(DEPTH));
  }

  @Test
  void theMotherDepthCountsOneLayerPerTargetLayerPlusItsCopyLayers() {
    for (Construction c : Construction.values()) {
      MotherLayout l = c.layout();
      int layers = 0;
      for (int t = 0; t < DEPTH; t++) {
        layers += l.copyLayerBefore(t) ? 2 : 1;
      }
      assertEquals(layers, l.motherDepth(DEPTH));
    }
  }
}
