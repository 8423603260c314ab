package org.ltcheck.experiments.subsetsum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BaseValuesTest {
  private static final int SAMPLES = 200_000;

  /**
   * The distributions the theory is about: U[-1,1] has E|X| = 1/2 and E X² = 1/3; U·V has
   * E|X| = 1/4 and E X² = 1/9. Means are checked to within 5 standard errors.
   */
  @Test
  void momentsMatchTheDistributions() {
    check(BaseValues.SUMS, 0.5, 1.0 / 3, 1.0 / 3 - 0.25);
    check(BaseValues.PRODUCTS, 0.25, 1.0 / 9, 1.0 / 9 - 1.0 / 16);
  }

  private static void check(BaseValues v, double meanAbs, double meanSquare, double varianceAbs) {
    double[] x = v.draw(SAMPLES, new SplittableRandom(17));
    assertTrue(Arrays.stream(x).allMatch(value -> value >= -1 && value <= 1));
    double abs = Arrays.stream(x).map(Math::abs).average().orElseThrow();
    double square = Arrays.stream(x).map(value -> value * value).average().orElseThrow();
    double mean = Arrays.stream(x).average().orElseThrow();
    double se = Math.sqrt(varianceAbs / SAMPLES);
    assertEquals(meanAbs, abs, 5 * se, v + " E|X|");
    assertEquals(meanSquare, square, 0.005, v + " E X²");
    assertEquals(0.0, mean, 5 * Math.sqrt(meanSquare / SAMPLES), v + " E X");
  }

  @Test
  void drawsAreReproducibleFromTheGenerator() {
    assertArrayEquals(BaseValues.PRODUCTS.draw(20, new SplittableRandom(3)), BaseValues.PRODUCTS.draw(20, new SplittableRandom(3)));
  }
}
