package org.ltcheck.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BoxTest {
  @Test
  void roundsToFloat32InsideTheBounds() {
    // 0.1 rounds up to the float 0.100000001490116; with the upper bound 0.1 it must round down.
    Box box = new Box(new double[] {0.05, 0.1}, new double[] {0.1, 0.2}, 2);
    float[] f = box.toFloat(new double[] {0.1, 0.1});
    assertTrue(f[0] <= 0.1 && f[0] >= 0.05, "got " + f[0]);
    assertEquals(Math.nextDown((float) 0.1), f[0]);
    assertTrue(f[1] >= 0.1, "got " + f[1]);
  }

  @Test
  void cornersAndPointsLieInTheBox() {
    Box box = new Box(new double[] {-1, 2, 0}, new double[] {1, 3, 0}, 3);
    SplittableRandom random = new SplittableRandom(4);
    for (int i = 0; i < 20; i++) {
      double[] c = box.randomCorner(random);
      double[] p = box.randomPoint(random);
      for (int j = 0; j < 3; j++) {
        assertTrue(c[j] == box.lower(j) || c[j] == box.upper(j));
        assertTrue(p[j] >= box.lower(j) && p[j] <= box.upper(j));
      }
    }
    assertEquals(2.5, box.centre()[1]);
    assertEquals(1.0, box.project(new float[] {7f, 2.5f, 1f}, 0)[0]);
  }

  @Test
  void rejectsBadBounds() {
    IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
        () -> new Box(new double[3], new double[3], 2));
    assertTrue(size.getMessage().contains("3") && size.getMessage().contains("2"), size.getMessage());
    IllegalArgumentException order = assertThrows(IllegalArgumentException.class,
        () -> new Box(new double[] {0, 1}, new double[] {1, 0}, 2));
    assertTrue(order.getMessage().contains("element 1"), order.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new Box(new double[] {0, Double.NEGATIVE_INFINITY}, new double[] {1, 0}, 2));
    // No float32 lies in [1 + 1e-9, 1 + 2e-9]: its spacing at 1 is 1.2e-7.
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> new Box(new double[] {0, 1 + 1e-9}, new double[] {1, 1 + 2e-9}, 2));
    assertTrue(none.getMessage().contains("float32"), none.getMessage());
  }
}
