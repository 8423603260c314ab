package org.ltcheck.differential;

import java.util.List;
import org.ltcheck.build.TargetLayer;

/**
 * Per target layer and output channel, the range of the pre-activation over every position and
 * every input of a region, covering both the exact target and its float32 evaluation (the
 * interval bounds of {@link TargetPropagation} widened by their float deviation). What a
 * simplification of the target needs to prove a channel constant.
 *
 * @param lo per layer, per output channel: a lower bound on the exact and the float
 *     pre-activation, up to a rounding to nearest that keeps its sign exact
 * @param hi per layer, per output channel: an upper bound on both, likewise
 */
public record TargetChannelRanges(double[][] lo, double[][] hi) {
  public TargetChannelRanges {
    lo = deepCopy(lo);
    hi = deepCopy(hi);
  }

  /** The ranges of {@code layers} (the target's folded weight layers) over {@code region}. */
  public static TargetChannelRanges of(List<TargetLayer> layers, InputRegion region) {
    TargetPropagation.State state = new TargetPropagation(layers).propagate(region);
    double[][] lo = new double[layers.size()][];
    double[][] hi = new double[layers.size()][];
    for (int l = 0; l < layers.size(); l++) {
      NeuronBounds z = state.pre[l];
      int hw = z.plane();
      lo[l] = new double[z.channels];
      hi[l] = new double[z.channels];
      for (int c = 0; c < z.channels; c++) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = c * hw; k < (c + 1) * hw; k++) {
          // A sum rounded to nearest keeps the sign of the exact sum (it is 0 only when that is),
          // so the sign of these bounds, what proves a channel 0, is exact.
          min = Math.min(min, Math.min(z.lo[k], z.lo[k] + z.devLo[k]));
          max = Math.max(max, Math.max(z.hi[k], z.hi[k] + z.devHi[k]));
        }
        lo[l][c] = min;
        hi[l][c] = max;
      }
    }
    return new TargetChannelRanges(lo, hi);
  }

  /** Lower bound of layer {@code l}'s channel {@code c}. */
  public double lo(int l, int c) {
    return lo[l][c];
  }

  /** Upper bound of layer {@code l}'s channel {@code c}. */
  public double hi(int l, int c) {
    return hi[l][c];
  }

  @Override
  public double[][] lo() {
    return deepCopy(lo);
  }

  @Override
  public double[][] hi() {
    return deepCopy(hi);
  }

  private static double[][] deepCopy(double[][] a) {
    double[][] c = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i].clone();
    }
    return c;
  }
}
