package org.ltcheck.gpu.data;

import java.util.random.RandomGenerator;
import org.ltcheck.tensor.FloatTensor;

/**
 * A learnable synthetic image set for tests and smoke runs: each class has a random prototype
 * image; an example is its class prototype plus Gaussian noise. A small network separates the
 * classes quickly, so a falling loss is a meaningful check.
 */
public final class SyntheticImages {
  private SyntheticImages() {}

  public static ImageData generate(RandomGenerator rng, int n, int[] chw, int classes, double noise) {
    int per = chw[0] * chw[1] * chw[2];
    float[][] proto = new float[classes][per];
    for (float[] p : proto) {
      for (int i = 0; i < per; i++) {
        p[i] = (float) rng.nextGaussian();
      }
    }
    float[] images = new float[n * per];
    int[] labels = new int[n];
    for (int e = 0; e < n; e++) {
      labels[e] = rng.nextInt(classes);
      for (int i = 0; i < per; i++) {
        images[e * per + i] = (float) (proto[labels[e]][i] + noise * rng.nextGaussian());
      }
    }
    return ImageData.of(FloatTensor.wrap(images, n, chw[0], chw[1], chw[2]), labels, classes);
  }
}
