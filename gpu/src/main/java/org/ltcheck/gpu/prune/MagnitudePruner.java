package org.ltcheck.gpu.prune;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Global magnitude pruning over all prunable tensors together: keeps the round(density * total)
 * largest |w| among the weights that are still unmasked, so masks only ever shrink. Ties are
 * broken deterministically: larger magnitude first, then smaller global index (tensors in
 * the given order, row-major inside each), so the same weights always give the same mask.
 */
public final class MagnitudePruner {
  private MagnitudePruner() {}

  /**
   * New masks (1 = kept, 0 = pruned) for {@code density}.
   *
   * @param weights current weights by name, in a fixed order
   * @param masks current masks by name (absent or null = dense)
   * @throws IllegalArgumentException if a weight is NaN, naming it
   */
  public static Map<String, float[]> prune(Map<String, float[]> weights, Map<String, float[]> masks, double density) {
    if (!(density > 0 && density <= 1)) {
      throw new IllegalArgumentException("density must be in (0, 1], got " + density);
    }
    long total = 0;
    for (float[] w : weights.values()) {
      total += w.length;
    }
    long keep = Math.round(density * total);
    long[] keys = new long[Math.toIntExact(total)];
    int candidates = 0;
    int base = 0;
    for (Map.Entry<String, float[]> e : weights.entrySet()) {
      float[] w = e.getValue();
      float[] m = masks == null ? null : masks.get(e.getKey());
      for (int i = 0; i < w.length; i++) {
        if (Float.isNaN(w[i])) {
          throw new IllegalArgumentException("weight " + e.getKey() + "[" + i + "] is NaN; cannot rank magnitudes");
        }
        if (m != null && m[i] == 0f) {
          continue;
        }
        // |w| as IEEE bits is monotone in |w|; invert so that an ascending sort puts large first.
        long mag = Float.floatToIntBits(Math.abs(w[i]));
        keys[candidates++] = ((0x7fffffffL - mag) << 32) | (base + i);
      }
      base += w.length;
    }
    Arrays.sort(keys, 0, candidates);
    int kept = (int) Math.min(keep, candidates);
    boolean[] keepFlag = new boolean[Math.toIntExact(total)];
    for (int i = 0; i < kept; i++) {
      keepFlag[(int) (keys[i] & 0xffffffffL)] = true;
    }
    Map<String, float[]> out = new LinkedHashMap<>();
    base = 0;
    for (Map.Entry<String, float[]> e : weights.entrySet()) {
      float[] nm = new float[e.getValue().length];
      for (int i = 0; i < nm.length; i++) {
        nm[i] = keepFlag[base + i] ? 1f : 0f;
      }
      out.put(e.getKey(), nm);
      base += nm.length;
    }
    if (masks != null) {
      Masks.requireMonotone(masks, out);
    }
    return out;
  }
}
