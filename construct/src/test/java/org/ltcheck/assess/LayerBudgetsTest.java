package org.ltcheck.assess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LayerBudgetsTest {
  @Test
  void fitRecoversAnAffineModel() {
    double[] s = {300, 50, 1200};
    LayerBudgets truth = new LayerBudgets(2.5, s);
    double eta = 1e-3;
    double loosened = 4e-3;
    double[] loose = new double[3];
    for (int l = 0; l < 3; l++) {
      List<Double> etas = new ArrayList<>(List.of(eta, eta, eta));
      etas.set(l, loosened);
      loose[l] = truth.bound(etas);
    }
    LayerBudgets fit = LayerBudgets.fit(eta, truth.bound(List.of(eta, eta, eta)), loosened, loose);
    assertEquals(2.5, fit.floor(), 1e-9);
    assertArrayEquals(s, fit.sensitivities(), 1e-6);
  }

  @Test
  void allocationSpendsTheWholeBudgetInProportionToProblemsOverSensitivity() {
    LayerBudgets m = new LayerBudgets(1.0, new double[] {300, 50, 1200});
    long[] problems = {100, 2000, 400};
    List<Double> etas = m.allocate(3.0, problems, 0.01);
    assertEquals(3.0, m.bound(etas), 1e-9);
    for (int l = 0; l < 3; l++) {
      assertTrue(etas.get(l) <= 0.01);
    }
    // free layers share the budget so that s_l·η_l / N_l is the same for each
    double[] ratio = new double[3];
    for (int l = 0; l < 3; l++) {
      ratio[l] = m.sensitivities()[l] * etas.get(l) / problems[l];
    }
    assertEquals(ratio[0], ratio[2], 1e-12);
  }

  @Test
  void aLayerWhoseShareExceedsTheLoosestToleranceIsHeldThereAndTheOthersShareTheRest() {
    LayerBudgets m = new LayerBudgets(0, new double[] {1, 1000, 0});
    List<Double> etas = m.allocate(5.0, new long[] {10, 10, 10}, 0.01);
    assertEquals(0.01, etas.get(0));
    assertEquals(0.01, etas.get(2), "a layer the bound does not depend on keeps the loosest tolerance");
    assertEquals(5.0, m.bound(etas), 1e-9);
  }

  @Test
  void theAllocationCostsNoMoreThanAnyOtherTolerancesMeetingTheBudget() {
    LayerBudgets m = new LayerBudgets(0.5, new double[] {20, 700, 90, 5});
    long[] problems = {50, 5000, 800, 10};
    List<Double> best = m.allocate(2.0, problems, 1.0);
    Random r = new Random(3);
    for (int trial = 0; trial < 200; trial++) {
      List<Double> other = new ArrayList<>();
      for (int l = 0; l < 4; l++) {
        other.add(best.get(l) * Math.exp(r.nextGaussian()));
      }
      double scale = (2.0 - 0.5) / (m.bound(other) - 0.5);
      other.replaceAll(e -> e * scale);
      if (other.stream().anyMatch(e -> e > 1.0)) {
        continue;
      }
      assertTrue(cost(best, problems) <= cost(other, problems) + 1e-9);
    }
  }

  @Test
  void aFloorAboveTheOutputToleranceLeavesNoBudget() {
    LayerBudgets m = new LayerBudgets(5, new double[] {1, 1});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.allocate(4, new long[] {1, 1}, 0.01));
    assertTrue(e.getMessage().contains("floor 5"), e.getMessage());
  }

  private static double cost(List<Double> etas, long[] problems) {
    double c = 0;
    for (int l = 0; l < etas.size(); l++) {
      c += problems[l] * Math.log(1 / etas.get(l));
    }
    return c;
  }
}
