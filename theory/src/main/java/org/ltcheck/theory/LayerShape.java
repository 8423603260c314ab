package org.ltcheck.theory;

/**
 * One target layer as the width bounds see it: sizes and sparsity, no weights. Kept free of the
 * {@code construct} model so the bounds can be computed from a file header or a command-line
 * description alone.
 *
 * <p>A linear layer that follows a flatten is described at the granularity of the channels it
 * reads: {@code inChannels} is the number of channels before the flatten and
 * {@code inputPositionsPerChannel} the number of spatial positions of each (25,088 = 32 × 784
 * for the MNIST head). The constructions copy channels, not single features, so a channel's
 * copies are replicated at every one of its positions and a target weight of channel i at
 * position p draws on the copies of channel i at p.
 *
 * @param kind convolution or linear
 * @param inChannels input channels (features of a plain linear layer)
 * @param outChannels output channels (features)
 * @param kernelPositions kernel positions k (9 for 3×3); 1 for a linear layer
 * @param targetNonZeroWeights nonzero target weights; zero weights need no subset sum
 * @param targetNonZeroBiases nonzero target biases
 * @param spatialPositions output positions per channel (for information); 1 for a linear layer
 * @param inputPositionsPerChannel input positions per channel of a linear head after a
 *     flatten; 1 otherwise
 */
public record LayerShape(
    Kind kind,
    int inChannels,
    int outChannels,
    int kernelPositions,
    long targetNonZeroWeights,
    long targetNonZeroBiases,
    long spatialPositions,
    int inputPositionsPerChannel) {

  /** The two layer types the constructions handle. */
  public enum Kind {
    CONV,
    LINEAR
  }

  public LayerShape {
    if (kind == null) {
      throw new IllegalArgumentException("layer kind is null");
    }
    Checks.atLeast("inChannels", inChannels, 1);
    Checks.atLeast("outChannels", outChannels, 1);
    Checks.atLeast("kernelPositions", kernelPositions, 1);
    Checks.atLeast("spatialPositions", spatialPositions, 1);
    Checks.atLeast("inputPositionsPerChannel", inputPositionsPerChannel, 1);
    if (kind == Kind.LINEAR && kernelPositions != 1) {
      throw new IllegalArgumentException("a linear layer has kernelPositions = 1, got " + kernelPositions);
    }
    if (kind == Kind.CONV && inputPositionsPerChannel != 1) {
      throw new IllegalArgumentException(
          "inputPositionsPerChannel = " + inputPositionsPerChannel + " is only meaningful for a linear head");
    }
    long dense = (long) outChannels * inChannels * kernelPositions * inputPositionsPerChannel;
    if (targetNonZeroWeights < 0 || targetNonZeroWeights > dense) {
      throw new IllegalArgumentException(
          "targetNonZeroWeights = " + targetNonZeroWeights + " is outside [0, " + dense + "]");
    }
    if (targetNonZeroBiases < 0 || targetNonZeroBiases > outChannels) {
      throw new IllegalArgumentException(
          "targetNonZeroBiases = " + targetNonZeroBiases + " is outside [0, " + outChannels + "]");
    }
  }

  /** A dense convolution: every weight and bias nonzero. */
  public static LayerShape denseConv(int in, int out, int kernelPositions, long spatialPositions) {
    return new LayerShape(
        Kind.CONV, in, out, kernelPositions, (long) out * in * kernelPositions, out, spatialPositions, 1);
  }

  /** A dense linear layer on a feature vector. */
  public static LayerShape denseLinear(int in, int out) {
    return new LayerShape(Kind.LINEAR, in, out, 1, (long) out * in, out, 1, 1);
  }

  /** A dense linear head reading {@code channels} channels of {@code positions} positions each. */
  public static LayerShape denseFlattenLinear(int channels, int positions, int out) {
    return new LayerShape(Kind.LINEAR, channels, out, 1, (long) out * channels * positions, out, 1, positions);
  }

  /** Number of weights of the dense layer, zeros included. */
  public long denseWeights() {
    return (long) outChannels * inChannels * kernelPositions * inputPositionsPerChannel;
  }

  /** Input features the target layer reads: channels × positions per channel. */
  public long inFeatures() {
    return (long) inChannels * inputPositionsPerChannel;
  }

  /** True for a linear layer reading a flattened spatial map. */
  public boolean isFlattenHead() {
    return kind == Kind.LINEAR && inputPositionsPerChannel > 1;
  }

  /**
   * True when the layer's input is a spatial map, so a 1×1 copy layer in front of it is a
   * convolution rather than a linear layer.
   */
  public boolean readsSpatialMap() {
    return kind == Kind.CONV || isFlattenHead();
  }

  /** Nonzero target parameters: weights plus biases. */
  public long targetNonZeroParams() {
    return targetNonZeroWeights + targetNonZeroBiases;
  }
}
