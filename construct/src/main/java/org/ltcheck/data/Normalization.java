package org.ltcheck.data;

import java.util.Arrays;

/**
 * Per-channel affine input normalisation (x / 255 - mean[c]) / std[c], the torchvision
 * ToTensor + Normalize pair that the targets were trained with.
 */
public record Normalization(double[] mean, double[] std) {
  /** MNIST: the targets use mean 0.1307 and std 0.3081. */
  public static final Normalization MNIST = new Normalization(new double[] {0.1307}, new double[] {0.3081});

  /** CIFAR-10 values used by the reference targets. */
  public static final Normalization CIFAR10 =
      new Normalization(new double[] {0.4914, 0.4822, 0.4465}, new double[] {0.2023, 0.1994, 0.2010});

  public Normalization {
    if (mean.length == 0 || mean.length != std.length) {
      throw new IllegalArgumentException(
          "normalisation needs one mean and one std per channel, got " + Arrays.toString(mean) + " and "
              + Arrays.toString(std));
    }
    mean = mean.clone();
    std = std.clone();
    for (double s : std) {
      if (!(s > 0) || !Double.isFinite(s)) {
        throw new IllegalArgumentException("normalisation std must be positive and finite, got " + s);
      }
    }
  }

  /**
   * The largest |x| a normalised pixel can take, (max over channels of max(1 − mean, mean) / std):
   * the input bound B₀ of the error propagation for images with pixels in [0,1].
   */
  public double maxAbs() {
    double b = 0;
    for (int c = 0; c < mean.length; c++) {
      b = Math.max(b, Math.max(1 - mean[c], mean[c]) / std[c]);
    }
    return b;
  }

  public int channels() {
    return mean.length;
  }

  @Override
  public double[] mean() {
    return mean.clone();
  }

  @Override
  public double[] std() {
    return std.clone();
  }

  /** Normalised value of an 8-bit pixel of channel {@code c}, computed in double, rounded once. */
  public float apply(int c, int pixel) {
    return (float) ((pixel / 255.0 - mean[c]) / std[c]);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Normalization n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
  }
}
