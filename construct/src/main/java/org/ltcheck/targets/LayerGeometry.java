package org.ltcheck.targets;

import org.ltcheck.build.TargetLayer;
import org.ltcheck.theory.LayerShape;

/**
 * Where a target layer sits in the chain, before its sparsity is known: a file header and a
 * command-line description both yield this, and only the file's data adds nonzero counts.
 *
 * @param spatialPositions output positions per channel (1 for a linear layer)
 * @param inputPositionsPerChannel positions per input channel of a flatten head, else 1
 */
public record LayerGeometry(
    LayerShape.Kind kind,
    int inChannels,
    int outChannels,
    int kernelHeight,
    int kernelWidth,
    long spatialPositions,
    int inputPositionsPerChannel) {

  public int kernelPositions() {
    return Math.multiplyExact(kernelHeight, kernelWidth);
  }

  /** Where a target layer read with its weights sits in the chain. */
  public static LayerGeometry of(TargetLayer t) {
    return t.kind() == TargetLayer.Kind.CONV
        ? new LayerGeometry(LayerShape.Kind.CONV, t.inChannels(), t.outChannels(), t.kernelHeight(), t.kernelWidth(),
            (long) t.outputHeight() * t.outputWidth(), 1)
        : new LayerGeometry(LayerShape.Kind.LINEAR, t.inChannels(), t.outChannels(), 1, 1, 1, t.positions());
  }

  /** The layer shape with the given sparsity. */
  public LayerShape shape(long nonZeroWeights, long nonZeroBiases) {
    return new LayerShape(kind, inChannels, outChannels, kernelPositions(), nonZeroWeights, nonZeroBiases,
        spatialPositions, inputPositionsPerChannel);
  }

  /** The layer shape with every weight and bias nonzero. */
  public LayerShape denseShape() {
    return shape((long) outChannels * inChannels * kernelPositions() * inputPositionsPerChannel, outChannels);
  }

  /** Short description, e.g. "conv 1->32 3x3" or "linear 32x784->10". */
  public String describe() {
    return switch (kind) {
      case CONV -> "conv " + inChannels + "->" + outChannels + " " + kernelHeight + "x" + kernelWidth;
      case LINEAR -> inputPositionsPerChannel > 1
          ? "linear " + inChannels + "x" + inputPositionsPerChannel + "->" + outChannels
          : "linear " + inChannels + "->" + outChannels;
    };
  }
}
