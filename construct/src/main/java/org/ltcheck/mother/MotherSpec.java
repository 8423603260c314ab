package org.ltcheck.mother;

import java.util.List;
import org.ltcheck.theory.Construction;

/**
 * The whole mother network: seed, construction and layers. Every parameter is a function of
 * this value (see {@link MotherRandom}), so the mother can be regenerated anywhere.
 */
public record MotherSpec(long seed, Construction construction, int[] inputShape, List<MotherLayerSpec> layers) {
  public MotherSpec {
    inputShape = inputShape.clone();
    layers = List.copyOf(layers);
  }

  @Override
  public int[] inputShape() {
    return inputShape.clone();
  }

  /** Number of parameters (all weights and biases) of the mother. */
  public long parameterCount() {
    long n = 0;
    for (MotherLayerSpec l : layers) {
      n += l.parameterCount();
    }
    return n;
  }

  /** Channel count of every layer, starting with the input channels. */
  public int[] widths() {
    int[] w = new int[layers.size() + 1];
    w[0] = layers.get(0).inChannels();
    for (int k = 0; k < layers.size(); k++) {
      w[k + 1] = layers.get(k).outChannels();
    }
    return w;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MotherSpec m && seed == m.seed && construction == m.construction
        && java.util.Arrays.equals(inputShape, m.inputShape) && layers.equals(m.layers);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(seed) * 31 + layers.hashCode();
  }
}
