package org.ltcheck.targets;

import java.util.ArrayList;
import java.util.List;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Layer;
import org.ltcheck.model.Network;
import org.ltcheck.model.ResidualBlock;

/**
 * Variants of a target network. The companion paper (PAPER §6) re-evaluates a ReLU-trained
 * target with another activation to test the constructions for that activation; this is that
 * operation, on the network as data.
 */
public final class TargetVariants {
  private TargetVariants() {}

  /**
   * The same network with every activation layer — residual blocks' bodies and their
   * after-sum activations included — replaced by {@code activation}. Weights are shared.
   */
  public static Network withActivation(Network network, Activation activation) {
    return new Network(network.inputShape(), replace(network.layers(), activation));
  }

  private static List<Layer> replace(List<Layer> layers, Activation activation) {
    List<Layer> out = new ArrayList<>(layers.size());
    for (Layer l : layers) {
      if (l instanceof Activation) {
        out.add(activation);
      } else if (l instanceof ResidualBlock b) {
        out.add(new ResidualBlock(replace(b.body(), activation), replace(b.shortcut(), activation), activation));
      } else {
        out.add(l);
      }
    }
    return out;
  }
}
