package org.ltcheck.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ltcheck.certify.TicketCertificate;
import org.ltcheck.certify.TicketVerifier;
import org.ltcheck.mother.MotherLayerSpec;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Network;
import org.ltcheck.subsetsum.MinimumCardinalitySolver;
import org.ltcheck.targets.TargetVariants;
import org.ltcheck.testing.SmallTickets;
import org.ltcheck.theory.ActivationKind;
import org.ltcheck.theory.Construction;
import org.ltcheck.theory.MotherLayout;

class FailureRepairTest {
  private final MinimumCardinalitySolver solver = new MinimumCardinalitySolver(6);

  @Test
  void failuresGrowTheLayerBelowByRealChannelsAndTheTicketStaysWithinEps() {
    for (Activation a : List.of(Activation.relu(), Activation.of(ActivationKind.SIGMOID))) {
      Network target = TargetVariants.withActivation(SmallTickets.smallTarget(3), a);
      List<TargetLayer> layers = TargetLayers.of(target);
      for (Construction c : Construction.values()) {
        // two copies per channel: most base sets are too small at first
        ConstructionSettings s = ConstructionSettings.of(c, 0.02, 5).withRho(2, 2).withThreads(2).withInputBound(1.0);
        TicketConstructor.Result r = new TicketConstructor(solver).construct(target, s, null);
        TicketConstructor.Statistics st = r.statistics();
        assertTrue(st.primaryFailures() > 0, c + ": " + st);
        assertTrue(st.extraChannels() > 0, c + ": " + st);
        TicketCertificate cert = TicketVerifier.certify(r.ticket(), layers, s);
        assertTrue(cert.valid(), () -> c + ": " + cert.violations());
        assertTrue(cert.maxError() <= 0.02);
        long width = r.ticket().mother().layers().stream().mapToLong(MotherLayerSpec::outChannels).sum();
        assertEquals(primaryWidth(c.layout(), layers, s, new CopyRule(a)) + st.extraChannels(), width, a + " " + c);
      }
    }
  }

  @Test
  void repairsDoNotDependOnTheThreadCount() {
    Network target = SmallTickets.smallTarget(4);
    ConstructionSettings s = ConstructionSettings.of(Construction.L_PLUS_ONE, 0.02, 9).withRho(2, 2);
    assertEquals(
        new TicketConstructor(solver).construct(target, s.withThreads(1), null).ticket(),
        new TicketConstructor(solver).construct(target, s.withThreads(3), null).ticket());
  }

  /** The mother's channels before any repair: what the layer plan lays out. */
  private static long primaryWidth(MotherLayout plan, List<TargetLayer> layers, ConstructionSettings s, CopyRule copies) {
    long width = 0;
    int depth = layers.size();
    for (int t = 0; t < depth; t++) {
      TargetLayer l = layers.get(t);
      if (plan.copyLayerBefore(t)) {
        width += (long) s.rho1() * (copies.channelsPerCopy() * l.inChannels() + 1);
      }
      width += (long) plan.copiesPerChannel(t, depth, s.rho()) * l.outChannels() + plan.constantChannels(t, depth, s.rho());
    }
    return width;
  }
}
