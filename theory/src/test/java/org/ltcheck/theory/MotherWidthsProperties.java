package org.ltcheck.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ltcheck.theory.PropertySettings.decimals;
import static org.ltcheck.theory.PropertySettings.seeds;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MotherWidthsProperties {

  @Test
  void widthsDoNotShrinkAsEtaShrinks() {
    PropertySettings.qt(31)
        .forAll(seeds(), decimals(0.05, 8.0), decimals(0.05, 8.0), decimals(0.05, 8.0))
        .checkAssert((seed, eta1Decades, eta2Decades, deltaDecades) -> {
          double eta1 = Math.pow(10, -eta1Decades);
          double eta2 = Math.pow(10, -eta2Decades);
          double delta = Math.pow(10, -deltaDecades);
          assertTighterNeedsNoSmallerWidths(seed,
              WidthParameters.defaults(Math.max(eta1, eta2), delta), WidthParameters.defaults(Math.min(eta1, eta2), delta));
        });
  }

  @Test
  void widthsDoNotShrinkAsDeltaShrinks() {
    PropertySettings.qt(32)
        .forAll(seeds(), decimals(0.05, 8.0), decimals(0.05, 8.0), decimals(0.05, 8.0))
        .checkAssert((seed, etaDecades, delta1Decades, delta2Decades) -> {
          double eta = Math.pow(10, -etaDecades);
          double delta1 = Math.pow(10, -delta1Decades);
          double delta2 = Math.pow(10, -delta2Decades);
          assertTighterNeedsNoSmallerWidths(seed,
              WidthParameters.defaults(eta, Math.max(delta1, delta2)), WidthParameters.defaults(eta, Math.min(delta1, delta2)));
        });
  }

  /** With ρ and ρ₁ fixed, every layer with copies is exactly linear in its target width n+1. */
  @Test
  void fixedSizeWidthsAreLinearInTargetWidth() {
    PropertySettings.qt(33)
        .forAll(seeds(), integers().between(2, 5), integers().between(1, 40), integers().between(2, 40))
        .checkAssert((seed, factor, rho, rho1) -> {
          TargetArchitecture a = TheoryFixtures.scaledDense(TheoryFixtures.randomArchitecture(new Random(seed)), 1);
          TargetArchitecture b = TheoryFixtures.scaledDense(a, factor);
          for (Construction c : Construction.values()) {
            WidthParameters p = WidthParameters.defaults(0.01, 0.01).withRho(rho).withRho1(rho1);
            MotherPlan pa = MotherWidths.plan(a, c, p);
            MotherPlan pb = MotherWidths.plan(b, c, p);
            for (int k = 0; k < pa.depth(); k++) {
              MotherLayer la = pa.layers().get(k);
              MotherLayer lb = pb.layers().get(k);
              boolean readsNetworkInput = la.role() == MotherLayer.Role.COPY && la.targetLayer() == 0;
              if (!readsNetworkInput) {
                // A layer of copies has width copies·(n+1); a layer without copies has width n.
                int plain = la.copiesPerTargetChannel() == 1 && la.constantChannels() == 0 ? 1 : 0;
                assertEquals((long) factor * (la.outChannels() + plain), lb.outChannels() + plain,
                    "layer " + k + " of " + c.label());
              }
            }
          }
        });
  }

  /**
   * With derived sizes a wider target needs more problems M, so ρ may grow, but only
   * logarithmically: ρ' − ρ ≤ C·ln(M'/M) + 1.
   */
  @Test
  void derivedRhoGrowsOnlyLogarithmicallyWithWidth() {
    PropertySettings.qt(34)
        .forAll(seeds(), integers().between(2, 8), decimals(0.31, 6.0), decimals(0.31, 6.0))
        .checkAssert((seed, factor, etaDecades, deltaDecades) -> {
          double eta = Math.pow(10, -etaDecades);
          double delta = Math.pow(10, -deltaDecades);
          TargetArchitecture a = TheoryFixtures.scaledDense(TheoryFixtures.randomArchitecture(new Random(seed)), 1);
          TargetArchitecture b = TheoryFixtures.scaledDense(a, factor);
          WidthParameters p = WidthParameters.defaults(eta, delta);
          MotherPlan pa = MotherWidths.plan(a, Construction.L_PLUS_ONE, p);
          MotherPlan pb = MotherWidths.plan(b, Construction.L_PLUS_ONE, p);
          assertTrue(pb.rho() >= pa.rho());
          assertTrue(pb.rho() - pa.rho() <= p.cSingle() * Math.log((double) pb.problems() / pa.problems()) + 1,
              "rho " + pa.rho() + " -> " + pb.rho() + " for M " + pa.problems() + " -> " + pb.problems());
          assertTrue(pb.rho1() >= pa.rho1());
        });
  }

  /** Doubling ln(1/η) roughly doubles ρ when η, not δ/M, is the binding term. */
  @Test
  void derivedRhoIsLogarithmicInOneOverEta() {
    PropertySettings.qt(35).forAll(seeds(), decimals(12.0, 30.0)).checkAssert((seed, etaDecades) -> {
      double eta = Math.pow(10, -etaDecades);
      TargetArchitecture a = TheoryFixtures.randomArchitecture(new Random(seed));
      // delta = 0.5 and M below 2e10 leave delta/M far above eta, so min(eta, delta/M) = eta.
      WidthParameters p = WidthParameters.defaults(eta, 0.5);
      MotherPlan once = MotherWidths.plan(a, Construction.L_PLUS_ONE, p);
      MotherPlan twice = MotherWidths.plan(a, Construction.L_PLUS_ONE, p.withEta(eta * eta));
      assertTrue(twice.rho() >= 2 * once.rho() - 1 && twice.rho() <= 2 * once.rho(),
          once.rho() + " -> " + twice.rho());
    });
  }

  @Test
  void ticketIsSmallerThanMotherAndCountsAreConsistent() {
    PropertySettings.qt(36).forAll(seeds(), decimals(0.31, 6.0)).checkAssert((seed, etaDecades) -> {
      double eta = Math.pow(10, -etaDecades);
      TargetArchitecture a = TheoryFixtures.randomArchitecture(new Random(seed));
      for (Construction c : Construction.values()) {
        MotherPlan plan = MotherWidths.plan(a, c, WidthParameters.defaults(eta, 0.01).withMeanSubsetSizes(1.0, 1.0));
        // With subsets of size 1 on average, each problem keeps one edge: never more than the mother has.
        assertTrue(plan.ticketParamsEstimate() <= plan.motherParams());
        assertEquals(c.motherDepth(a.depth()), plan.widths().length);
        assertEquals(a.layer(a.depth() - 1).outChannels(), plan.widths()[plan.depth() - 1]);
      }
    });
  }

  /** Every layer of the mother planned for {@code tight} is at least as wide as for {@code loose}. */
  private static void assertTighterNeedsNoSmallerWidths(long seed, WidthParameters loose, WidthParameters tight) {
    TargetArchitecture a = TheoryFixtures.randomArchitecture(new Random(seed));
    for (Construction c : Construction.values()) {
      assertNoneSmaller(MotherWidths.plan(a, c, loose).widths(), MotherWidths.plan(a, c, tight).widths());
    }
  }

  private static void assertNoneSmaller(int[] loose, int[] tight) {
    assertEquals(loose.length, tight.length);
    for (int k = 0; k < loose.length; k++) {
      assertTrue(tight[k] >= loose[k], "layer " + k + ": " + tight[k] + " < " + loose[k]);
    }
  }
}
