package org.ltcheck.gpu.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MagnitudePrunerTest {
  private final Random rnd = new Random(5);

  @Test
  void keepsTheLargestMagnitudesGloballyAndBreaksTiesByIndex() {
    Map<String, float[]> w = new LinkedHashMap<>();
    w.put("a", new float[] {0.5f, -2f, 1f, -1f});
    w.put("b", new float[] {1f, 3f, -0.1f, 0f});
    Map<String, float[]> m = MagnitudePruner.prune(w, null, 0.5);
    // Keep 4 of 8: 3, -2, then the tie |1| at global indices 2, 3, 4 -> 2 and 3 win.
    assertArrayEquals(new float[] {0, 1, 1, 1}, m.get("a"));
    assertArrayEquals(new float[] {0, 1, 0, 0}, m.get("b"));
  }

  @Test
  void annealedStepsShrinkMasksMonotonicallyToTheScheduledCount() {
    Map<String, float[]> w = new LinkedHashMap<>();
    w.put("x", random(300));
    w.put("y", random(700));
    DensitySchedule s = new DensitySchedule(0.1, 12);
    Map<String, float[]> masks = null;
    for (int k = 1; k <= 12; k++) {
      // weights drift between steps, as in training; pruned entries stay pruned regardless
      w.replaceAll((n, v) -> perturb(v));
      Map<String, float[]> next = MagnitudePruner.prune(w, masks, s.density(k));
      if (masks != null) {
        Masks.requireMonotone(masks, next);
      }
      assertEquals(Math.round(s.density(k) * 1000), Math.round(Masks.density(next) * 1000), "step " + k);
      masks = next;
    }
    assertEquals(0.1, Masks.density(masks), 1e-9);
  }

  @Test
  void monotonicityViolationAndNaNAreRejected() {
    Map<String, float[]> before = Map.of("w", new float[] {1, 0});
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Masks.requireMonotone(before, Map.of("w", new float[] {1, 1})));
    assertTrue(e.getMessage().contains("w[1]"), e.getMessage());
    IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
        () -> MagnitudePruner.prune(Map.of("v", new float[] {1, Float.NaN}), null, 0.5));
    assertTrue(nan.getMessage().contains("v[1]"), nan.getMessage());
  }

  @Test
  void densityScheduleIsExponential() {
    DensitySchedule s = new DensitySchedule(0.1, 12);
    assertEquals(1.0, s.density(0));
    assertEquals(Math.pow(0.1, 0.5), s.density(6), 1e-15);
    assertEquals(0.1, s.density(12), 1e-15);
    assertThrows(IllegalArgumentException.class, () -> new DensitySchedule(0, 12));
    assertThrows(IllegalArgumentException.class, () -> s.density(13));
  }

  private float[] random(int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) rnd.nextGaussian();
    }
    return a;
  }

  private float[] perturb(float[] v) {
    float[] o = v.clone();
    for (int i = 0; i < o.length; i++) {
      o[i] += (float) (0.3 * rnd.nextGaussian());
    }
    return o;
  }
}
