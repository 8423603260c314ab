package org.ltcheck.assess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ltcheck.build.ConstructionSettings;
import org.ltcheck.build.TargetLayer;
import org.ltcheck.build.TargetLayers;
import org.ltcheck.build.TicketConstructor;
import org.ltcheck.certify.LayerCertificate;
import org.ltcheck.certify.TicketVerifier;
import org.ltcheck.data.Normalization;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.Linear;
import org.ltcheck.model.Network;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.Construction;

class OutputToleranceSearchTest {
  private static final int[] INPUT = {2, 6, 6};

  private static Network target(long seed) {
    Random r = new Random(seed);
    return new Network(INPUT, List.of(
        new Conv2d(uniform(r, 4, 2, 3, 3), uniform(r, 4), 1, 1), Activation.relu(),
        new Conv2d(uniform(r, 4, 4, 3, 3), uniform(r, 4), 2, 1), Activation.relu(),
        new Flatten(), new Linear(uniform(r, 4, 36), uniform(r, 4))));
  }

  private static FloatTensor uniform(Random r, int... shape) {
    float[] v = new float[Math.toIntExact(FloatTensor.numelOf(shape))];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (2 * r.nextDouble() - 1);
    }
    return FloatTensor.wrap(v, shape);
  }

  private static ConstructionSettings settings(Construction c, double eps) {
    return new ConstructionSettings(c, eps, 1, 6, 12, 6, false, 2);
  }

  /**
   * A stand-in for the certifier that is affine in the ticket's actual per-layer parameter errors, as the
   * certified bound is to first order: floor + Σ s_l · (largest error of layer l).
   */
  private static OutputToleranceSearch.GlobalBound affine(List<TargetLayer> layers, double floor, double... s) {
    return (target, ticket) -> {
      double b = floor;
      for (LayerCertificate c : TicketVerifier.certify(ticket, layers, 0.5, false).layers()) {
        b += s[c.targetLayer()] * Math.max(c.maxWeightError(), c.maxBiasError());
      }
      return b;
    };
  }

  private static OutputToleranceSearch search(OutputToleranceSearch.GlobalBound certifier) {
    return new OutputToleranceSearch(TicketConstructor.selectingSolvers(), certifier);
  }

  @Test
  void theLadderTightensUntilTheBoundMeetsTheOutputToleranceThenSharesItPerLayer() {
    Network target = target(3);
    List<TargetLayer> layers = TargetLayers.of(target);
    OutputToleranceSearch.GlobalBound certifier = affine(layers, 0.05, 5, 40, 1);
    ConstructionSettings start = settings(Construction.TWO_L, 0.1);
    OutputToleranceSearch.Outcome o = search(certifier).search(target, layers, start, 0.3, ToleranceSearch.Listener.NONE);
    assertTrue(o.reached(), o.reason());
    List<OutputToleranceSearch.Rung> uniform =
        o.rungs().stream().filter(r -> r.kind() == OutputToleranceSearch.Kind.UNIFORM).toList();
    assertTrue(uniform.size() >= 2, "the start does not meet E: " + uniform);
    for (int k = 1; k < uniform.size(); k++) {
      assertTrue(uniform.get(k).eta() < uniform.get(k - 1).eta());
    }
    assertEquals(0.1, uniform.get(0).eta());
    assertTrue(o.rungs().stream().anyMatch(r -> r.kind() == OutputToleranceSearch.Kind.PER_LAYER));
    OutputToleranceSearch.Rung chosen = o.rungs().get(o.chosen());
    assertTrue(chosen.certifiedBound() <= 0.3);
    assertEquals(chosen.certifiedBound(), certifier.of(target, o.result().ticket()));
    for (OutputToleranceSearch.Rung r : o.rungs()) {
      if (r.kind() != OutputToleranceSearch.Kind.SENSITIVITY && r.certifiedBound() <= 0.3) {
        assertTrue(chosen.ticketParameters() <= r.ticketParameters(), "the smallest ticket meeting E is chosen");
      }
    }
    assertEquals(chosen.layerEtas(), List.of(o.settings().etaOf(0), o.settings().etaOf(1), o.settings().etaOf(2)));
    assertTrue(TicketVerifier.certify(o.result().ticket(), layers, o.settings()).valid());
  }

  @Test
  void aFloorAboveTheOutputToleranceStopsTheLadderWithTheSmallestBoundReached() {
    Network target = target(4);
    List<TargetLayer> layers = TargetLayers.of(target);
    OutputToleranceSearch.Outcome o = search(affine(layers, 1.0, 5, 5, 5))
        .search(target, layers, settings(Construction.TWO_L, 0.1), 0.5, ToleranceSearch.Listener.NONE);
    assertFalse(o.reached());
    assertEquals(2, o.rungs().size(), "two rungs fit the floor");
    assertTrue(o.reason().contains("out of reach"), o.reason());
    double smallest = o.rungs().stream().mapToDouble(OutputToleranceSearch.Rung::certifiedBound).min().orElseThrow();
    assertEquals(smallest, o.rungs().get(o.chosen()).certifiedBound());
  }

  @Test
  void theDifferentialCertifiersBoundIsMetForAReachableOutputTolerance() {
    Network target = target(5);
    List<TargetLayer> layers = TargetLayers.of(target);
    Normalization unit = new Normalization(new double[] {0.5, 0.5}, new double[] {0.5, 0.5});
    OutputToleranceSearch.GlobalBound certifier = OutputToleranceSearch.GlobalBound.differential(unit, 2);
    ConstructionSettings start = settings(Construction.L_PLUS_ONE, 0.05);
    double atStart = certifier.of(target, TicketConstructor.selectingSolvers().construct(target, start, n -> {}).ticket());
    double e = atStart / 4;
    OutputToleranceSearch.Outcome o = search(certifier).search(target, layers, start, e, ToleranceSearch.Listener.NONE);
    assertTrue(o.reached(), o.reason() + " " + o.rungs());
    assertTrue(certifier.of(target, o.result().ticket()) <= e);
    assertTrue(TicketVerifier.certify(o.result().ticket(), layers, o.settings()).valid());
  }
}
