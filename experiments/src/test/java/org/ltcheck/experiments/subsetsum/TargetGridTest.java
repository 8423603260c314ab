package org.ltcheck.experiments.subsetsum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TargetGridTest {
  /** The sandwich of {@link TargetGrid} needs: both ends, spacing ≤ ε/density, symmetry. */
  @Test
  void gridCoversTheIntervalAtTheStatedSpacing() {
    for (double eps : new double[] {0.3, 0.1, 0.05, 0.03, 0.01, 0.001}) {
      for (int density : new int[] {1, 4, 7}) {
        double[] grid = TargetGrid.covering(eps, density);
        assertEquals(-1.0, grid[0]);
        assertEquals(1.0, grid[grid.length - 1]);
        assertEquals((int) Math.ceil(2.0 * density / eps) + 1, grid.length);
        for (int j = 1; j < grid.length; j++) {
          assertTrue(grid[j] > grid[j - 1]);
          assertTrue(grid[j] - grid[j - 1] <= eps / density * (1 + 1e-12), "spacing at " + j);
          assertEquals(0.0 - grid[j], grid[grid.length - 1 - j]); // 0.0 - z: +0 at the centre
        }
      }
    }
  }

  @Test
  void defaultGridHasEightPointsPerUnitOfEps() {
    assertEquals(801, TargetGrid.covering(0.01, TargetGrid.DEFAULT_DENSITY).length);
  }

  @Test
  void rejectsToleranceOutsideTheUnitInterval() {
    assertThrows(IllegalArgumentException.class, () -> TargetGrid.covering(0, 4));
    assertThrows(IllegalArgumentException.class, () -> TargetGrid.covering(1, 4));
    assertThrows(IllegalArgumentException.class, () -> TargetGrid.covering(Double.NaN, 4));
    assertThrows(IllegalArgumentException.class, () -> TargetGrid.covering(0.1, 0));
    assertThrows(IllegalArgumentException.class, () -> TargetGrid.covering(1e-9, 4));
  }
}
