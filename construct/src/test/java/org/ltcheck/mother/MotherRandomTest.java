package org.ltcheck.mother;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MotherRandomTest {
  @Test
  void sameCoordinatesGiveTheSameWeightAndOthersDiffer() {
    MotherRandom a = new MotherRandom(42);
    MotherRandom b = new MotherRandom(42);
    Random r = new Random(1);
    for (int k = 0; k < 1000; k++) {
      int layer = r.nextInt(5);
      long out = r.nextLong();
      long in = r.nextLong();
      int pos = r.nextInt(9);
      assertEquals(Float.floatToIntBits(a.weight(layer, out, in, pos, 1.0)), Float.floatToIntBits(b.weight(layer, out, in, pos, 1.0)));
    }
    assertNotEquals(a.weight(0, 1, 2, 3, 1.0), a.weight(0, 1, 2, 4, 1.0));
    assertNotEquals(a.weight(0, 1, 2, 3, 1.0), a.weight(1, 1, 2, 3, 1.0));
    assertNotEquals(a.weight(0, 1, 2, 3, 1.0), new MotherRandom(43).weight(0, 1, 2, 3, 1.0));
  }

  @Test
  void edgesAtAMirrorHaveTheNegatedWeightAndOthersAreUnchanged() {
    MotherRandom m = new MotherRandom(5);
    Random r = new Random(2);
    for (int k = 0; k < 1000; k++) {
      int layer = r.nextInt(5);
      long out = ChannelId.of(r.nextInt(64), r.nextInt(60));
      long in = ChannelId.of(r.nextInt(64), r.nextInt(60));
      int pos = r.nextInt(9);
      float w = m.weight(layer, out, in, pos, 2.0);
      assertEquals(-w, m.weight(layer, ChannelId.mirror(out), in, pos, 2.0));
      assertEquals(-w, m.weight(layer, out, ChannelId.mirror(in), pos, 2.0));
      assertEquals(w, m.weight(layer, ChannelId.mirror(out), ChannelId.mirror(in), pos, 2.0));
      float s = m.shortcutWeight(layer, out, in, pos, 1.0);
      assertEquals(-s, m.shortcutWeight(layer, out, ChannelId.mirror(in), pos, 1.0));
      assertEquals(0f, w + m.weight(layer, out, ChannelId.mirror(in), pos, 2.0), "a pair cancels exactly");
    }
    long copy = ChannelId.of(3, 7);
    assertTrue(ChannelId.isMirror(ChannelId.mirror(copy)));
    assertEquals(copy, ChannelId.unmirrored(ChannelId.mirror(copy)));
    assertEquals(3, ChannelId.group(ChannelId.mirror(copy)));
    assertEquals(copy, ChannelId.unmirrored(copy));
  }

  @Test
  void weightsAreUniformOnTheirIntervalAndBiasesOnZeroTwo() {
    MotherRandom m = new MotherRandom(7);
    int n = 200_000;
    double sum = 0;
    double sumSq = 0;
    int[] histogram = new int[10];
    for (int k = 0; k < n; k++) {
      double w = m.weight(3, ChannelId.of(k % 97, k / 97), ChannelId.of(1, 2), k % 9, 1.5);
      assertTrue(w >= -1.5 && w <= 1.5);
      sum += w;
      sumSq += w * w;
      histogram[(int) Math.min(9, (w + 1.5) / 0.3)]++;
      double b = m.bias(3, ChannelId.of(k, 0));
      assertTrue(b >= 0 && b <= 2);
    }
    // U[-s,s]: mean 0, variance s²/3; each tenth of the interval holds a tenth of the draws.
    assertEquals(0, sum / n, 0.01);
    assertEquals(1.5 * 1.5 / 3, sumSq / n, 0.01);
    for (int c : histogram) {
      assertEquals(n / 10.0, c, n * 0.006);
    }
  }

  @Test
  void channelIdsRoundTrip() {
    long id = ChannelId.of(31, 17);
    assertEquals(31, ChannelId.group(id));
    assertEquals(17, ChannelId.index(id));
    assertTrue(ChannelId.isBias(ChannelId.of(ChannelId.BIAS_GROUP, 3)));
  }
}
