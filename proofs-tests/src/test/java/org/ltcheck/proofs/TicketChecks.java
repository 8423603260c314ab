package org.ltcheck.proofs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.ltcheck.build.ConstructionSettings;
import org.ltcheck.build.TargetLayer;
import org.ltcheck.build.TargetLayers;
import org.ltcheck.build.TicketConstructor;
import org.ltcheck.certify.TicketCertificate;
import org.ltcheck.certify.TicketErrorBound;
import org.ltcheck.certify.TicketVerifier;
import org.ltcheck.inference.InferenceEngine;
import org.ltcheck.model.Network;
import org.ltcheck.subsetsum.MinimumCardinalitySolver;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.Construction;
import org.ltcheck.theory.ErrorBound;
import org.ltcheck.ticket.Ticket;
import org.ltcheck.ticket.TicketNetworks;

/** The checks every ticket property makes: certificate, output bound, reproducibility. */
final class TicketChecks {
  static final double INPUT_BOUND = 1.0;

  private TicketChecks() {}

  static ConstructionSettings settings(Construction c, double eps, long seed, int threads) {
    return new ConstructionSettings(c, eps, seed, 6, 12, 6, false, threads, INPUT_BOUND);
  }

  static Ticket build(Network target, ConstructionSettings s) {
    return new TicketConstructor(new MinimumCardinalitySolver(s.maxSubsetSize())).construct(target, s, null).ticket();
  }

  /**
   * Every composed weight, shortcut weight and bias within ε, no structural violation, and on
   * random inputs of the domain (corners included) the ticket's float32 output within the
   * certificate's propagated bound, plus float32 rounding.
   */
  static void certifiedAndWithinBound(Network target, Ticket ticket, ConstructionSettings s, Random r) {
    List<TargetLayer> layers = TargetLayers.of(target);
    TicketCertificate cert = TicketVerifier.certify(ticket, layers, s);
    assertEquals(0, cert.violationCount(), () -> "structure: " + cert.violations());
    assertTrue(cert.maxError() <= s.eta(), () -> "max error " + cert.maxError() + " > eps " + s.eta());
    assertTrue(cert.valid());
    ErrorBound bound = TicketErrorBound.worstCase(layers, INPUT_BOUND, cert);
    int[] shape = target.inputShape();
    int n = 12;
    int per = Math.toIntExact(FloatTensor.numelOf(shape));
    float[] v = new float[n * per];
    for (int i = 0; i < v.length; i++) {
      v[i] = i < 2 * per ? (i / per == 0 ? 1f : -1f) * (float) INPUT_BOUND : (float) ((2 * r.nextDouble() - 1) * INPUT_BOUND);
    }
    int[] batch = new int[shape.length + 1];
    batch[0] = n;
    System.arraycopy(shape, 0, batch, 1, shape.length);
    FloatTensor x = FloatTensor.wrap(v, batch);
    FloatTensor expected;
    FloatTensor actual;
    try (InferenceEngine e = new InferenceEngine(target, 1)) {
      expected = e.forward(x);
    }
    try (InferenceEngine e = new InferenceEngine(TicketNetworks.ticket(ticket), 1)) {
      actual = e.forward(x);
    }
    double worst = 0;
    for (int i = 0; i < expected.size(); i++) {
      worst = Math.max(worst, Math.abs(expected.get(i) - actual.get(i)));
    }
    // float32 evaluation of sums whose terms reach the mother's weight range
    double rounding = 1e-3 + 1e-4 * expected.maxAbs();
    double observed = worst;
    assertTrue(observed <= bound.outputBound() + rounding,
        () -> "output difference " + observed + " exceeds the certified bound " + bound.outputBound());
  }

  /** Same seed: the same ticket for 1 and 2 threads and on a second run; another seed: another ticket. */
  static void reproducible(Network target, Construction c, double eps, long seed) {
    Ticket one = build(target, settings(c, eps, seed, 1));
    Ticket two = build(target, settings(c, eps, seed, 2));
    Ticket again = build(target, settings(c, eps, seed, 1));
    assertEquals(one, two);
    assertEquals(one, again);
    assertEquals(TicketNetworks.ticket(one), TicketNetworks.ticket(two));
    assertTrue(!one.equals(build(target, settings(c, eps, seed + 1, 1))), "another seed gives another ticket");
  }
}
