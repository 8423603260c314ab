package org.ltcheck.build;

import java.util.Arrays;
import org.ltcheck.model.Activation;
import org.ltcheck.model.MaxPool2d;
import org.ltcheck.model.SlidingWindow;

/**
 * One weight layer of a target network in the form the constructions work on: weights indexed
 * [out][in][position], where a position is a kernel tap (ky*kw + kx) for a convolution and a
 * spatial position of the input channel for a dense layer that follows a flatten. Batch
 * normalisation has already been folded in.
 *
 * @param kind convolution or dense
 * @param inputHeight spatial height of the input map (1 for a vector input), after {@code maxPool}
 * @param inputWidth spatial width of the input map (1 for a vector input), after {@code maxPool}
 * @param positions kernel taps (convolution) or input positions per channel (dense)
 * @param weights row-major [out][in][position]
 * @param bias one entry per output channel (zeros when the target has none)
 * @param activation applied after this layer (identity for the output layer); for the last
 *     layer of a residual block, the activation the block applies after adding the shortcut
 * @param before the reshape between the previous layer's output and this layer: a flatten
 *     (positions = the map's positions) or a global average pooling (positions = 1)
 * @param skip the shortcut added to this layer's pre-activation when it ends a residual block,
 *     {@code null} otherwise; its bias (a folded batch norm) is already part of {@link #bias}
 * @param maxPool max pooling of the previous layer's output (its activations) before this layer
 *     reads it, ahead of any flatten; {@code null} for none. The constructions pool their own
 *     approximation of each target channel: the maximum is 1-Lipschitz in the ∞-norm over a
 *     window, |max_W h̃ − max_W h| ≤ max_W |h̃ − h|, so a per-channel error bound e and magnitude
 *     bound B of the previous layer hold for the pooled values too
 */
