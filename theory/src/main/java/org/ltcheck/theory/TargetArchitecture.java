package org.ltcheck.theory;

import java.util.List;

/**
 * A target network as a chain of layers. The chain must be consistent (each layer reads the
 * channels the previous one writes) because the widths of a mother layer are computed from its
 * neighbours' target widths.
 */
public record TargetArchitecture(List<LayerShape> layers) {
  public TargetArchitecture {
    if (layers == null || layers.isEmpty()) {
      throw new IllegalArgumentException("a target architecture needs at least one layer");
    }
    layers = List.copyOf(layers);
    for (int l = 1; l < layers.size(); l++) {
      int expected = layers.get(l - 1).outChannels();
      if (layers.get(l).inChannels() != expected) {
        throw new IllegalArgumentException(
            "layer " + l + " reads " + layers.get(l).inChannels() + " channels but layer " + (l - 1)
                + " writes " + expected);
      }
    }
  }

  /** Depth L: number of target layers. */
  public int depth() {
    return layers.size();
  }

  public LayerShape layer(int l) {
    return layers.get(l);
  }

  /** n_0: channels of the network input. */
  public int inputChannels() {
    return layers.get(0).inChannels();
  }

  /** Nonzero target parameters over all layers. */
  public long targetNonZeroParams() {
    long n = 0;
    for (LayerShape s : layers) {
      n += s.targetNonZeroParams();
    }
    return n;
  }
}
