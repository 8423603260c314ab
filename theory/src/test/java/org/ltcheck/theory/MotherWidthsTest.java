package org.ltcheck.theory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MotherWidthsTest {
  private static final double TOL = 1e-9;

  /*
   * MNIST conv layers, the reference's fixed sizes rho1 = 30, rho = 15, L+1:
   *   layer 0 (1x1 copies):  width 30·(1+1) = 60;   params 60·1·1 + 60 = 120;     ticket 30·1 + 30 = 60
   *   layer 1 (products):    width 15·(32+1) = 495; params 495·60·9 + 495 = 267795
   *                          problems 15·(2·29 + 4) + 15 constants = 945; ticket 945·2.37 = 2239.65
   *   layer 2 (last):        width 32;              params 32·495·9 + 32 = 142592
   *                          problems 1·(922 + 4) = 926;                 ticket 926·2.29 = 2120.54
   *   M = 1871, ticket 4420.19 (the reference reports 4534 ± 55 with retries), channels [1, 60, 495, 32]
   *   (the reference's [1, 60, 521, 33] adds 26 retry channels and keeps a bias channel at the end).
   */
  @Test
  void lPlusOneOnMnistConvLayersWithTheReferenceSizes() {
    MotherPlan plan = MotherWidths.plan(
        TheoryFixtures.mnistConvOnly(), Construction.L_PLUS_ONE, WidthParameters.defaults(0.01, 0.01).withRho(15).withRho1(30));
    assertEquals(3, plan.depth());
    assertArrayEquals(new int[] {1, 60, 495, 32}, plan.channels());
    assertArrayEquals(new long[] {120, 267_795, 142_592}, plan.layers().stream().mapToLong(MotherLayer::params).toArray());
    assertArrayEquals(new long[] {0, 945, 926}, plan.layers().stream().mapToLong(MotherLayer::subsetSumProblems).toArray());
    assertEquals(1871, plan.problems());
    assertEquals(60.0, plan.layers().get(0).ticketParamsEstimate(), TOL);
    assertEquals(2239.65, plan.layers().get(1).ticketParamsEstimate(), TOL);
    assertEquals(2120.54, plan.layers().get(2).ticketParamsEstimate(), TOL);
    assertEquals(4420.19, plan.ticketParamsEstimate(), TOL);
    assertEquals(120 + 267_795 + 142_592, plan.motherParams());
    assertEquals(List.of(MotherLayer.Role.COPY, MotherLayer.Role.PRODUCT, MotherLayer.Role.SINGLE),
        plan.layers().stream().map(MotherLayer::role).toList());
  }

  /*
   * The same with 2L (rho1 = 30):
   *   layer 0 (1x1): 30·(1+1) = 60,   params 60 + 60 = 120,                  ticket 60
   *   layer 1:       32,              params 32·60·9 + 32 = 17312,     problems 2·29 + 4 = 62,    ticket 146.94
   *   layer 2 (1x1): 30·(32+1) = 990, params 990·32 + 990 = 32670,           ticket 30·32 + 30 = 990
   *   layer 3:       32,              params 32·990·9 + 32 = 285152,   problems 2·922 + 4 = 1848, ticket 4379.76
   *   M = 1910, ticket 5576.70 (reference 5351 ± 40), channels [1, 60, 32, 990, 32]
   *   (the reference's [1, 60, 33, 990, 53] carries a bias channel and retries).
   */
  @Test
  void twoLOnMnistConvLayersWithTheReferenceSizes() {
    MotherPlan plan = MotherWidths.plan(
        TheoryFixtures.mnistConvOnly(), Construction.TWO_L, WidthParameters.defaults(0.01, 0.01).withRho(15).withRho1(30));
    assertEquals(4, plan.depth());
    assertArrayEquals(new int[] {1, 60, 32, 990, 32}, plan.channels());
    assertArrayEquals(new long[] {120, 17_312, 32_670, 285_152},
        plan.layers().stream().mapToLong(MotherLayer::params).toArray());
    assertEquals(1910, plan.problems());
    assertEquals(5576.70, plan.ticketParamsEstimate(), TOL);
  }

  /*
   * The whole MNIST target, eta = delta = 0.01, rho and rho1 derived.
   * L+1: M(rho) = rho·(2·29+4) + rho + rho·(922+4) + rho + (25088+1) = 990·rho + 25089.
   *   rho = 13 (M=1) -> M = 37959 -> ceil(2.7·ln(M/0.01)) = ceil(2.7·15.1493) = 41
   *   -> M = 65679 -> ceil(2.7·15.6977) = 43 -> M = 67659 -> ceil(2.7·15.7274 = 42.46) = 43: fixed point.
   *   rho1 = 2·ceil(3.3·15.7274 = 51.90) = 104. Widths [104·2, 43·33, 43·33, 10] = [208, 1419, 1419, 10].
   *   Params: 208+208 = 416; 1419·208·9+1419 = 2657787; 1419·1419·9+1419 = 18123468; 10·1419·784+10 = 11124970.
   * 2L: M = 62 + 1848 + (2·25088 + 1) = 52087 -> rho1 = 2·ceil(3.3·ln(5.2087e6) = 51.04) = 104.
   *   Widths [208, 32, 104·33, 32, 3432, 10].
   */
  @Test
  void derivedSizesOnTheWholeMnistTarget() {
    WidthParameters p = WidthParameters.defaults(0.01, 0.01);
    MotherPlan lp1 = MotherWidths.plan(TheoryFixtures.mnist(), Construction.L_PLUS_ONE, p);
    assertEquals(43, lp1.rho());
    assertEquals(104, lp1.rho1());
    assertEquals(67_659, lp1.problems());
    assertArrayEquals(new int[] {208, 1419, 1419, 10}, lp1.widths());
    assertArrayEquals(new long[] {416, 2_657_787, 18_123_468, 11_124_970},
        lp1.layers().stream().mapToLong(MotherLayer::params).toArray());
    assertEquals(LayerShape.Kind.LINEAR, lp1.layers().get(3).kind());
    assertEquals(1419L * 784, lp1.layers().get(3).inFeatures());

    MotherPlan twoL = MotherWidths.plan(TheoryFixtures.mnist(), Construction.TWO_L, p);
    assertEquals(52_087, twoL.problems());
    assertEquals(104, twoL.rho1());
    assertArrayEquals(new int[] {208, 32, 3432, 32, 3432, 10}, twoL.widths());
    // The copy layer in front of the head works on the spatial map, before the flatten.
    assertEquals(LayerShape.Kind.CONV, twoL.layers().get(4).kind());
    assertEquals(6, twoL.depth());
  }

  @Test
  void problemsIsTheSumOverLayersAndMatchesThePlan() {
    Random rnd = new Random(5);
    for (int k = 0; k < 200; k++) {
      TargetArchitecture a = TheoryFixtures.randomArchitecture(rnd);
      for (Construction c : Construction.values()) {
        MotherPlan plan = MotherWidths.plan(a, c, WidthParameters.defaults(0.05, 0.05));
        long sum = plan.layers().stream().mapToLong(MotherLayer::subsetSumProblems).sum();
        assertEquals(sum, plan.problems());
        assertEquals(sum, MotherWidths.problems(a, c, plan.rho()));
        assertEquals(c.motherDepth(a.depth()), plan.depth());
      }
    }
  }

  /** The derived rho is the least fixed point: one less would not cover its own union bound. */
  @Test
  void derivedRhoIsAFixedPointAndNoSmallerOneIs() {
    Random rnd = new Random(6);
    for (int k = 0; k < 200; k++) {
      TargetArchitecture a = TheoryFixtures.randomArchitecture(rnd);
      double eta = Math.pow(10, -1 - 5 * rnd.nextDouble());
      double delta = Math.pow(10, -1 - 5 * rnd.nextDouble());
      MotherPlan plan = MotherWidths.plan(a, Construction.L_PLUS_ONE, WidthParameters.defaults(eta, delta));
      int rho = plan.rho();
      assertEquals(rho, SubsetSumBound.baseSetSize(eta, delta, MotherWidths.problems(a, Construction.L_PLUS_ONE, rho), 2.7));
      for (int smaller = 1; smaller < rho; smaller++) {
        long m = MotherWidths.problems(a, Construction.L_PLUS_ONE, smaller);
        assertTrue(SubsetSumBound.baseSetSize(eta, delta, m, 2.7) > smaller, "rho " + smaller + " would suffice");
      }
    }
  }

  @Test
  void anAllZeroTargetNeedsNoProblemsButStillHasWidths() {
    TargetArchitecture zero = new TargetArchitecture(List.of(new LayerShape(LayerShape.Kind.LINEAR, 4, 3, 1, 0, 0, 1, 1)));
    MotherPlan plan = MotherWidths.plan(zero, Construction.L_PLUS_ONE, WidthParameters.defaults(0.01, 0.01));
    assertEquals(0, plan.problems());
    assertEquals(13, plan.rho()); // M = 1: ceil(2.7 ln 100)
    assertArrayEquals(new int[] {plan.rho1() * 5, 3}, plan.widths());
    assertEquals(0.0, plan.layers().get(1).ticketParamsEstimate());
  }

  @Test
  void badArchitecturesAreRejectedWithTheOffendingValues() {
    IllegalArgumentException chain = assertThrows(IllegalArgumentException.class, () -> new TargetArchitecture(List.of(
        LayerShape.denseConv(1, 32, 9, 784), LayerShape.denseConv(16, 8, 9, 784))));
    assertTrue(chain.getMessage().contains("reads 16 channels") && chain.getMessage().contains("writes 32"));
    assertThrows(IllegalArgumentException.class, () -> new TargetArchitecture(List.of()));
    IllegalArgumentException nnz = assertThrows(IllegalArgumentException.class,
        () -> new LayerShape(LayerShape.Kind.CONV, 2, 3, 9, 55, 0, 1, 1));
    assertTrue(nnz.getMessage().contains("55") && nnz.getMessage().contains("54"), nnz.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new LayerShape(LayerShape.Kind.LINEAR, 2, 3, 9, 0, 0, 1, 1));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> WidthParameters.defaults(0.01, 0.01).withRho1(1))
        .getMessage().contains("rho1 = 1"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> WidthParameters.defaults(1.0, 0.01))
        .getMessage().contains("eta = 1.0"));
  }

  @Test
  void constructionLabelsRoundTrip() {
    for (Construction c : Construction.values()) {
      assertEquals(c, Construction.fromLabel(c.label()));
    }
    assertEquals(Construction.TWO_L, Construction.fromLabel("2l"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Construction.fromLabel("3L"))
        .getMessage().contains("'3L'"));
  }
}
