package org.ltcheck.adversarial;

import java.util.Arrays;
import org.ltcheck.differential.DifferenceLowerBound;
import org.ltcheck.differential.InputRegion;
import org.ltcheck.inference.InferenceEngine;
import org.ltcheck.model.Network;
import org.ltcheck.tensor.FloatTensor;

/**
 * The lower bound reported beside every certified output bound: projected gradient ascent on the
 * ticket–target difference ({@link ProjectedGradientDifferenceAscent}), started from the given
 * images where ticket and target already differ most (screened in float32 first, clipped into the
 * region) besides the settings' corners and random points. The value is what both float32
 * networks really compute at an input inside the region, so it can never exceed a sound certified
 * bound over that region.
 */
public final class DifferenceAscentLowerBound implements DifferenceLowerBound {
  private final DifferenceSearchSettings settings;

  public DifferenceAscentLowerBound(DifferenceSearchSettings settings) {
    this.settings = settings;
  }

  @Override
  public double found(Network target, Network ticket, InputRegion region, FloatTensor images) {
    try (ProjectedGradientDifferenceAscent search = new ProjectedGradientDifferenceAscent(ticket, target)) {
      return search.search(region.lower(), region.upper(),
          mostDifferent(ticket, target, images, settings.imageStarts(), settings.threads()), settings).found();
    }
  }

  /**
   * The {@code count} images (rows of {@code images}) with the largest ‖f_ticket − f_target‖∞, in
   * decreasing order of it (ties: the earlier image); null when there are none.
   */
  public static FloatTensor mostDifferent(Network ticket, Network target, FloatTensor images, int count, int threads) {
    if (images == null || images.dim(0) == 0 || count == 0) {
      return null;
    }
    double[] d = differences(ticket, target, images, threads);
    Integer[] order = new Integer[d.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> Double.compare(d[b], d[a]));
    int k = Math.min(count, d.length);
    int size = images.size() / images.dim(0);
    float[] all = images.toArray();
    float[] chosen = new float[k * size];
    for (int i = 0; i < k; i++) {
      System.arraycopy(all, order[i] * size, chosen, i * size, size);
    }
    int[] shape = images.shape();
    shape[0] = k;
    return FloatTensor.wrap(chosen, shape);
  }

  /** ‖f_ticket(x) − f_target(x)‖∞ for every row x of {@code images}, in float32 inference. */
  public static double[] differences(Network ticket, Network target, FloatTensor images, int threads) {
    try (InferenceEngine a = new InferenceEngine(ticket, threads);
        InferenceEngine b = new InferenceEngine(target, threads)) {
      float[] fa = a.forward(images).toArray();
      float[] fb = b.forward(images).toArray();
      int k = fa.length / images.dim(0);
      double[] d = new double[images.dim(0)];
      for (int i = 0; i < fa.length; i++) {
        d[i / k] = Math.max(d[i / k], Math.abs((double) fa[i] - fb[i]));
      }
      return d;
    }
  }
}
