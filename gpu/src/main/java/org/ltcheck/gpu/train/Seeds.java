package org.ltcheck.gpu.train;

import java.util.SplittableRandom;

/**
 * Independent generators derived from one run seed. Each use (initialisation, the data order of
 * epoch e, the augmentation of epoch e) gets its own generator computed from (seed, purpose,
 * index), so what happens in epoch e is a pure function of the seed and e: a resumed run needs
 * no saved generator state and reproduces an uninterrupted one bit for bit.
 */
public final class Seeds {
  /** What a derived generator is used for. */
  public enum Purpose {
    INIT,
    ORDER,
    AUGMENT,
    DATA
  }

  private Seeds() {}

  /** A generator for {@code purpose} number {@code index} of the run with {@code seed}. */
  public static SplittableRandom derive(long seed, Purpose purpose, long index) {
    long h = mix(seed ^ 0x9E3779B97F4A7C15L);
    h = mix(h ^ (purpose.ordinal() + 1) * 0xBF58476D1CE4E5B9L);
    h = mix(h ^ index * 0x94D049BB133111EBL);
    return new SplittableRandom(h);
  }

  /** SplitMix64's finaliser: a bijective avalanche mix. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A uniformly random permutation of 0..n-1 (Fisher–Yates) for epoch {@code epoch}. */
  public static int[] epochOrder(long seed, int epoch, int n) {
    SplittableRandom r = derive(seed, Purpose.ORDER, epoch);
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
