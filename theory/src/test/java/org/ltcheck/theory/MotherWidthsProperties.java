package org.ltcheck.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

class MotherWidthsProperties {

  @Property(seed = "31")
  void widthsDoNotShrinkAsEtaShrinks(
      @ForAll long seed,
      @ForAll @DoubleRange(min = 0.05, max = 8.0) double eta1Decades,
      @ForAll @DoubleRange(min = 0.05, max = 8.0) double eta2Decades,
      @ForAll @DoubleRange(min = 0.05, max = 8.0) double deltaDecades) {
    double eta1 = Math.pow(10, -eta1Decades);
    double eta2 = Math.pow(10, -eta2Decades);
    double delta = Math.pow(10, -deltaDecades);
    TargetArchitecture a = TheoryFixtures.randomArchitecture(new Random(seed));
    for (Construction c : Construction.values()) {
      int[] loose = MotherWidths.plan(a, c, WidthParameters.defaults(Math.max(eta1, eta2), delta)).widths();
      int[] tight = MotherWidths.plan(a, c, WidthParameters.defaults(Math.min(eta1, eta2), delta)).widths();
      assertNoneSmaller(loose, tight);
    }
  }

  @Property(seed = "32")
  void widthsDoNotShrinkAsDeltaShrinks(
      @ForAll long seed,
      @ForAll @DoubleRange(min = 0.05, max = 8.0) double etaDecades,
      @ForAll @DoubleRange(min = 0.05, max = 8.0) double delta1Decades,
      @ForAll @DoubleRange(min = 0.05, max = 8.0) double delta2Decades) {
    double eta = Math.pow(10, -etaDecades);
    double delta1 = Math.pow(10, -delta1Decades);
    double delta2 = Math.pow(10, -delta2Decades);
    TargetArchitecture a = TheoryFixtures.randomArchitecture(new Random(seed));
    for (Construction c : Construction.values()) {
      int[] loose = MotherWidths.plan(a, c, WidthParameters.defaults(eta, Math.max(delta1, delta2))).widths();
      int[] tight = MotherWidths.plan(a, c, WidthParameters.defaults(eta, Math.min(delta1, delta2))).widths();
      assertNoneSmaller(loose, tight);
    }
  }

  /** With ρ and ρ₁ fixed, every layer with copies is exactly linear in its target width n+1. */
  @Property(seed = "33")
  void fixedSizeWidthsAreLinearInTargetWidth(
      @ForAll long seed,
      @ForAll @IntRange(min = 2, max = 5) int factor,
      @ForAll @IntRange(min = 1, max = 40) int rho,
      @ForAll @IntRange(min = 2, max = 40) int rho1) {
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
  }

  /**
   * With derived sizes a wider target needs more problems M, so ρ may grow, but only
   * logarithmically: ρ' − ρ ≤ C·ln(M'/M) + 1.
   */
  @Property(seed = "34")
  void derivedRhoGrowsOnlyLogarithmicallyWithWidth(
      @ForAll long seed,
      @ForAll @IntRange(min = 2, max = 8) int factor,
      @ForAll @DoubleRange(min = 0.31, max = 6.0) double etaDecades,
      @ForAll @DoubleRange(min = 0.31, max = 6.0) double deltaDecades) {
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
  }

  /** Doubling ln(1/η) roughly doubles ρ when η, not δ/M, is the binding term. */
  @Property(seed = "35")
  void derivedRhoIsLogarithmicInOneOverEta(
      @ForAll long seed, @ForAll @DoubleRange(min = 12.0, max = 30.0) double etaDecades) {
    double eta = Math.pow(10, -etaDecades);
    TargetArchitecture a = TheoryFixtures.randomArchitecture(new Random(seed));
    // delta = 0.5 and M below 2e10 leave delta/M far above eta, so min(eta, delta/M) = eta.
    WidthParameters p = WidthParameters.defaults(eta, 0.5);
    MotherPlan once = MotherWidths.plan(a, Construction.L_PLUS_ONE, p);
    MotherPlan twice = MotherWidths.plan(a, Construction.L_PLUS_ONE, p.withEta(eta * eta));
    assertTrue(twice.rho() >= 2 * once.rho() - 1 && twice.rho() <= 2 * once.rho(),
        once.rho() + " -> " + twice.rho());
  }

  @Property(seed = "36")
  void ticketIsSmallerThanMotherAndCountsAreConsistent(
      @ForAll long seed, @ForAll @DoubleRange(min = 0.31, max = 6.0) double etaDecades) {
    double eta = Math.pow(10, -etaDecades);
    TargetArchitecture a = TheoryFixtures.randomArchitecture(new Random(seed));
    for (Construction c : Construction.values()) {
      MotherPlan plan = MotherWidths.plan(a, c, WidthParameters.defaults(eta, 0.01).withMeanSubsetSizes(1.0, 1.0));
      // With subsets of size 1 on average, each problem keeps one edge: never more than the mother has.
      assertTrue(plan.ticketParamsEstimate() <= plan.motherParams());
      assertEquals(c.motherDepth(a.depth()), plan.widths().length);
      assertEquals(a.layer(a.depth() - 1).outChannels(), plan.widths()[plan.depth() - 1]);
    }
  }

  private static void assertNoneSmaller(int[] loose, int[] tight) {
    assertEquals(loose.length, tight.length);
    for (int k = 0; k < loose.length; k++) {
      assertTrue(tight[k] >= loose[k], "layer " + k + ": " + tight[k] + " < " + loose[k]);
    }
  }
}
