package org.ltcheck.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DifferenceSearchResultTest {
  @Test
  void aFoundValueAboveTheCertifiedBoundFailsLoudly() {
    DifferenceSearchResult r = new DifferenceSearchResult(1.5, 3, -1, new float[] {0f}, 1.5, 1, 2, 1);
    r.requireAtMost(1.5, "test");
    assertEquals(2.0, r.ratio(3.0));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.requireAtMost(1.25, "test bound"));
    assertTrue(e.getMessage().contains("1.5") && e.getMessage().contains("1.25"), e.getMessage());
    DifferenceSearchResult nan = new DifferenceSearchResult(Double.NaN, 0, 1, new float[] {0f}, 0, 1, 1, 1);
    assertThrows(IllegalStateException.class, () -> nan.requireAtMost(1, "NaN"));
  }

  @Test
  void inputIsCopied() {
    float[] x = {1f};
    DifferenceSearchResult r = new DifferenceSearchResult(1, 0, 1, x, 1, 1, 1, 1);
    x[0] = 2f;
    r.input()[0] = 3f;
    assertEquals(1f, r.input()[0]);
  }
}
