package org.ltcheck.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DatasetTest {
  private static RawImages raw(Random rnd, int n, int c, int h, int w) {
    byte[] px = new byte[n * c * h * w];
    rnd.nextBytes(px);
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = rnd.nextInt(4);
    }
    return new RawImages(px, n, c, h, w, labels, 4, "gen");
  }

  @Test
  void normalisationUsesEachPlanesOwnChannelStatistics() {
    RawImages r = raw(new Random(90), 3, 2, 4, 5);
    Normalization norm = new Normalization(new double[] {0.2, 0.7}, new double[] {0.5, 0.1});
    Dataset d = r.normalised(norm);
    assertArrayEquals(new int[] {3, 2, 4, 5}, d.images().shape());
    for (int n = 0; n < 3; n++) {
      for (int c = 0; c < 2; c++) {
        for (int y = 0; y < 4; y++) {
          for (int x = 0; x < 5; x++) {
            double want = (r.pixel(n, c, y, x) / 255.0 - norm.mean()[c]) / norm.std()[c];
            assertEquals(want, d.images().get(((n * 2 + c) * 4 + y) * 5 + x), 1e-6);
          }
        }
      }
    }
    assertArrayEquals(r.labels(), d.labels());
    assertEquals("gen", d.description());
  }

  @Test
  void mnistNormalisationOfBlackAndWhite() {
    RawImages r = new RawImages(new byte[] {0, (byte) 255}, 1, 1, 1, 2, new int[] {7}, 10, "m");
    Dataset d = r.normalised(Normalization.MNIST);
    assertEquals(-0.1307 / 0.3081, d.images().get(0), 1e-6);
    assertEquals((1 - 0.1307) / 0.3081, d.images().get(1), 1e-6);
  }

  @Test
  void batchAndSubsetAreExactSlices() {
    Dataset d = raw(new Random(91), 6, 1, 2, 3).normalised(new double[] {0.5}, new double[] {0.25});
    var b = d.batch(2, 5);
    assertArrayEquals(new int[] {3, 1, 2, 3}, b.shape());
    for (int i = 0; i < b.size(); i++) {
      assertEquals(d.images().get(2 * 6 + i), b.get(i));
    }
    Dataset s = d.subset(2, 5);
    assertArrayEquals(d.labels(2, 5), s.labels());
    assertEquals(b, s.images());
    assertThrows(IndexOutOfBoundsException.class, () -> d.batch(4, 7));
  }

  @Test
  void inconsistentInputsAreRejectedNamingTheValue() {
    IllegalArgumentException e1 = assertThrows(IllegalArgumentException.class,
        () -> new RawImages(new byte[10], 2, 1, 2, 2, new int[2], 10, "x"));
    assertTrue(e1.getMessage().contains("10 pixel bytes") && e1.getMessage().contains("8"), e1.getMessage());
    IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
        () -> new RawImages(new byte[4], 1, 1, 2, 2, new int[] {10}, 10, "x"));
    assertTrue(e2.getMessage().contains("label 10"), e2.getMessage());
    IllegalArgumentException e3 = assertThrows(IllegalArgumentException.class,
        () -> raw(new Random(92), 2, 1, 2, 2).normalised(Normalization.CIFAR10));
    assertTrue(e3.getMessage().contains("3 channels"), e3.getMessage());
  }

  @Test
  void anEvenlySpacedSampleOfAClassSortedSetHasEveryClassInProportion() {
    int n = 40;
    float[] px = new float[n * 2];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i / 10; // sorted by class, 10 images each, as CIFAR-10 from its image folders
      px[2 * i] = i;
      px[2 * i + 1] = -i;
    }
    Dataset d = new Dataset(org.ltcheck.tensor.FloatTensor.wrap(px, n, 2, 1, 1), labels, 4, "sorted");
    Dataset s = d.evenlySpaced(8);
    assertArrayEquals(new int[] {0, 0, 1, 1, 2, 2, 3, 3}, s.labels());
    for (int i = 0; i < 8; i++) {
      assertEquals(5 * i, s.images().get(2 * i), "image " + i + " is image " + 5 * i + " of the set");
      assertEquals(-5 * i, s.images().get(2 * i + 1));
    }
    assertTrue(s.description().startsWith("sorted"));
    assertEquals(d, d.evenlySpaced(n), "a sample as large as the set is the set");
    assertThrows(IllegalArgumentException.class, () -> d.evenlySpaced(0));
  }
}
