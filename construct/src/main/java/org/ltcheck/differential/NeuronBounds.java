package org.ltcheck.differential;

/**
 * Bounds on the neurons of one layer output, neuron by neuron (channel, row, column): an
 * interval [lo, hi] for the value of the exact target, and an interval [devLo, devHi] for the
 * deviation of the other network's float evaluation from it (the float target's rounding, or a
 * ticket copy's deviation), with a bound {@code mag} on the magnitude of that other network's
 * value (for rounding terms downstream).
 */
final class NeuronBounds {
  final int channels;
  final int height;
  final int width;
  final double[] lo;
  final double[] hi;
  final double[] devLo;
  final double[] devHi;
  /** {@link #floatMagnitude} and max |deviation| per neuron, once {@link #finish} has run. */
  private double[] floatMag;
  private double[] devAbs;

  NeuronBounds(int channels, int height, int width) {
    this.channels = channels;
    this.height = height;
    this.width = width;
    int n = Math.multiplyExact(Math.multiplyExact(channels, height), width);
    this.lo = new double[n];
    this.hi = new double[n];
    this.devLo = new double[n];
    this.devHi = new double[n];
  }

  int size() {
    return lo.length;
  }

  int plane() {
    return height * width;
  }

  /** Largest |value + deviation|: a bound on the other network's float value. */
  double floatMagnitude(int i) {
    return floatMag != null ? floatMag[i] : Math.max(Math.abs(lo[i] + devLo[i]), Math.abs(hi[i] + devHi[i])) * (1 + 0x1p-50);
  }

  /** Largest |deviation|. */
  double deviationMagnitude(int i) {
    return devAbs != null ? devAbs[i] : Math.max(Math.abs(devLo[i]), Math.abs(devHi[i]));
  }

  /** Channel {@code c} is the constant {@code value} at every position, with no deviation. */
  void fillConstant(int c, double value) {
    int hw = plane();
    java.util.Arrays.fill(lo, c * hw, (c + 1) * hw, value);
    java.util.Arrays.fill(hi, c * hw, (c + 1) * hw, value);
  }

  /** Caches the magnitudes once every bound is final (the layers reading this one ask for them often). */
  NeuronBounds finish() {
    double[] f = new double[lo.length];
    double[] d = new double[lo.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = floatMagnitude(i);
      d[i] = deviationMagnitude(i);
    }
    floatMag = f;
    devAbs = d;
    return this;
  }

  /** Largest |value| of the exact target. */
  double magnitude(int i) {
    return Math.max(Math.abs(lo[i]), Math.abs(hi[i]));
  }

  /** Channel means (global average pooling), with the float rounding of a pooled float sum. */
  NeuronBounds pooled() {
    NeuronBounds p = new NeuronBounds(channels, 1, 1);
    int hw = plane();
    double count = hw;
    for (int c = 0; c < channels; c++) {
      double l = 0;
      double h = 0;
      double dl = 0;
      double dh = 0;
      double abs = 0;
      double mag = 0;
      for (int k = c * hw; k < (c + 1) * hw; k++) {
        l += lo[k];
        h += hi[k];
        dl += devLo[k];
        dh += devHi[k];
        abs += magnitude(k) + deviationMagnitude(k);
        mag += floatMagnitude(k);
      }
      // The float pool sums hw values then divides once: γ_{hw+1} relative to the sum of magnitudes.
      double rounding = FloatRounding.dotRounding(hw, mag) / count;
      p.lo[c] = FloatRounding.widenDown(l / count, 2L * hw, abs / count);
      p.hi[c] = FloatRounding.widenUp(h / count, 2L * hw, abs / count);
      p.devLo[c] = FloatRounding.widenDown(dl / count - rounding, 2L * hw, abs / count);
      p.devHi[c] = FloatRounding.widenUp(dh / count + rounding, 2L * hw, abs / count);
    }
    return p.finish();
  }

  /**
   * Max pooling over the windows of {@code w} (exact in float and double, no rounding). The
   * target's maximum lies in [max lo, max hi]. For the deviation of the other network, whose
   * values are b = a + d with a the target's: the target's argmax t has hi_t ≥ max lo, so
   * max b − max a ≥ d_t ≥ min devLo over those candidates; the other network's argmax o has
   * hi_o + devHi_o ≥ max (lo + devLo), and max a ≥ a_o, so max b − max a ≤ d_o ≤ max devHi over
   * those candidates. This is |max b − max a| ≤ max |d| (the maximum is 1-Lipschitz in the
   * ∞-norm) with the tighter case where one input provably dominates the window (then the
   * deviation is that input's own).
   */
  NeuronBounds maxPooled(org.ltcheck.model.PoolWindow w) {
    if (w.channels() != channels || w.inHeight() != height || w.inWidth() != width) {
      throw new IllegalArgumentException("max pooling of " + w.channels() + "x" + w.inHeight() + "x" + w.inWidth()
          + " applied to bounds of " + channels + "x" + height + "x" + width);
    }
    NeuronBounds p = new NeuronBounds(channels, w.outHeight(), w.outWidth());
    int hw = plane();
    for (int c = 0; c < channels; c++) {
      for (int y = 0; y < p.height; y++) {
        for (int x = 0; x < p.width; x++) {
          double maxLo = Double.NEGATIVE_INFINITY;
          double maxHi = Double.NEGATIVE_INFINITY;
          double otherMaxLo = Double.NEGATIVE_INFINITY;
          for (int iy = w.firstRow(y); iy < w.endRow(y); iy++) {
            for (int ix = w.firstColumn(x); ix < w.endColumn(x); ix++) {
              int i = c * hw + iy * width + ix;
              maxLo = Math.max(maxLo, lo[i]);
              maxHi = Math.max(maxHi, hi[i]);
              otherMaxLo = Math.max(otherMaxLo, Math.nextDown(lo[i] + devLo[i]));
            }
          }
          double dLo = Double.POSITIVE_INFINITY;
          double dHi = Double.NEGATIVE_INFINITY;
          for (int iy = w.firstRow(y); iy < w.endRow(y); iy++) {
            for (int ix = w.firstColumn(x); ix < w.endColumn(x); ix++) {
              int i = c * hw + iy * width + ix;
              if (hi[i] >= maxLo) {
                dLo = Math.min(dLo, devLo[i]);
              }
              if (Math.nextUp(hi[i] + devHi[i]) >= otherMaxLo) {
                dHi = Math.max(dHi, devHi[i]);
              }
            }
          }
          int o = (c * p.height + y) * p.width + x;
          p.lo[o] = maxLo;
          p.hi[o] = maxHi;
          p.devLo[o] = dLo;
          p.devHi[o] = dHi;
        }
      }
    }
    return p.finish();
  }
}
