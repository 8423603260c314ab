package org.ltcheck.adversarial;

import java.util.SplittableRandom;

/**
 * The search region: per-element bounds over the flattened input, lower ≤ upper, both finite,
 * and at least one float32 value between them (what is reported is evaluated in float32).
 */
final class Box {
  private final double[] lower;
  private final double[] upper;

  Box(double[] lower, double[] upper, int inputSize) {
    if (lower.length != inputSize || upper.length != inputSize) {
      throw new IllegalArgumentException("region bounds have " + lower.length + " and " + upper.length
          + " elements, the networks take " + inputSize);
    }
    for (int j = 0; j < inputSize; j++) {
      if (!(lower[j] <= upper[j]) || !Double.isFinite(lower[j]) || !Double.isFinite(upper[j])) {
        throw new IllegalArgumentException(
            "region bounds at element " + j + " are [" + lower[j] + ", " + upper[j] + "], not a finite interval");
      }
    }
    this.lower = lower.clone();
    this.upper = upper.clone();
    toFloat(centre());
  }

  int size() {
    return lower.length;
  }

  double lower(int j) {
    return lower[j];
  }

  double upper(int j) {
    return upper[j];
  }

  double width(int j) {
    return upper[j] - lower[j];
  }

  double clamp(int j, double v) {
    return Math.min(upper[j], Math.max(lower[j], v));
  }

  double[] centre() {
    double[] x = new double[lower.length];
    for (int j = 0; j < x.length; j++) {
      x[j] = lower[j] + 0.5 * (upper[j] - lower[j]);
    }
    return x;
  }

  double[] randomCorner(SplittableRandom random) {
    double[] x = new double[lower.length];
    for (int j = 0; j < x.length; j++) {
      x[j] = random.nextBoolean() ? upper[j] : lower[j];
    }
    return x;
  }

  double[] randomPoint(SplittableRandom random) {
    double[] x = new double[lower.length];
    for (int j = 0; j < x.length; j++) {
      x[j] = clamp(j, lower[j] + random.nextDouble() * (upper[j] - lower[j]));
    }
    return x;
  }

  /** {@code image} (float32 values) moved into the box element by element. */
  double[] project(float[] image, int offset) {
    double[] x = new double[lower.length];
    for (int j = 0; j < x.length; j++) {
      x[j] = clamp(j, image[offset + j]);
    }
    return x;
  }

  /**
   * The float32 point nearest to {@code x} (a point of the box) that is still in the box:
   * rounding to float may step just outside a bound, and the certificate covers only the box.
   */
  float[] toFloat(double[] x) {
    float[] f = new float[x.length];
    for (int j = 0; j < x.length; j++) {
      float v = (float) x[j];
      if (v > upper[j]) {
        v = Math.nextDown(v);
      }
      if (v < lower[j]) {
        v = Math.nextUp(v);
      }
      if (v < lower[j] || v > upper[j]) {
        throw new IllegalArgumentException(
            "no float32 value lies in the region's interval [" + lower[j] + ", " + upper[j] + "] at element " + j);
      }
      f[j] = v;
    }
    return f;
  }
}
