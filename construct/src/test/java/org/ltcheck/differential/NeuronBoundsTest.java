package org.ltcheck.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ltcheck.model.MaxPool2d;
import org.ltcheck.model.PoolWindow;
import org.ltcheck.testing.PropertySettings;

class NeuronBoundsTest {
  /**
   * Random target boxes and deviation boxes on a 2x5x4 map: for sampled target values a and
   * deviations d inside them (corners included), max a and max(a + d) − max a of every window of
   * a padded stride-2 pool lie in the pooled bounds.
   */
  @Test
  void maxPoolingContainsEverySampledMaximumAndDeviation() {
    PropertySettings.qt(31L, 200).forAll(longs().between(1, 1_000_000)).checkAssert(seed -> {
      Random r = new Random(seed);
      NeuronBounds b = randomBounds(r, 2, 5, 4);
      PoolWindow w = PoolWindow.of(new MaxPool2d(3, 2, 1), new int[] {2, 5, 4});
      NeuronBounds p = b.maxPooled(w);
      for (int trial = 0; trial < 50; trial++) {
        double[] a = new double[b.size()];
        double[] other = new double[b.size()];
        for (int i = 0; i < a.length; i++) {
          a[i] = pick(r, b.lo[i], b.hi[i], trial);
          other[i] = a[i] + pick(r, b.devLo[i], b.devHi[i], trial);
        }
        for (int c = 0; c < 2; c++) {
          for (int y = 0; y < w.outHeight(); y++) {
            for (int x = 0; x < w.outWidth(); x++) {
              double ma = Double.NEGATIVE_INFINITY;
              double mb = Double.NEGATIVE_INFINITY;
              for (int iy = w.firstRow(y); iy < w.endRow(y); iy++) {
                for (int ix = w.firstColumn(x); ix < w.endColumn(x); ix++) {
                  ma = Math.max(ma, a[c * 20 + iy * 4 + ix]);
                  mb = Math.max(mb, other[c * 20 + iy * 4 + ix]);
                }
              }
              int o = (c * w.outHeight() + y) * w.outWidth() + x;
              double d = mb - ma;
              assertTrue(ma >= p.lo[o] && ma <= p.hi[o], "max " + ma + " outside [" + p.lo[o] + ", " + p.hi[o] + "]");
              assertTrue(d >= p.devLo[o] - 1e-12 && d <= p.devHi[o] + 1e-12,
                  "deviation " + d + " outside [" + p.devLo[o] + ", " + p.devHi[o] + "]");
            }
          }
        }
      }
    });
  }

  /** One input above every other of its window, in both networks: the pool has its deviation. */
  @Test
  void aDominatingInputGivesItsOwnDeviation() {
    NeuronBounds b = new NeuronBounds(1, 2, 2);
    double[][] values = {{5, 6, -0.1, 0.2}, {0, 1, -0.5, 0.5}, {-1, 2, -2, 2}, {1, 3.5, -1, 1}};
    for (int i = 0; i < 4; i++) {
      b.lo[i] = values[i][0];
      b.hi[i] = values[i][1];
      b.devLo[i] = values[i][2];
      b.devHi[i] = values[i][3];
    }
    NeuronBounds p = b.finish().maxPooled(PoolWindow.of(new MaxPool2d(2, 2, 0), new int[] {1, 2, 2}));
    assertEquals(5, p.lo[0]);
    assertEquals(6, p.hi[0]);
    assertEquals(-0.1, p.devLo[0]);
    assertEquals(0.2, p.devHi[0]);
  }

  private static NeuronBounds randomBounds(Random r, int c, int h, int w) {
    NeuronBounds b = new NeuronBounds(c, h, w);
    for (int i = 0; i < b.size(); i++) {
      double centre = 2 * r.nextGaussian();
      double half = r.nextInt(4) == 0 ? 0 : r.nextDouble();
      b.lo[i] = centre - half;
      b.hi[i] = centre + half;
      double dc = 0.3 * r.nextGaussian();
      double dh = 0.3 * r.nextDouble();
      b.devLo[i] = dc - dh;
      b.devHi[i] = dc + dh;
    }
    return b.finish();
  }

  /** A corner of [lo, hi] on even trials, a uniform point on odd ones. */
  private static double pick(Random r, double lo, double hi, int trial) {
    return trial % 2 == 0 ? (r.nextBoolean() ? lo : hi) : lo + (hi - lo) * r.nextDouble();
  }
}
