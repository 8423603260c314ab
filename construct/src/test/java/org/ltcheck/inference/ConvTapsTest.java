package org.ltcheck.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ltcheck.model.Conv2d;

class ConvTapsTest {
  @Test
  void listsEveryNonzeroWeightOnceInShiftThenOutputOrder() {
    Random rnd = new Random(7);
    for (double density : new double[] {0, 0.02, 0.3, 1}) {
      Conv2d conv = RandomLayers.conv(rnd, 5, 4, 3, 1, 1, density);
      ConvTaps taps = ConvTaps.of(conv);
      float[] w = conv.weight().toArray();
      float[] rebuilt = new float[w.length];
      int perOutput = 5 * 9;
      int previousShift = -1;
      for (int s = 0; s < taps.shifts(); s++) {
        int i = taps.shift()[s];
        assertTrue(i > previousShift, "shifts increase");
        previousShift = i;
        assertTrue(taps.start()[s + 1] > taps.start()[s], "a listed shift has an entry");
        assertEquals(taps.used()[taps.planeOf()[taps.channelOf(s)]], taps.channelOf(s));
        int previousOutput = -1;
        for (int t = taps.start()[s]; t < taps.start()[s + 1]; t++) {
          int o = taps.outputOf()[t];
          assertTrue(o > previousOutput, "outputs increase within a shift");
          previousOutput = o;
          rebuilt[o * perOutput + i] = taps.weight()[t];
        }
      }
      assertArrayEquals(w, rebuilt, "density " + density);
      assertEquals(conv.weight().countNonZero(), taps.nonZeros());
      assertArrayEquals(conv.bias().toArray(), taps.bias());
    }
  }

  @Test
  void offsetIsThePlaneStartPlusTheKernelPosition() {
    Conv2d conv = RandomLayers.conv(new Random(3), 2, 1, 3, 1, 0, 1);
    ConvTaps taps = ConvTaps.of(conv);
    // shift 2·9 - 1 = channel 1, ky 2, kx 2
    int s = taps.shifts() - 1;
    assertEquals(1, taps.channelOf(s));
    assertEquals(100 + 2 * 10 + 2, taps.offset(s, 1, 100, 10));
  }
}
