package org.ltcheck.targets;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ltcheck.theory.ActivationKind;
import org.ltcheck.theory.LayerMagnitudes;
import org.ltcheck.theory.TargetArchitecture;

/**
 * A target network as far as the bounds need it: its layer chain and, when read from a file, the
 * magnitudes of its weights.
 *
 * @param source where it came from, for reports
 */
public record TargetDescription(String source, InputShape input, List<DescribedLayer> layers) {
  public TargetDescription {
    layers = List.copyOf(layers);
    if (layers.isEmpty()) {
      throw new IllegalArgumentException(source + ": no conv or linear layers");
    }
  }

  public TargetArchitecture architecture() {
    return new TargetArchitecture(layers.stream().map(DescribedLayer::shape).toList());
  }

  /** True when every layer's weights were read, so the error bound uses real magnitudes. */
  public boolean weightsKnown() {
    return layers.stream().allMatch(l -> l.magnitudes().isPresent());
  }

  /**
   * The magnitudes with {@code hidden} after every layer but the last, which is linear. Empty
   * when some layer's weights are unknown.
   */
  public Optional<List<LayerMagnitudes>> magnitudes(ActivationKind hidden) {
    if (!weightsKnown()) {
      return Optional.empty();
    }
    List<LayerMagnitudes> out = new ArrayList<>();
    for (int l = 0; l < layers.size(); l++) {
      ActivationKind a = l == layers.size() - 1 ? ActivationKind.IDENTITY : hidden;
      out.add(layers.get(l).magnitudes().orElseThrow().withActivation(a));
    }
    return Optional.of(out);
  }
}
