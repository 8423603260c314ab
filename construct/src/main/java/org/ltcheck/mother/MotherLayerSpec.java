package org.ltcheck.mother;

import java.util.Arrays;
import org.ltcheck.build.TargetLayer;
import org.ltcheck.model.Activation;
import org.ltcheck.model.MaxPool2d;

/**
 * Shape and role of one layer of the mother network. Together with the seed it determines
 * every weight of the layer through {@link MotherRandom}; nothing else needs to be stored.
 *
 * @param index position in the mother network (0-based)
 * @param role a copy layer (1x1, creates random copies of its input channels and constant
 *     channels) or a sum layer (the target's kernel; each target weight is a subset sum)
 * @param kind {@code CONV} for a layer on a feature map, {@code DENSE} for a layer on a vector
 *     (a dense layer after a flatten sees channels x positions inputs)
 * @param inputHeight spatial height of the input map (1 for a vector), after {@code maxPoolBefore}
 * @param inputWidth spatial width of the input map (1 for a vector), after {@code maxPoolBefore}
 * @param flattenBefore whether a flatten precedes this layer
 * @param inputChannelIds logical ids of the input channels, in tensor order
 * @param channelIds logical ids of this layer's channels, in tensor order
 * @param weightScale weights are U[-s, s] with this s (2 for copy layers)
 * @param activation applied after this layer
 * @param targetLayer index of the target layer a sum layer approximates, -1 for copy layers
 * @param poolBefore whether a global average pooling precedes this layer (its input is then a
 *     vector of the pooled channels: {@code inputHeight = inputWidth = 1})
 * @param skipSource for the last layer of a mother residual block: the index of the mother layer
 *     whose output the block's random 1x1 shortcut convolution reads (the block's input); the
 *     shortcut is added to this layer's pre-activation. -1 for no shortcut
 * @param skipStride stride of the shortcut convolution (1 without shortcut)
 * @param skipKernel kernel size of the shortcut convolution, without padding: 1, or 2p+1 when it
 *     reads a copy layer padded by p (tanh/sigmoid construction), whose centre tap then sees the
 *     unpadded position; only the centre tap is ever kept
 * @param skipInputChannelIds logical ids of the shortcut's input channels (the channels of layer
 *     {@code skipSource}), in tensor order; empty without shortcut
 * @param skipWeightScale shortcut weights are U[-s, s] with this s (1 without shortcut)
 * @param maxPoolBefore max pooling of the previous layer's output (every channel alike) before
 *     this layer reads it, ahead of any flatten; {@code null} for none
 */
