package org.ltcheck.differential;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ltcheck.build.ConstructionSettings;
import org.ltcheck.build.TargetLayers;
import org.ltcheck.build.TicketConstructor;
import org.ltcheck.inference.InferenceEngine;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.Linear;
import org.ltcheck.model.Network;
import org.ltcheck.subsetsum.MinimumCardinalitySolver;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.testing.PropertySettings;
import org.ltcheck.theory.Construction;
import org.ltcheck.ticket.Ticket;
import org.ltcheck.ticket.TicketNetworks;

/**
 * The back-substituted bounds on their own (not intersected with the intervals): on tiny ReLU
 * targets of both constructions the symbolic output and ticket-margin bounds, and the certifier's
 * bound with its neuron-by-neuron refinement, hold at every input of a grid over the whole domain
 * and of a ball.
 */
class DifferenceBackSubstitutionTest {
  @Test
  void theSymbolicBoundsHoldOnAGridOfEveryInputOfTinyTickets() {
    PropertySettings.qt(9L, 12).forAll(longs().between(1, 1_000_000), integers().between(0, 1))
        .checkAssert((seed, twoL) -> {
          Random r = new Random(seed);
          Network target = new Network(new int[] {1, 2, 2}, List.of(
              new Conv2d(DifferentialCertifierPropertyTest.tensor(r, 0.8, 3, 1, 3, 3),
                  DifferentialCertifierPropertyTest.tensor(r, 0.4, 3), 1, 1), Activation.relu(),
              new Conv2d(DifferentialCertifierPropertyTest.tensor(r, 0.8, 2, 3, 3, 3),
                  DifferentialCertifierPropertyTest.tensor(r, 0.4, 2), 1, 1), Activation.relu(),
              new Flatten(), new Linear(DifferentialCertifierPropertyTest.tensor(r, 0.8, 3, 8),
                  DifferentialCertifierPropertyTest.tensor(r, 0.3, 3))));
          Construction c = twoL == 1 ? Construction.TWO_L : Construction.L_PLUS_ONE;
          ConstructionSettings s = new ConstructionSettings(c, 0.05, seed, 4, 8, 6, false, 1, 1.0);
          Ticket built = new TicketConstructor(new MinimumCardinalitySolver(s.maxSubsetSize())).construct(target, s, null)
              .ticket();
          Network ticket = TicketNetworks.ticket(built);
          TicketLayout layout = TicketLayout.read(built.mother(), ticket, TargetLayers.of(target));
          assertTrue(DifferenceBackSubstitution.supports(layout));
          DifferentialCertifier certifier = new DifferentialCertifier(TargetLayers.of(target), built.mother(), ticket);
          InputRegion domain = InputRegion.symmetric(target.inputShape(), 1.0);
          checkGrid(certifier, layout, target, ticket, domain);
          float[] centre = {(float) (r.nextDouble() - 0.5), (float) (r.nextDouble() - 0.5), 0.25f, -0.5f};
          checkGrid(certifier, layout, target, ticket, DifferentialCertifierPropertyTest.ball(centre, 0.2, domain));
        });
  }

  /** Every input of a 7^4 grid over the region (corners included) against the symbolic bounds. */
  private static void checkGrid(
      DifferentialCertifier certifier, TicketLayout layout, Network target, Network ticket, InputRegion region) {
    DifferentialCertifier.Propagation p = certifier.propagate(region, null);
    DifferenceBackSubstitution back = new DifferenceBackSubstitution(layout, p);
    NeuronBounds t = p.target().post[p.target().post.length - 1];
    int outs = t.size();
    double[] lo = new double[outs];
    double[] hi = new double[outs];
    for (int k = 0; k < outs; k++) {
      lo[k] = back.lowerBound(k, 1) - t.devHi[k] - 1e-12;
      hi[k] = -back.lowerBound(k, -1) - t.devLo[k] + 1e-12;
    }
    double[][] margin = new double[outs][outs];
    for (int c = 0; c < outs; c++) {
      for (int k = 0; k < outs; k++) {
        margin[c][k] = c == k ? 0 : back.ticketMarginLowerBound(c, k) - 1e-12;
      }
    }
    // The certifier's own bound: the intervals, the refined last hidden layer and the symbolic outputs together.
    OutputDifferenceBound refined = certifier.bound(region);
    int steps = 7;
    int n = (int) Math.pow(steps, 4);
    float[] x = new float[4 * n];
    for (int g = 0; g < n; g++) {
      int rest = g;
      for (int i = 0; i < 4; i++) {
        int step = rest % steps;
        rest /= steps;
        double v = region.lower()[i] + (region.upper()[i] - region.lower()[i]) * step / (steps - 1);
        x[4 * g + i] = region.clampToBox(i, (float) v);
      }
    }
    float[] ft;
    float[] fk;
    FloatTensor batch = FloatTensor.wrap(x, n, 1, 2, 2);
    try (InferenceEngine te = new InferenceEngine(target, 1); InferenceEngine ke = new InferenceEngine(ticket, 1)) {
      ft = te.forward(batch).toArray();
      fk = ke.forward(batch).toArray();
    }
    for (int g = 0; g < n; g++) {
      for (int k = 0; k < outs; k++) {
        double d = (double) fk[g * outs + k] - ft[g * outs + k];
        int gg = g;
        int kk = k;
        assertTrue(d >= lo[k] && d <= hi[k], () -> "input " + gg + " output " + kk + ": difference " + d
            + " outside the symbolic [" + lo[kk] + ", " + hi[kk] + "]");
        assertTrue(d >= refined.differenceLo()[k] && d <= refined.differenceHi()[k],
            () -> "input " + gg + " output " + kk + ": difference " + d + " outside the certified bound");
        for (int c = 0; c < outs; c++) {
          double m = (double) fk[g * outs + c] - fk[g * outs + k];
          int cc = c;
          assertTrue(c == k || m >= margin[c][k], () -> "ticket margin " + m + " of " + cc + " over " + kk
              + " below its bound " + margin[cc][kk]);
        }
      }
    }
  }
}
