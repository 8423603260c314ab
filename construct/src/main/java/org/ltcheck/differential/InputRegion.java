package org.ltcheck.differential;

import java.util.Arrays;
import org.ltcheck.data.Normalization;
import org.ltcheck.tensor.FloatTensor;

/**
 * A box of network inputs, lower and upper bound per input element (channel, row, column):
 * the whole input domain or an L∞ ball around an image, clipped to the domain.
 *
 * @param shape per-sample input shape (C,H,W) or (F)
 * @param lower lower bound per element
 * @param upper upper bound per element
 */
public record InputRegion(int[] shape, double[] lower, double[] upper) {
  public InputRegion {
    shape = shape.clone();
    lower = lower.clone();
    upper = upper.clone();
    long n = FloatTensor.numelOf(shape);
    if (lower.length != n || upper.length != n) {
      throw new IllegalArgumentException(
          "input region of shape " + Arrays.toString(shape) + " needs " + n + " bounds, got " + lower.length + " and "
              + upper.length);
    }
    for (int i = 0; i < lower.length; i++) {
      if (!(lower[i] <= upper[i]) || !Double.isFinite(lower[i]) || !Double.isFinite(upper[i])) {
        throw new IllegalArgumentException(
            "input region element " + i + " has bounds [" + lower[i] + ", " + upper[i] + "]");
      }
    }
  }

  /**
   * The input domain of images with pixels in [0,1] normalised per channel: [−mean/std,
   * (1 − mean)/std] for every element of channel c, widened to include the float32 values that
   * {@link Normalization#apply} gives the extreme pixels 0 and 255.
   *
   * @param shape (C,H,W) with C the normalisation's channels
   */
  public static InputRegion domain(int[] shape, Normalization normalization) {
    requireImageShape(shape, normalization);
    int plane = shape[1] * shape[2];
    double[] lo = new double[shape[0] * plane];
    double[] hi = new double[lo.length];
    for (int c = 0; c < shape[0]; c++) {
      double l = channelLow(normalization, c);
      double h = channelHigh(normalization, c);
      Arrays.fill(lo, c * plane, (c + 1) * plane, l);
      Arrays.fill(hi, c * plane, (c + 1) * plane, h);
    }
    return new InputRegion(shape, lo, hi);
  }

  /** The box [−bound, bound] in every element (for targets without a normalisation). */
  public static InputRegion symmetric(int[] shape, double bound) {
    double[] lo = new double[Math.toIntExact(FloatTensor.numelOf(shape))];
    double[] hi = new double[lo.length];
    Arrays.fill(lo, -bound);
    Arrays.fill(hi, bound);
    return new InputRegion(shape, lo, hi);
  }

  /**
   * The L∞ ball of {@code radiusPixels} 8-bit pixel levels around a normalised image: each element
   * within radius/(255·std_c) of the image's value, clipped to {@code domain}. Radius 0 is the
   * image itself.
   *
   * @param image the normalised image, {@code numel} equal to the domain's
   */
  public static InputRegion ball(float[] image, double radiusPixels, Normalization normalization, InputRegion domain) {
    if (!(radiusPixels >= 0) || Double.isInfinite(radiusPixels)) {
      throw new IllegalArgumentException("ball radius must be finite and non-negative, got " + radiusPixels);
    }
    int[] shape = domain.shape;
    requireImageShape(shape, normalization);
    if (image.length != domain.lower.length) {
      throw new IllegalArgumentException(
          "image has " + image.length + " values, the domain " + domain.lower.length);
    }
    int plane = shape[1] * shape[2];
    double[] lo = new double[image.length];
    double[] hi = new double[image.length];
    for (int i = 0; i < image.length; i++) {
      double r = radiusPixels == 0 ? 0 : Math.nextUp(radiusPixels / (255.0 * normalization.std()[i / plane]));
      lo[i] = Math.max(domain.lower[i], Math.min(image[i], Math.nextDown(image[i] - r)));
      hi[i] = Math.min(domain.upper[i], Math.max(image[i], Math.nextUp(image[i] + r)));
      if (radiusPixels == 0) {
        lo[i] = image[i];
        hi[i] = image[i];
      }
    }
    return new InputRegion(shape, lo, hi);
  }

  /** Number of input elements. */
  public int size() {
    return lower.length;
  }

  /** The centre of the box, rounded to float32 (an input the networks can evaluate). */
  public float[] centre() {
    float[] c = new float[lower.length];
    for (int i = 0; i < c.length; i++) {
      c[i] = clampToBox(i, (float) ((lower[i] + upper[i]) / 2));
    }
    return c;
  }

  /** The float32 value nearest {@code v} that lies in the box at element {@code i}. */
  public float clampToBox(int i, float v) {
    float f = v;
    while (f < lower[i]) {
      f = Math.nextUp(f);
    }
    while (f > upper[i]) {
      f = Math.nextDown(f);
    }
    return f;
  }

  /** Largest |x| over the box. */
  public double maxAbs() {
    double m = 0;
    for (int i = 0; i < lower.length; i++) {
      m = Math.max(m, Math.max(Math.abs(lower[i]), Math.abs(upper[i])));
    }
    return m;
  }

  private static double channelLow(Normalization n, int c) {
    double exact = -n.mean()[c] / n.std()[c];
    return Math.nextDown(Math.min(exact, n.apply(c, 0)));
  }

  private static double channelHigh(Normalization n, int c) {
    double exact = (1 - n.mean()[c]) / n.std()[c];
    return Math.nextUp(Math.max(exact, n.apply(c, 255)));
  }

  private static void requireImageShape(int[] shape, Normalization normalization) {
    if (shape.length != 3 || shape[0] != normalization.channels()) {
      throw new IllegalArgumentException(
          "input shape " + Arrays.toString(shape) + " does not match a normalisation of " + normalization.channels()
              + " channels");
    }
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  @Override
  public double[] lower() {
    return lower.clone();
  }

  @Override
  public double[] upper() {
    return upper.clone();
  }

  /** Lower bound of element i (no copy). */
  double lo(int i) {
    return lower[i];
  }

  /** Upper bound of element i (no copy). */
  double hi(int i) {
    return upper[i];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InputRegion r && Arrays.equals(shape, r.shape) && Arrays.equals(lower, r.lower)
        && Arrays.equals(upper, r.upper);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(lower) * 31 + Arrays.hashCode(upper);
  }
}