public record TargetLayer(
    Kind kind,
    int outChannels,
    int inChannels,
    int kernelHeight,
    int kernelWidth,
    int stride,
    int padding,
    int inputHeight,
    int inputWidth,
    double[] weights,
    double[] bias,
    Activation activation,
    Reshape before,
    TargetSkip skip,
    MaxPool2d maxPool) {

  /** Convolution or dense (fully connected) layer. */
  public enum Kind {
    CONV,
    DENSE
  }

  /** What turns the previous layer's output into this layer's input. */
  public enum Reshape {
    /** Nothing: the input is the previous output as it is. */
    NONE,
    /** A (C,H,W) map flattened into C·H·W features; a dense layer sees H·W positions per channel. */
    FLATTEN,
    /** A (C,H,W) map averaged over its positions into C features; a dense layer sees 1 position. */
    GLOBAL_AVG_POOL
  }

  public TargetLayer {
    weights = weights.clone();
    bias = bias.clone();
    if (weights.length != (long) outChannels * inChannels * positionsOf(kind, kernelHeight, kernelWidth, inputHeight, inputWidth)) {
      throw new IllegalArgumentException(
          "target layer weights have " + weights.length + " entries, expected " + outChannels + "x" + inChannels
              + "x" + positionsOf(kind, kernelHeight, kernelWidth, inputHeight, inputWidth));
    }
    if (bias.length != outChannels) {
      throw new IllegalArgumentException("target layer bias has " + bias.length + " entries, expected " + outChannels);
    }
    if (before == null || activation == null) {
      throw new IllegalArgumentException("target layer needs an activation and a reshape (NONE for none)");
    }
    if (before == Reshape.GLOBAL_AVG_POOL && (kind != Kind.DENSE || inputHeight != 1 || inputWidth != 1)) {
      throw new IllegalArgumentException("a layer after global average pooling must be dense with a 1x1 input");
    }
    if (maxPool != null && (before == Reshape.GLOBAL_AVG_POOL || skip != null)) {
      throw new IllegalArgumentException("max pooling before global average pooling or before a block's last layer");
    }
    if (skip != null && skip.outChannels() != outChannels) {
      throw new IllegalArgumentException(
          "shortcut has " + skip.outChannels() + " output channels, the layer " + outChannels);
    }
  }

  /** A layer without max pooling before it. */
  public TargetLayer(
      Kind kind, int outChannels, int inChannels, int kernelHeight, int kernelWidth, int stride, int padding,
      int inputHeight, int inputWidth, double[] weights, double[] bias, Activation activation, Reshape before,
      TargetSkip skip) {
    this(kind, outChannels, inChannels, kernelHeight, kernelWidth, stride, padding, inputHeight, inputWidth, weights,
        bias, activation, before, skip, null);
  }

  /** Whether this layer reads the previous output pooled (global average or max pooling). */
  public boolean readsPooled() {
    return before == Reshape.GLOBAL_AVG_POOL || maxPool != null;
  }

  /** Spatial height of this layer's output (1 for a dense layer). */
  public int outputHeight() {
    return kind == Kind.CONV ? SlidingWindow.outputSize(inputHeight, kernelHeight, stride, padding) : 1;
  }

  /** Spatial width of this layer's output (1 for a dense layer). */
  public int outputWidth() {
    return kind == Kind.CONV ? SlidingWindow.outputSize(inputWidth, kernelWidth, stride, padding) : 1;
  }

  /** Whether this layer ends a residual block (its pre-activation receives a shortcut). */
  public boolean hasSkip() {
    return skip != null;
  }

  private static int positionsOf(Kind kind, int kh, int kw, int h, int w) {
    return kind == Kind.CONV ? kh * kw : h * w;
  }

  /** Kernel taps (convolution) or input positions per channel (dense). */
  public int positions() {
    return positionsOf(kind, kernelHeight, kernelWidth, inputHeight, inputWidth);
  }

  public double weight(int out, int in, int position) {
    return weights[(out * inChannels + in) * positions() + position];
  }

  public double bias(int out) {
    return bias[out];
  }

  @Override
  public double[] weights() {
    return weights.clone();
  }

  @Override
  public double[] bias() {
    return bias.clone();
  }

  /**
   * The position through which biases are built from constant channels. For a convolution it is
   * the centre tap, which stays inside the image for every output position when
   * padding ≤ kernel/2, so constant channels are never read from the zero padding (the
   * reference's border defect, PAPER §3.5). For a dense layer any position carries the constant.
   */
  public int biasPosition() {
    if (kind == Kind.DENSE) {
      return 0;
    }
    if (padding > kernelHeight / 2 || padding > kernelWidth / 2) {
      throw new IllegalArgumentException(
          "padding " + padding + " exceeds half the " + kernelHeight + "x" + kernelWidth
              + " kernel: a centre tap could read the zero padding, so biases could not be built exactly");
    }
    return (kernelHeight / 2) * kernelWidth + kernelWidth / 2;
  }

  /**
   * The rescaling of PAPER §1: subset sums of U[-1,1] terms cover targets in [-1,1], so a layer
   * whose weights or biases exceed 1 in magnitude gets a mother whose weights are drawn from
   * U[-s,s] with s = max(1, max |w|, max |b|). Equivalently the target layer is divided by s and
   * the random layer multiplied by s; the ticket is unchanged as a function and still a pruned
   * random network, only of a wider distribution.
   */
  public double weightScale() {
    return ParameterStats.scaleAtLeastOne(weights, bias);
  }

  /** Number of nonzero weights. */
  public int nonZeroWeights() {
    return ParameterStats.nonZero(weights);
  }

  /** Number of nonzero biases. */
  public int nonZeroBiases() {
    return ParameterStats.nonZero(bias);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TargetLayer t && kind == t.kind && outChannels == t.outChannels
        && inChannels == t.inChannels && kernelHeight == t.kernelHeight && kernelWidth == t.kernelWidth
        && stride == t.stride && padding == t.padding && inputHeight == t.inputHeight
        && inputWidth == t.inputWidth && Arrays.equals(weights, t.weights) && Arrays.equals(bias, t.bias)
        && activation.equals(t.activation) && before == t.before && java.util.Objects.equals(skip, t.skip)
        && java.util.Objects.equals(maxPool, t.maxPool);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(weights) * 31 + Arrays.hashCode(bias);
  }

  @Override
  public String toString() {
    return (maxPool == null ? "" : maxPool + " ") + kind + "(" + outChannels + "x" + inChannels + "x" + positions()
        + (skip == null ? "" : " + " + skip) + ")";
  }
}
