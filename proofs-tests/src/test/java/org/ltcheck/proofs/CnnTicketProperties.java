package org.ltcheck.proofs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ltcheck.proofs.PropertySettings.decimals;
import static org.ltcheck.proofs.PropertySettings.ticketSeeds;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ltcheck.build.ConstructionSettings;
import org.ltcheck.build.TargetLayer;
import org.ltcheck.build.TargetLayers;
import org.ltcheck.ticket.Ticket;
import org.ltcheck.certify.TicketCertificate;
import org.ltcheck.build.TicketConstructor;
import org.ltcheck.ticket.TicketNetworks;
import org.ltcheck.certify.TicketVerifier;
import org.ltcheck.assess.Agreement;
import org.ltcheck.assess.TicketComparison;
import org.ltcheck.certify.OutputErrorBounds;
import org.ltcheck.certify.PerInputBounds;
import org.ltcheck.data.Dataset;
import org.ltcheck.inference.InferenceEngine;
import org.ltcheck.inference.ProgressListener;
import org.ltcheck.model.Network;
import org.ltcheck.proofs.PropertySettings.TicketSeeds;
import org.ltcheck.subsetsum.MinimumCardinalitySolver;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.Construction;
import org.ltcheck.theory.ErrorBound;
import org.quicktheories.core.Gen;

/**
 * The theorem, checked on random CNN targets: for both constructions, every composed ticket
 * parameter is within ε of its target, the ticket's output stays within the propagated error
 * bound on random inputs of the domain, and the ticket is a pure function of the seed.
 */
class CnnTicketProperties {
  private static final double INPUT_BOUND = 1.0;

  private static TicketConstructor.Result build(Network target, Construction c, double eps, long seed, int threads) {
    ConstructionSettings s = new ConstructionSettings(c, eps, seed, 6, 12, 6, false, threads);
    return new TicketConstructor(new MinimumCardinalitySolver(6)).construct(target, s, null);
  }

  /** What a random CNN target is drawn with besides its seed: convolutions, weight range, sparsity. */
  record CnnShape(int convs, double maxWeight, double sparsity) {}

  private static Gen<CnnShape> cnnShapes() {
    return integers().between(1, 2).zip(decimals(0.2, 1.6, 2), decimals(0.0, 0.8, 2), CnnShape::new);
  }

  @Test
  void everyParameterWithinEpsAndOutputWithinBound() {
    PropertySettings.qt(25).forAll(ticketSeeds(), cnnShapes(), decimals(0.005, 0.1, 4))
        .checkAssert((seeds, shape, eps) -> everyParameterWithinEpsAndOutputWithinBound(seeds, shape, eps, false));
  }

  /** The same for CNNs with max pooling: each mother copy pools its own approximation. */
  @Test
  void everyParameterWithinEpsAndOutputWithinBoundThroughMaxPooling() {
    PropertySettings.qt(12).forAll(ticketSeeds(), cnnShapes(), decimals(0.005, 0.1, 4))
        .checkAssert((seeds, shape, eps) -> everyParameterWithinEpsAndOutputWithinBound(seeds, shape, eps, true));
  }

