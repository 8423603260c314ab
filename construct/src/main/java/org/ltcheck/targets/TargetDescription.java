package org.ltcheck.targets;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.ltcheck.build.TargetLayer;
import org.ltcheck.certify.OutputErrorBounds;
import org.ltcheck.theory.ActivationKind;
import org.ltcheck.theory.LayerMagnitudes;
import org.ltcheck.theory.LayerShape;
import org.ltcheck.theory.TargetArchitecture;

/**
 * A target as far as the bounds need it: its layer chain and, when read from a file, the weights
 * of every layer (the same {@link TargetLayer}s the constructions approximate).
 *
 * @param source where it came from, for reports
 * @param dataset the images it reads, when known: they set the input bound
 */
public record TargetDescription(String source, InputShape input, List<Layer> layers, Optional<TargetDataset> dataset) {
  public TargetDescription {
    layers = List.copyOf(layers);
    if (layers.isEmpty()) {
      throw new IllegalArgumentException(source + ": no conv or linear layers");
    }
  }

  /**
   * One target layer.
   *
   * @param name tensor prefix in the file ("conv1"), or "layerK" for an {@code --arch} layer list
   * @param geometry where it sits in the chain
   * @param weights its weights when read from a file
   */
  public record Layer(String name, LayerGeometry geometry, Optional<TargetLayer> weights) {
    /** The theory's view: dense when the weights are unknown, else with the nonzero counts. */
    public LayerShape shape() {
      return weights.map(w -> geometry.shape(w.nonZeroWeights(), w.nonZeroBiases())).orElseGet(geometry::denseShape);
    }

    /** Largest |w| when the weights are known; the theory assumes |w| ≤ 1. */
    public OptionalDouble maxAbsWeight() {
      return weights.map(w -> OptionalDouble.of(java.util.Arrays.stream(w.weights()).map(Math::abs).max().orElse(0)))
          .orElseGet(OptionalDouble::empty);
    }
  }

  /** The description of a target read from a file: its weight layers, named as in the file. */
  static TargetDescription of(Target target) {
    List<TargetLayer> weights = target.layers();
    List<Layer> layers = new ArrayList<>();
    for (int l = 0; l < weights.size(); l++) {
      layers.add(new Layer(target.layerNames().get(l), LayerGeometry.of(weights.get(l)), Optional.of(weights.get(l))));
    }
    return new TargetDescription(target.source(), target.inputShape(), layers, target.dataset());
  }

  /** B₀, the bound on |x| over the input domain: as {@link Target#inputBound()}. */
  public double inputBound() {
    return Target.inputBound(dataset);
  }


  /**
   * The activation of the hidden layers as read: the first weight layer's (an ONNX graph names
   * its own), ReLU when the weights are unknown or the target has a single linear layer.
   */
  public ActivationKind hiddenActivation() {
    return layers.get(0).weights().map(w -> w.activation().kind()).filter(k -> k != ActivationKind.IDENTITY)
        .orElse(ActivationKind.RELU);
  }

  public TargetArchitecture architecture() {
    return new TargetArchitecture(layers.stream().map(Layer::shape).toList());
  }

  /** True when every layer's weights were read, so the error bound uses real magnitudes. */
  public boolean weightsKnown() {
    return layers.stream().allMatch(l -> l.weights().isPresent());
  }

  /**
   * True when a layer adds a residual shortcut: the sequential error propagation of PAPER §2b
   * does not cover it.
   */
  public boolean residual() {
    return layers.stream().anyMatch(l -> l.weights().map(TargetLayer::hasSkip).orElse(false));
  }

  /**
   * The magnitudes with {@code hidden} after every layer but the last, which is linear. Empty
   * when some layer's weights are unknown.
   */
  public Optional<List<LayerMagnitudes>> magnitudes(ActivationKind hidden) {
    if (!weightsKnown()) {
      return Optional.empty();
    }
    List<LayerMagnitudes> read =
        OutputErrorBounds.magnitudes(layers.stream().map(l -> l.weights().orElseThrow()).toList());
    List<LayerMagnitudes> out = new ArrayList<>();
    for (int l = 0; l < read.size(); l++) {
      out.add(read.get(l).withActivation(l == read.size() - 1 ? ActivationKind.IDENTITY : hidden));
    }
    return Optional.of(out);
  }
}
