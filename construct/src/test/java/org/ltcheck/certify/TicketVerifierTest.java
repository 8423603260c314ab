package org.ltcheck.certify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ltcheck.build.TargetLayer;
import org.ltcheck.build.TargetLayers;
import org.ltcheck.model.Network;
import org.ltcheck.testing.SmallTickets;
import org.ltcheck.theory.Construction;
import org.ltcheck.ticket.LayerMask;
import org.ltcheck.ticket.Ticket;
import org.ltcheck.ticket.TicketNetworks;

class TicketVerifierTest {
  private static final double EPS = 0.02;

  @Test
  void constructedTicketsAreValidWithEveryParameterChecked() {
    Network target = SmallTickets.smallTarget(3);
    List<TargetLayer> layers = TargetLayers.of(target);
    for (Construction c : Construction.values()) {
      Ticket t = SmallTickets.ticket(c);
      TicketCertificate cert = TicketVerifier.certify(t, layers, EPS, false);
      assertTrue(cert.valid(), () -> c + ": " + cert.violations() + " max " + cert.maxError());
      assertTrue(cert.maxError() <= EPS);
      // Every copy of every output channel is compared on every (input, position), both sign parts
      // for the layer reading the (possibly negative) input.
      LayerCertificate first = cert.layers().get(0);
      assertEquals((long) first.copies() * 1 * 9 * 2, first.checkedWeights());
      LayerCertificate head = cert.layers().get(cert.layers().size() - 1);
      assertEquals(2L * 3 * 25 * (c == Construction.TWO_L ? 1 : 1), head.checkedWeights());
    }
  }

  @Test
  void droppingAKeptWeightOrAddingAStrayOneIsCaught() {
    List<TargetLayer> layers = TargetLayers.of(SmallTickets.smallTarget(3));
    Ticket t = SmallTickets.ticket(Construction.L_PLUS_ONE);
    int last = t.masks().size() - 1;
    LayerMask head = t.masks().get(last);
    long[] kept = head.keptWeights();

    long[] fewer = Arrays.copyOfRange(kept, 1, kept.length);
    assertFalse(TicketVerifier.certify(withMask(t, last, new LayerMask(fewer, head.keptBiases())), layers, EPS, false).valid());

    // A stray edge whose mother weight is large cannot hide inside the tolerance.
    float[] motherHead = ((org.ltcheck.model.Linear) TicketNetworks.mother(t.mother()).layers()
        .get(TicketNetworks.mother(t.mother()).layers().size() - 1)).weight().toArray();
    long stray = firstUnkept(kept, motherHead, 0.5);
    long[] more = Arrays.copyOf(kept, kept.length + 1);
    more[kept.length] = stray;
    Arrays.sort(more);
    TicketCertificate c = TicketVerifier.certify(withMask(t, last, new LayerMask(more, head.keptBiases())), layers, EPS, false);
    assertFalse(c.valid(), "a stray edge must change some composed weight or break the structure");
  }

  @Test
  void keepingACopyChannelsRandomBiasIsAStructuralViolation() {
    List<TargetLayer> layers = TargetLayers.of(SmallTickets.smallTarget(3));
    Ticket t = SmallTickets.ticket(Construction.TWO_L);
    LayerMask m = t.masks().get(1);
    int[] biases = Arrays.copyOf(m.keptBiases(), m.keptBiases().length + 1);
    biases[biases.length - 1] = 0;
    Arrays.sort(biases);
    TicketCertificate c = TicketVerifier.certify(withMask(t, 1, new LayerMask(m.keptWeights(), biases)), layers, EPS, false);
    assertTrue(c.violationCount() > 0);
    assertFalse(c.valid());
  }

  private static Ticket withMask(Ticket t, int layer, LayerMask mask) {
    List<LayerMask> masks = new ArrayList<>(t.masks());
    masks.set(layer, mask);
    return new Ticket(t.mother(), masks);
  }

  private static long firstUnkept(long[] kept, float[] mother, double minMagnitude) {
    for (int i = 0; i < mother.length; i++) {
      if (Arrays.binarySearch(kept, i) < 0 && Math.abs(mother[i]) > minMagnitude) {
        return i;
      }
    }
    throw new AssertionError("no unkept weight of that magnitude");
  }
}
