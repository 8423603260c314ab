package org.ltcheck.build;

/** Counts and magnitudes of target parameter arrays, shared by the layer and shortcut records. */
final class ParameterStats {
  private ParameterStats() {}

  /** Number of entries that are not zero. */
  static int nonZero(double[] values) {
    int c = 0;
    for (double v : values) {
      if (v != 0) {
        c++;
      }
    }
    return c;
  }

  /** The mother's weight scale: max(1, max |v| over all arrays), see {@link TargetLayer#weightScale()}. */
  static double scaleAtLeastOne(double[]... arrays) {
    double m = 1.0;
    for (double[] values : arrays) {
      for (double v : values) {
        m = Math.max(m, Math.abs(v));
      }
    }
    return m;
  }
}
