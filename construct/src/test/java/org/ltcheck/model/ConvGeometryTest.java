package org.ltcheck.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.ltcheck.tensor.FloatTensor;

class ConvGeometryTest {
  @Test
  void paddedPlaneAndWideRows() {
    Conv2d conv = new Conv2d(FloatTensor.zeros(4, 2, 3, 3), null, 1, 1);
    ConvGeometry g = ConvGeometry.of(conv, new int[] {2, 5, 6});
    assertEquals(5, g.outHeight());
    assertEquals(6, g.outWidth());
    assertEquals(8, g.pitch());
    assertEquals(7 * 8, g.plane());
    assertEquals(4 * 8 + 6, g.wideLength());
    assertEquals(2 * 5 * 6, g.inSize());
    assertEquals(4 * 5 * 6, g.outSize());
  }
}
