package org.ltcheck.targets.zoo;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * open_lth's {@code mnist_lenet_N[_M...]}: a fully connected ReLU network on the flattened image,
 * hidden layers {@code fc_layers.i} (Linear, with bias) of the given sizes and the output layer
 * {@code fc}.
 *
 * @param hidden the hidden layer sizes, e.g. 300, 100
 */
public record LeNet(List<Integer> hidden) implements ZooModel {
  public LeNet {
    hidden = List.copyOf(hidden);
    if (hidden.isEmpty() || hidden.stream().anyMatch(h -> h < 1)) {
      throw new IllegalArgumentException("mnist_lenet needs positive hidden sizes, got " + hidden);
    }
  }

  @Override
  public String name() {
    return "mnist_lenet_" + hidden.stream().map(String::valueOf).collect(Collectors.joining("_"));
  }

  @Override
  public int[] inputShape() {
    return new int[] {1, 28, 28};
  }

  @Override
  public List<ZooLayer> layers(int[] inputShape, int classes) {
    List<ZooLayer> layers = new ArrayList<>(List.of(new ZooLayer.Flatten()));
    int in = Math.toIntExact(org.ltcheck.tensor.FloatTensor.numelOf(inputShape));
    for (int i = 0; i < hidden.size(); i++) {
      layers.add(new ZooLayer.Dense("fc_layers." + i, in, hidden.get(i)));
      layers.add(new ZooLayer.Activation());
      in = hidden.get(i);
    }
    layers.add(new ZooLayer.Dense("fc", in, classes));
    return layers;
  }

  @Override
  public String toString() {
    return name();
  }
}
