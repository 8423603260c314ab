package org.ltcheck.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PoolWindowTest {
  @Test
  void slidingWindowsWithoutPadding() {
    PoolWindow w = PoolWindow.of(new AvgPool2d(2, 2), new int[] {3, 7, 6});
    assertEquals(3, w.outHeight());
    assertEquals(3, w.outWidth());
    assertEquals(3 * 7 * 6, w.inSize());
    assertEquals(3 * 3 * 3, w.outSize());
  }

  @Test
  void maxPoolWindowsAreClippedToThePlane() {
    PoolWindow w = PoolWindow.of(new MaxPool2d(3, 2, 1), new int[] {2, 5, 4});
    assertEquals(3, w.outHeight());
    assertEquals(2, w.outWidth());
    assertEquals(0, w.firstRow(0));
    assertEquals(2, w.endRow(0));
    assertEquals(3, w.firstRow(2));
    assertEquals(5, w.endRow(2));
    assertEquals(1, w.firstColumn(1));
    assertEquals(4, w.endColumn(1));
  }

  @Test
  void rejectsPaddingThatLeavesAWindowEmpty() {
    assertThrows(IllegalArgumentException.class, () -> new PoolWindow(1, 4, 4, 2, 2, 1, 2));
  }

  @Test
  void globalIsOneWindowPerPlane() {
    PoolWindow w = PoolWindow.global(new int[] {4, 5, 3});
    assertEquals(1, w.outHeight());
    assertEquals(1, w.outWidth());
    assertEquals(4, w.outSize());
  }

  @Test
  void rejectsAnInputTheLayerRejects() {
    assertThrows(IllegalArgumentException.class, () -> PoolWindow.of(new AvgPool2d(2, 2), new int[] {3, 7}));
  }
}
