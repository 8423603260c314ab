package org.ltcheck.model;

import java.util.Arrays;
import java.util.List;

/**
 * A sequential network: input shape (without batch dimension) and layers. Construction checks
 * that every layer accepts the shape the previous one produces.
 */
public record Network(int[] inputShape, List<Layer> layers) {
  public Network {
    inputShape = inputShape.clone();
    layers = List.copyOf(layers);
    propagate(layers, inputShape);
  }

  @Override
  public int[] inputShape() {
    return inputShape.clone();
  }

  /** Output shape of the whole network. */
  public int[] outputShape() {
    return propagate(layers, inputShape);
  }

  /** Shape after each layer applied in turn to {@code shape}. */
  static int[] propagate(List<Layer> layers, int[] shape) {
    int[] s = shape.clone();
    for (Layer l : layers) {
      s = l.outputShape(s);
    }
    return s;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Network n && Arrays.equals(inputShape, n.inputShape) && layers.equals(n.layers);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(inputShape) + layers.hashCode();
  }

  @Override
  public String toString() {
    return "Network" + Arrays.toString(inputShape) + layers;
  }
}