  private static void everyParameterWithinEpsAndOutputWithinBound(
      TicketSeeds seeds, CnnShape shape, double eps, boolean maxPools) {
    Random r = new Random(seeds.targetSeed());
    Network target = maxPools
        ? RandomTargets.maxPooledCnn(r, shape.convs(), 1 + r.nextInt(2), 4 + r.nextInt(4), shape.maxWeight(),
            shape.sparsity())
        : RandomTargets.cnn(r, shape.convs(), 1 + r.nextInt(2), 4 + r.nextInt(4), shape.maxWeight(), shape.sparsity());
    TicketConstructor.Result result = build(target, seeds.construction(), eps, seeds.motherSeed(), 1);
    List<TargetLayer> layers = TargetLayers.of(target);
    TicketCertificate cert = TicketVerifier.certify(result.ticket(), layers, eps, false);

    assertEquals(0, cert.violationCount(), () -> "structure: " + cert.violations());
    assertTrue(cert.maxError() <= eps, () -> "max error " + cert.maxError() + " > eps " + eps);
    assertTrue(cert.valid());

    ErrorBound bound = OutputErrorBounds.certified(layers, cert, INPUT_BOUND);
    FloatTensor x = RandomTargets.inputs(r, 16, INPUT_BOUND, target.inputShape());
    FloatTensor expected;
    FloatTensor actual;
    try (InferenceEngine e = new InferenceEngine(target, 1)) {
      expected = e.forward(x);
    }
    try (InferenceEngine e = new InferenceEngine(TicketNetworks.ticket(result.ticket()), 1)) {
      actual = e.forward(x);
    }
    double maxDiff = 0;
    for (int i = 0; i < expected.size(); i++) {
      maxDiff = Math.max(maxDiff, Math.abs(expected.get(i) - actual.get(i)));
    }
    // float32 inference adds rounding of order 1e-6 relative to the logits on top of the bound.
    double rounding = 1e-5 * (1 + maxAbs(expected));
    double observed = maxDiff;
    assertTrue(observed <= bound.outputBound() + rounding,
        () -> "output difference " + observed + " exceeds the certified bound " + bound.outputBound());

    // The per-input certificate: tighter than the worst case, and still above every measured difference.
    int n = x.dim(0);
    Dataset data = new Dataset(x, new int[n], expected.size() / n, "random inputs");
    double[] perInput = PerInputBounds.of(target, layers, cert, data, 1, ProgressListener.NONE);
    Agreement a = TicketComparison.compare(expected, actual, new int[n], "random inputs", perInput);
    assertEquals(n, a.imagesWithinBound(), "every input within its per-input bound");
    for (double b : perInput) {
      assertTrue(b <= bound.outputBound() * (1 + 1e-9), () -> "per-input bound " + b + " above the worst case " + bound.outputBound());
    }
  }

  @Test
  void sameSeedGivesBitIdenticalTicketForAnyThreadCount() {
    PropertySettings.qt(10).forAll(ticketSeeds())
        .checkAssert(CnnTicketProperties::sameSeedGivesBitIdenticalTicketForAnyThreadCount);
  }

  private static void sameSeedGivesBitIdenticalTicketForAnyThreadCount(TicketSeeds seeds) {
    Random r = new Random(seeds.targetSeed());
    Network target = RandomTargets.cnn(r, 2, 1, 6, 1.2, 0.3);
    Construction c = seeds.construction();
    Ticket one = build(target, c, 0.02, seeds.motherSeed(), 1).ticket();
    Ticket two = build(target, c, 0.02, seeds.motherSeed(), 2).ticket();
    Ticket again = build(target, c, 0.02, seeds.motherSeed(), 1).ticket();
    assertEquals(one, two);
    assertEquals(one, again);
    assertEquals(TicketNetworks.ticket(one), TicketNetworks.ticket(two));
  }

  @Test
  void ticketIsTheMotherWithParametersRemoved() {
    PropertySettings.qt(10).forAll(ticketSeeds()).checkAssert(CnnTicketProperties::ticketIsTheMotherWithParametersRemoved);
  }

  private static void ticketIsTheMotherWithParametersRemoved(TicketSeeds seeds) {
    Random r = new Random(seeds.targetSeed());
    Network target = RandomTargets.cnn(r, 1, 1, 5, 1.0, 0.2);
    Ticket ticket = build(target, seeds.construction(), 0.05, seeds.motherSeed(), 1).ticket();
    List<FloatTensor> mother = parameters(TicketNetworks.mother(ticket.mother()));
    List<FloatTensor> pruned = parameters(TicketNetworks.ticket(ticket));
    assertEquals(mother.size(), pruned.size());
    for (int k = 0; k < mother.size(); k++) {
      FloatTensor m = mother.get(k);
      FloatTensor t = pruned.get(k);
      for (int i = 0; i < m.size(); i++) {
        float v = t.get(i);
        assertTrue(v == 0f || v == m.get(i), "ticket parameter differs from the mother's: " + v + " vs " + m.get(i));
      }
    }
  }

  private static List<FloatTensor> parameters(Network n) {
    java.util.List<FloatTensor> out = new java.util.ArrayList<>();
    for (var l : n.layers()) {
      if (l instanceof org.ltcheck.model.Conv2d c) {
        out.add(c.weight());
        out.add(c.bias());
      } else if (l instanceof org.ltcheck.model.Linear lin) {
        out.add(lin.weight());
        out.add(lin.bias());
      }
    }
    return out;
  }

  private static double maxAbs(FloatTensor t) {
    return t.maxAbs();
  }
}
