package org.ltcheck.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ltcheck.model.Linear;

class SparseRowsTest {
  @Test
  void rowsHoldTheNonzeroWeightsInIncreasingInputIndex() {
    Random rnd = new Random(11);
    Linear linear = RandomLayers.linear(rnd, 40, 6, 0.1);
    SparseRows rows = SparseRows.of(linear);
    float[] w = linear.weight().toArray();
    float[] rebuilt = new float[w.length];
    for (int o = 0; o < 6; o++) {
      for (int k = rows.rowStart()[o]; k < rows.rowStart()[o + 1]; k++) {
        if (k > rows.rowStart()[o]) {
          assertTrue(rows.index()[k] > rows.index()[k - 1]);
        }
        rebuilt[o * 40 + rows.index()[k]] = rows.weight()[k];
      }
    }
    assertArrayEquals(w, rebuilt);
    assertEquals(linear.weight().countNonZero(), rows.rowStart()[6]);
  }

  @Test
  void denseFromAQuarterOfNonzeroWeights() {
    Random rnd = new Random(5);
    assertTrue(SparseRows.favoursDense(RandomLayers.linear(rnd, 100, 10, 1)));
    assertFalse(SparseRows.favoursDense(RandomLayers.linear(rnd, 100, 10, 0.01)));
  }
}
