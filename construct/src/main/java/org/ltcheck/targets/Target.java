package org.ltcheck.targets;

import java.util.List;
import java.util.Optional;
import org.ltcheck.build.TargetLayer;
import org.ltcheck.build.TargetLayers;
import org.ltcheck.model.Network;

/**
 * A target network as every command sees it, read once by {@link Targets#resolve}.
 *
 * @param source where it came from, for reports ({@code mnist (bundled ...)}, a path, ...)
 * @param network the model, with the requested activation
 * @param layerNames one name per weight layer of {@link #layers()}, in order: the tensor
 *     prefixes of the file ({@code conv1}, {@code blocks.0.conv2}, {@code fc})
 * @param dataset the images it reads, when known (the bundled and the ResNet targets know theirs)
 */
public record Target(String source, Network network, List<String> layerNames, Optional<TargetDataset> dataset) {
  public Target {
    layerNames = List.copyOf(layerNames);
    int weightLayers = TargetLayers.of(network).size();
    if (layerNames.size() != weightLayers) {
      throw new IllegalArgumentException(
          source + ": " + layerNames.size() + " layer names " + layerNames + " for " + weightLayers + " weight layers");
    }
  }

  /** The weight layers the constructions approximate (batch norms folded in). */
  public List<TargetLayer> layers() {
    return TargetLayers.of(network);
  }

  /** Per-image input shape (C, H, W). */
  public InputShape inputShape() {
    return InputShape.of(network.inputShape());
  }

  /**
   * B₀, the bound on |x| over the input domain: the largest normalised pixel of the target's
   * dataset, or 1 when the dataset is unknown.
   */
  public double inputBound() {
    return inputBound(dataset);
  }

  /**
   * The data set whose images the commands evaluate the target on and whose pixel range is its
   * input domain: its own, else MNIST for a 1x28x28 input (the default of a file that names none).
   *
   * @throws IllegalArgumentException for an input of another shape, which no known data set has
   */
  public TargetDataset evaluationDataset() {
    if (dataset.isEmpty() && !inputShape().equals(TargetDataset.MNIST.imageShape())) {
      throw new IllegalArgumentException(source + " reads " + inputShape() + " inputs, which are no known data set's"
          + " images (MNIST 1x28x28, CIFAR-10 3x32x32): this command evaluates the target on its data set");
    }
    return dataset.orElse(TargetDataset.MNIST);
  }

  static double inputBound(Optional<TargetDataset> dataset) {
    return dataset.map(d -> d.normalization().maxAbs()).orElse(1.0);
  }

  /** What the bounds need: the layer chain with names, shapes and weights. */
  public TargetDescription description() {
    return TargetDescription.of(this);
  }
}
