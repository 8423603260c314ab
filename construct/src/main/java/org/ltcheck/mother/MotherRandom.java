package org.ltcheck.mother;

import org.ltcheck.build.CopyRule;
import org.ltcheck.build.TargetLayer;

/**
 * The mother network's parameters as a pure function of (seed, layer, output channel, input
 * channel, kernel position): a counter-based generator built from the SplitMix64 finaliser.
 *
 * <p>Keying every weight by its logical coordinates instead of drawing from a stream is what lets
 * the mother be regenerated instead of stored, lets construction run in parallel over output
 * channels with bit-identical results for any thread count, and lets a layer grow (extra copies
 * after a subset-sum failure) without changing a single existing weight. A ticket is therefore
 * fully described by its seed and its sparse mask.
 *
 * <p>Distributions, following the reference: copy-layer (1x1) weights U[-2,2] (U[-σ,σ] for tanh
 * and sigmoid, see {@link CopyRule}), all other weights U[-s,s] with the layer's scale s (see
 * {@link TargetLayer#weightScale()}), shortcut weights U[-s,s] with the shortcut's scale, every
 * bias U[0,2].
 *
 * <p><b>Mirrors.</b> An edge with a mirror ({@link ChannelId#mirror}) at one end has the negated
 * weight of the same edge between the unmirrored channels (with mirrors at both ends, the same
 * weight): w(out, in) = (−1)^{[out mirrored] + [in mirrored]}·w(unmirrored out, unmirrored in).
 * Float negation is exact, so a pair's weights cancel exactly. Channels without a mirror bit —
 * every channel of ReLU, LeakyReLU and tanh mothers — are drawn as before.
 */
public final class MotherRandom {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private static final int BIAS_TAG = -1;
  /** Position key of shortcut tap 0; tap p uses this minus p, apart from kernel positions and biases. */
  private static final int SHORTCUT_TAG = -2;
  private final long seed;

  public MotherRandom(long seed) {
    this.seed = seed;
  }

  public long seed() {
    return seed;
  }

  /** Weight of the edge (inId, position) into outId of mother layer {@code layer}, U[-scale, scale]. */
  public float weight(int layer, long outId, long inId, int position, double scale) {
    if (ChannelId.isMirror(outId) || ChannelId.isMirror(inId)) {
      return mirrorSign(outId, inId)
          * weight(layer, ChannelId.unmirrored(outId), ChannelId.unmirrored(inId), position, scale);
    }
    return (float) ((2.0 * unit(layer, outId, inId, position) - 1.0) * scale);
  }

  /**
   * Weight of the shortcut edge (inId, position) → outId of the residual block ending in mother
   * layer {@code layer}, U[-scale, scale]. Keyed apart from the layer's own kernel edges, which may
   * connect channels with the same logical ids (positions map to keys -2, -3, ...).
   */
  public float shortcutWeight(int layer, long outId, long inId, int position, double scale) {
    if (ChannelId.isMirror(outId) || ChannelId.isMirror(inId)) {
      return mirrorSign(outId, inId)
          * shortcutWeight(layer, ChannelId.unmirrored(outId), ChannelId.unmirrored(inId), position, scale);
    }
    return (float) ((2.0 * unit(layer, outId, inId, SHORTCUT_TAG - position) - 1.0) * scale);
  }

  /** −1 when exactly one end of an edge is a mirror, else 1. */
  private static float mirrorSign(long outId, long inId) {
    return ChannelId.isMirror(outId) == ChannelId.isMirror(inId) ? 1f : -1f;
  }

  /** Bias of channel outId of mother layer {@code layer}, U[0, 2]. */
  public float bias(int layer, long outId) {
    return (float) (2.0 * unit(layer, outId, 0L, BIAS_TAG));
  }

  /** A uniform double in [0,1) with 53 random bits. */
  double unit(int layer, long outId, long inId, int position) {
    long h = mix(seed ^ GOLDEN);
    h = mix(h + GOLDEN * (layer + 1L));
    h = mix(h ^ outId);
    h = mix(h + inId * GOLDEN);
    h = mix(h ^ (position * 0xD1B54A32D192ED03L + 0x632BE59BD9B4E019L));
    return (h >>> 11) * 0x1.0p-53;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
