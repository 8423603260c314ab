package org.ltcheck.build;

import java.util.Arrays;

/**
 * The shortcut of a residual block as the construction sees it: a 1x1 map, with stride, from the
 * output of an earlier target layer into the pre-activation of the block's last layer, i.e.
 * out = φ(W * h_{l−1} + b + S · h_source). An identity shortcut is S = I, an open_lth identity
 * with a per-channel scale is S = diag(scale), a 1x1 convolution with batch norm is the folded
 * convolution (its bias is added to the layer's bias, not stored here).
 *
 * @param source index of the target layer whose output the shortcut reads, −1 for the network input
 * @param inChannels channels of that output
 * @param stride the shortcut's stride (that of the block)
 * @param weights row-major [out][in]
 */
public record TargetSkip(int source, int inChannels, int stride, double[] weights) {
  public TargetSkip {
    if (source < -1) {
      throw new IllegalArgumentException("shortcut source layer must be >= -1, got " + source);
    }
    if (inChannels < 1 || weights.length == 0 || weights.length % inChannels != 0) {
      throw new IllegalArgumentException(
          "shortcut weights have " + weights.length + " entries, not a multiple of " + inChannels + " input channels");
    }
    if (stride < 1) {
      throw new IllegalArgumentException("shortcut stride must be positive, got " + stride);
    }
    weights = weights.clone();
    for (int k = 0; k < weights.length; k++) {
      if (!Double.isFinite(weights[k])) {
        throw new IllegalArgumentException("shortcut weight " + k + " is not finite: " + weights[k]);
      }
    }
  }

  /** S = diag(scale): an identity shortcut, scaled per channel (all ones for a plain identity). */
  public static TargetSkip diagonal(int source, double[] scale) {
    int c = scale.length;
    double[] w = new double[c * c];
    for (int j = 0; j < c; j++) {
      w[j * c + j] = scale[j];
    }
    return new TargetSkip(source, c, 1, w);
  }

  public int outChannels() {
    return weights.length / inChannels;
  }

  public double weight(int out, int in) {
    return weights[out * inChannels + in];
  }

  @Override
  public double[] weights() {
    return weights.clone();
  }

  /** Number of nonzero shortcut weights. */
  public int nonZeroWeights() {
    return ParameterStats.nonZero(weights);
  }

  /**
   * The scale s = max(1, max |S|) of the mother's random shortcut weights U[-s, s], for the same
   * reason as {@link TargetLayer#weightScale()}: subset sums of U[-s,s] reach targets in [-s,s].
   */
  public double weightScale() {
    return ParameterStats.scaleAtLeastOne(weights);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TargetSkip s && source == s.source && inChannels == s.inChannels && stride == s.stride
        && Arrays.equals(weights, s.weights);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(weights) * 31 + source;
  }

  @Override
  public String toString() {
    return "skip(from " + source + ", " + outChannels() + "x" + inChannels + ", stride " + stride + ")";
  }
}