public record MotherLayerSpec(
    int index,
    Role role,
    TargetLayer.Kind kind,
    int kernelHeight,
    int kernelWidth,
    int stride,
    int padding,
    int inputHeight,
    int inputWidth,
    boolean flattenBefore,
    long[] inputChannelIds,
    long[] channelIds,
    double weightScale,
    Activation activation,
    int targetLayer,
    boolean poolBefore,
    int skipSource,
    int skipStride,
    int skipKernel,
    long[] skipInputChannelIds,
    double skipWeightScale,
    MaxPool2d maxPoolBefore) {

  /** What a mother layer is for. */
  public enum Role {
    COPY,
    SUM
  }

  public MotherLayerSpec {
    inputChannelIds = inputChannelIds.clone();
    channelIds = channelIds.clone();
    skipInputChannelIds = skipInputChannelIds.clone();
    if (skipSource < -1 || skipSource >= index) {
      throw new IllegalArgumentException(
          "mother layer " + index + ": shortcut source " + skipSource + " must be an earlier layer or -1");
    }
    if ((skipSource < 0) != (skipInputChannelIds.length == 0)) {
      throw new IllegalArgumentException(
          "mother layer " + index + ": a shortcut needs input channels and input channels need a shortcut");
    }
    if (skipStride < 1 || skipKernel < 1 || skipKernel % 2 == 0 || !(skipWeightScale > 0)) {
      throw new IllegalArgumentException(
          "mother layer " + index + ": shortcut stride " + skipStride + ", kernel " + skipKernel + " and scale "
              + skipWeightScale + " invalid");
    }
    if (poolBefore && (inputHeight != 1 || inputWidth != 1)) {
      throw new IllegalArgumentException("mother layer " + index + ": a layer after pooling reads a 1x1 input");
    }
    if (maxPoolBefore != null && poolBefore) {
      throw new IllegalArgumentException("mother layer " + index + ": max pooling before global average pooling");
    }
  }

  /** A layer without max pooling before it. */
  public MotherLayerSpec(
      int index, Role role, TargetLayer.Kind kind, int kernelHeight, int kernelWidth, int stride, int padding,
      int inputHeight, int inputWidth, boolean flattenBefore, long[] inputChannelIds, long[] channelIds,
      double weightScale, Activation activation, int targetLayer, boolean poolBefore, int skipSource, int skipStride,
      int skipKernel, long[] skipInputChannelIds, double skipWeightScale) {
    this(index, role, kind, kernelHeight, kernelWidth, stride, padding, inputHeight, inputWidth, flattenBefore,
        inputChannelIds, channelIds, weightScale, activation, targetLayer, poolBefore, skipSource, skipStride,
        skipKernel, skipInputChannelIds, skipWeightScale, null);
  }

  /** A layer without shortcut and without pooling before it (all CNN mother layers). */
  public MotherLayerSpec(
      int index, Role role, TargetLayer.Kind kind, int kernelHeight, int kernelWidth, int stride, int padding,
      int inputHeight, int inputWidth, boolean flattenBefore, long[] inputChannelIds, long[] channelIds,
      double weightScale, Activation activation, int targetLayer) {
    this(index, role, kind, kernelHeight, kernelWidth, stride, padding, inputHeight, inputWidth, flattenBefore,
        inputChannelIds, channelIds, weightScale, activation, targetLayer, false, -1, 1, 1, new long[0], 1.0);
  }

  @Override
  public long[] skipInputChannelIds() {
    return skipInputChannelIds.clone();
  }

  /** Whether this layer ends a mother residual block. */
  public boolean hasSkip() {
    return skipSource >= 0;
  }

  /** Input channels of the shortcut (0 without shortcut). */
  public int skipInChannels() {
    return skipInputChannelIds.length;
  }

  /** Kernel taps of the shortcut convolution. */
  public int skipPositions() {
    return skipKernel * skipKernel;
  }

  /** The shortcut tap that reads the block input at the output's own (strided) position. */
  public int skipCentre() {
    return (skipKernel / 2) * skipKernel + skipKernel / 2;
  }

  /** Number of shortcut weights (the shortcut convolution has no bias). */
  public long skipWeightCount() {
    return (long) outChannels() * skipInChannels() * skipPositions();
  }

  /** Flat index of the shortcut edge (out, in, position) in the (out, in, positions) shortcut layout. */
  public long skipWeightIndex(int out, int in, int position) {
    return ((long) out * skipInChannels() + in) * skipPositions() + position;
  }

  /** Input channel id of the shortcut's tensor input channel {@code in}. */
  public long skipInputChannelId(int in) {
    return skipInputChannelIds[in];
  }

  /** All parameters of this mother layer: weights, shortcut weights and one bias per channel. */
  public long parameterCount() {
    return weightCount() + skipWeightCount() + outChannels();
  }

  @Override
  public long[] inputChannelIds() {
    return inputChannelIds.clone();
  }

  @Override
  public long[] channelIds() {
    return channelIds.clone();
  }

  public int outChannels() {
    return channelIds.length;
  }

  public int inChannels() {
    return inputChannelIds.length;
  }

  /** Kernel taps of a convolution, input positions per channel of a dense layer. */
  public int positions() {
    return kind == TargetLayer.Kind.CONV ? kernelHeight * kernelWidth : inputHeight * inputWidth;
  }

  /** Number of weights (edges) of this layer. */
  public long weightCount() {
    return (long) outChannels() * inChannels() * positions();
  }

  /** Flat index of the edge (out, in, position) in the (out, in, positions) weight layout. */
  public long weightIndex(int out, int in, int position) {
    return ((long) out * inChannels() + in) * positions() + position;
  }

  /** The mother weight at flat index {@code flat} of the (out, in, positions) layout. */
  public float weight(MotherRandom random, long flat) {
    int positions = positions();
    int out = (int) (flat / ((long) inChannels() * positions));
    int in = (int) ((flat / positions) % inChannels());
    return random.weight(index, channelId(out), inputChannelId(in), (int) (flat % positions), weightScale);
  }

  /** Channel id of the tensor channel {@code out}. */
  public long channelId(int out) {
    return channelIds[out];
  }

  /** Input channel id of the tensor input channel {@code in}. */
  public long inputChannelId(int in) {
    return inputChannelIds[in];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MotherLayerSpec s && index == s.index && role == s.role && kind == s.kind
        && kernelHeight == s.kernelHeight && kernelWidth == s.kernelWidth && stride == s.stride
        && padding == s.padding && inputHeight == s.inputHeight && inputWidth == s.inputWidth
        && flattenBefore == s.flattenBefore && Arrays.equals(inputChannelIds, s.inputChannelIds)
        && Arrays.equals(channelIds, s.channelIds) && weightScale == s.weightScale
        && activation.equals(s.activation) && targetLayer == s.targetLayer && poolBefore == s.poolBefore
        && skipSource == s.skipSource && skipStride == s.skipStride && skipKernel == s.skipKernel
        && Arrays.equals(skipInputChannelIds, s.skipInputChannelIds) && skipWeightScale == s.skipWeightScale
        && java.util.Objects.equals(maxPoolBefore, s.maxPoolBefore);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(channelIds) + index;
  }

  @Override
  public String toString() {
    return role + "#" + index + "(" + outChannels() + "x" + inChannels() + "x" + positions()
        + (hasSkip() ? " + skip from #" + skipSource : "") + ")";
  }
}
