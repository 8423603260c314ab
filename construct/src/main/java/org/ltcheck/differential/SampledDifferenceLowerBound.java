package org.ltcheck.differential;

import java.util.Random;
import org.ltcheck.inference.InferenceEngine;
import org.ltcheck.model.Network;
import org.ltcheck.tensor.FloatTensor;

/**
 * The trivial search: evaluates both networks at the region's centre, its two extreme corners
 * (all lower bounds, all upper bounds), {@code randomCorners} corners drawn from a seeded
 * generator, and the given images clipped into the region; returns the largest
 * ‖f_ticket − f_target‖∞ seen.
 */
public final class SampledDifferenceLowerBound implements DifferenceLowerBound {
  private final int randomCorners;
  private final long seed;
  private final int threads;

  public SampledDifferenceLowerBound(int randomCorners, long seed, int threads) {
    if (randomCorners < 0 || threads < 1) {
      throw new IllegalArgumentException("random corners " + randomCorners + " and threads " + threads + " invalid");
    }
    this.randomCorners = randomCorners;
    this.seed = seed;
    this.threads = threads;
  }

  @Override
  public double found(Network target, Network ticket, InputRegion region, FloatTensor images) {
    int size = region.size();
    int given = images == null ? 0 : images.dim(0);
    int n = 3 + randomCorners + given;
    float[] batch = new float[Math.multiplyExact(n, size)];
    float[] centre = region.centre();
    System.arraycopy(centre, 0, batch, 0, size);
    Random r = new Random(seed);
    for (int i = 0; i < size; i++) {
      batch[size + i] = region.clampToBox(i, (float) region.lo(i));
      batch[2 * size + i] = region.clampToBox(i, (float) region.hi(i));
      for (int c = 0; c < randomCorners; c++) {
        batch[(3 + c) * size + i] = region.clampToBox(i, (float) (r.nextBoolean() ? region.lo(i) : region.hi(i)));
      }
    }
    if (given > 0) {
      float[] img = images.toArray();
      for (int k = 0; k < given; k++) {
        for (int i = 0; i < size; i++) {
          batch[(3 + randomCorners + k) * size + i] = region.clampToBox(i, img[k * size + i]);
        }
      }
    }
    int[] shape = new int[region.shape().length + 1];
    shape[0] = n;
    System.arraycopy(region.shape(), 0, shape, 1, region.shape().length);
    FloatTensor x = FloatTensor.wrap(batch, shape);
    float[] a;
    float[] b;
    try (InferenceEngine t = new InferenceEngine(target, threads); InferenceEngine k = new InferenceEngine(ticket, threads)) {
      a = t.forward(x).toArray();
      b = k.forward(x).toArray();
    }
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs((double) b[i] - a[i]));
    }
    return m;
  }
}
