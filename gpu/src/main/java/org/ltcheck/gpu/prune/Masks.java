package org.ltcheck.gpu.prune;

import java.util.Map;

/** Checks on pruning masks (arrays of 0 and 1). */
public final class Masks {
  private Masks() {}

  /**
   * Throws if a weight pruned in {@code before} is kept in {@code after}: in iterative magnitude
   * pruning a removed weight never returns, and a violation means corrupted state.
   */
  public static void requireMonotone(Map<String, float[]> before, Map<String, float[]> after) {
    for (Map.Entry<String, float[]> e : after.entrySet()) {
      float[] old = before.get(e.getKey());
      if (old == null) {
        continue;
      }
      float[] now = e.getValue();
      if (old.length != now.length) {
        throw new IllegalStateException("mask " + e.getKey() + " changed size from " + old.length + " to " + now.length);
      }
      for (int i = 0; i < now.length; i++) {
        if (old[i] == 0f && now[i] != 0f) {
          throw new IllegalStateException("mask " + e.getKey() + "[" + i + "] revives a pruned weight (masks must be monotone)");
        }
      }
    }
  }

  /** Fraction of ones over all masks. */
  public static double density(Map<String, float[]> masks) {
    long ones = 0;
    long total = 0;
    for (float[] m : masks.values()) {
      ones += kept(m);
      total += m.length;
    }
    return total == 0 ? 1 : ones / (double) total;
  }

  /** Number of kept (nonzero) entries of one mask. */
  public static int kept(float[] mask) {
    int ones = 0;
    for (float v : mask) {
      ones += v != 0f ? 1 : 0;
    }
    return ones;
  }
}
