package org.ltcheck.gpu.data;

import java.util.random.RandomGenerator;

/** A random transformation of one normalised (C,H,W) training image, drawn from the given generator. */
@FunctionalInterface
public interface Augmentation {
  /** Writes the transformed {@code src} into {@code dst} (same size; never aliased). */
  void apply(float[] src, int srcOffset, float[] dst, int dstOffset, int[] chw, RandomGenerator rng);

  /** No augmentation (MNIST, test sets). */
  Augmentation NONE = (src, so, dst, d, chw, rng) -> System.arraycopy(src, so, dst, d, chw[0] * chw[1] * chw[2]);
}
