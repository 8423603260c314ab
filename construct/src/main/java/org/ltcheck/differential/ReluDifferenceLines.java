package org.ltcheck.differential;

/**
 * Linear bounds in δ on the ReLU difference d = ReLU(z + δ) − ReLU(z) over a box of z and δ
 * (NeuroDiff's convex approximation, Paulsen et al. ASE 2020): exact where both pre-activations
 * are stable, otherwise the chord of d's convex upper envelope and a line under its concave lower
 * one, using z's sign where it is known. Each line is returned as {slope, offset}, its offset
 * taken at the worse end of [dl, dh] and moved outwards by a relative 2⁻⁴⁰.
 */
final class ReluDifferenceLines {
  private static final double SLACK = 0x1p-40;

  private ReluDifferenceLines() {}

  /** A line {slope, offset} with slope·δ + offset ≤ ReLU(z + δ) − ReLU(z) for z ∈ [zl, zh], δ ∈ [dl, dh]. */
  static double[] lower(double zl, double zh, double dl, double dh) {
    if (zh <= 0 && zh + dh <= 0) {
      return new double[] {0, 0};
    }
    if (zl >= 0 && zl + dl >= 0) {
      return new double[] {1, 0};
    }
    if (zl >= 0) {
      return new double[] {1, 0}; // ReLU(z + δ) ≥ z + δ
    }
    if (zh <= 0) {
      return new double[] {0, 0}; // ReLU(z + δ) ≥ 0 = ReLU(z)
    }
    if (dl >= 0) {
      return new double[] {0, 0};
    }
    if (dh <= 0) {
      return new double[] {1, 0};
    }
    // d ≥ min(0, δ), concave: its chord lies below; the offset is taken at the worse endpoint.
    double s = -dl / (dh - dl);
    double off = Math.min(dl - s * dl, -s * dh);
    return new double[] {s, off - SLACK * (Math.abs(dl) + Math.abs(dh))};
  }

  /** A line {slope, offset} with slope·δ + offset ≥ ReLU(z + δ) − ReLU(z) for z ∈ [zl, zh], δ ∈ [dl, dh]. */
  static double[] upper(double zl, double zh, double dl, double dh) {
    if (zh <= 0 && zh + dh <= 0) {
      return new double[] {0, 0};
    }
    if (zl >= 0 && zl + dl >= 0) {
      return new double[] {1, 0};
    }
    // d ≤ g(δ) with g convex: max(δ, −zl) when z ≥ 0, max(0, zh + δ) when z ≤ 0, max(0, δ)
    // otherwise; a line at or above g at both ends of [dl, dh] is above it in between.
    double c1;
    double c2;
    if (zl >= 0) {
      c1 = 0;
      c2 = -zl;
    } else if (zh <= 0) {
      c1 = zh;
      c2 = 0;
    } else {
      c1 = 0;
      c2 = 0;
    }
    double gl = Math.max(dl + c1, c2);
    double gh = Math.max(dh + c1, c2);
    if (!(dh > dl)) {
      return new double[] {0, Math.max(gl, gh) + SLACK * (Math.abs(gl) + Math.abs(dl) + 1e-300)};
    }
    double s = (gh - gl) / (dh - dl);
    s = Math.max(0, Math.min(1, s));
    double off = Math.max(gl - s * dl, gh - s * dh);
    return new double[] {s, off + SLACK * (Math.abs(gl) + Math.abs(gh) + Math.abs(dl) + Math.abs(dh))};
  }
}
