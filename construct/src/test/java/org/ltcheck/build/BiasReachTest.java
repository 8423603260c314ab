package org.ltcheck.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Linear;
import org.ltcheck.model.Network;
import org.ltcheck.subsetsum.MinimumCardinalitySolver;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.ActivationKind;
import org.ltcheck.theory.Construction;

class BiasReachTest {
  /**
   * The old failure mode on a small net: a bias that no subset of the constants' edges reaches.
   * In L+1, target layer 1 reads sum layer 0, whose constants carry σ(β) ≤ σ(2) ≈ 0.88 through
   * edges u ∈ U[−1, 1]; with one term per subset no sum exceeds 0.88, so the bias 1 is out of
   * reach. Before the check a repair grew the constants to the group limit and then threw an
   * IllegalStateException; now it is one exception with the values before layer 1 is solved.
   * (Layer 0 is zero, so that one-term subsets build it.)
   */
  @Test
  void anUnreachableBiasFailsBeforeItsLayerIsSolvedNamingTheValues() {
    Network target = new Network(new int[] {2}, List.of(
        new Linear(FloatTensor.zeros(2, 2), FloatTensor.zeros(2)),
        Activation.of(ActivationKind.SIGMOID),
        new Linear(FloatTensor.wrap(new float[] {0.5f, 0.25f}, 1, 2), FloatTensor.wrap(new float[] {1f}, 1))));
    ConstructionSettings s = new ConstructionSettings(Construction.L_PLUS_ONE, 0.01, 3, 4, 8, 1, false, 1, 1.0);
    AtomicLong finished = new AtomicLong();
    UnreachableBiasException e = assertThrows(UnreachableBiasException.class,
        () -> new TicketConstructor(new MinimumCardinalitySolver(1)).construct(target, s, finished::set));
    assertEquals(1, e.targetLayer());
    assertEquals(0, e.channel());
    assertEquals(1.0, e.bias());
    assertTrue(e.reachHigh() < 0.9 && e.reachLow() > -0.9, e::getMessage);
    assertTrue(e.getMessage().startsWith("target layer 1, output channel 0: bias 1.00000 cannot be built within"), e::getMessage);
    assertTrue(e.getMessage().contains("up to 1 of"), e::getMessage);
    // layer 0's two channels were built, layer 1's one never started
    assertEquals(2, finished.get());
  }

  @Test
  void reachableBiasesPassTheCheckForEveryActivation() {
    for (ActivationKind k : ActivationKind.values()) {
      if (k == ActivationKind.IDENTITY) {
        continue;
      }
      Network target = new Network(new int[] {2}, List.of(
          new Linear(FloatTensor.wrap(new float[] {0.5f, -0.25f, 0.125f, 0.5f}, 2, 2), FloatTensor.wrap(new float[] {0.9f, -0.7f}, 2)),
          Activation.of(k),
          new Linear(FloatTensor.wrap(new float[] {0.5f, 0.25f}, 1, 2), FloatTensor.wrap(new float[] {-1f}, 1))));
      for (Construction c : Construction.values()) {
        ConstructionSettings s = new ConstructionSettings(c, 0.01, 3, 4, 8, 6, false, 1, 1.0);
        TicketConstructor.Result r = new TicketConstructor(new MinimumCardinalitySolver(6)).construct(target, s, null);
        assertTrue(r.statistics().problems() > 0, k + " " + c);
      }
    }
  }
}
