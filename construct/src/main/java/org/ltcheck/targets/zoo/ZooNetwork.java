package org.ltcheck.targets.zoo;

import java.util.ArrayList;
import java.util.List;
import org.ltcheck.model.Activation;
import org.ltcheck.model.AvgPool2d;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.GlobalAvgPool;
import org.ltcheck.model.Layer;
import org.ltcheck.model.MaxPool2d;
import org.ltcheck.model.Network;
import org.ltcheck.model.ResidualBlock;

/**
 * A zoo model built as a model {@link Network}.
 *
 * @param tensorLayers the state-dict prefix of every layer with tensors, in traversal order
 *     (layers in order, a block's body before its shortcut): the names of a trainable network
 * @param weightLayers the prefix of every conv and linear layer outside a shortcut, in order: one
 *     name per weight layer the constructions approximate (a shortcut convolution belongs to its
 *     block's last convolution)
 */
public record ZooNetwork(Network network, List<String> tensorLayers, List<String> weightLayers) {
  public ZooNetwork {
    tensorLayers = List.copyOf(tensorLayers);
    weightLayers = List.copyOf(weightLayers);
  }

  /**
   * Builds {@code layers} for inputs of {@code inputShape} with the parameters of {@code params}
   * and {@code activation} as every hidden activation.
   *
   * @throws IllegalArgumentException when the layers do not fit the input shape
   */
  public static ZooNetwork build(List<ZooLayer> layers, int[] inputShape, ZooParameters params, Activation activation) {
    List<String> tensors = new ArrayList<>();
    List<String> weights = new ArrayList<>();
    List<Layer> built = build(layers, params, activation, tensors, weights);
    return new ZooNetwork(new Network(inputShape, built), tensors, weights);
  }

  private static List<Layer> build(List<ZooLayer> layers, ZooParameters params, Activation activation,
      List<String> tensors, List<String> weights) {
    List<Layer> out = new ArrayList<>();
    for (ZooLayer l : layers) {
      if (l instanceof ZooLayer.Conv c) {
        out.add(params.conv(c));
        named(c.name(), tensors, weights);
      } else if (l instanceof ZooLayer.Dense d) {
        out.add(params.linear(d));
        named(d.name(), tensors, weights);
      } else if (l instanceof ZooLayer.Norm n) {
        out.add(params.batchNorm(n));
        tensors.add(n.name());
      } else if (l instanceof ZooLayer.IdentityScale s) {
        params.identityScale(s).ifPresent(scale -> {
          out.add(scale);
          tensors.add(s.name());
        });
      } else if (l instanceof ZooLayer.Activation) {
        out.add(activation);
      } else if (l instanceof ZooLayer.MaxPool p) {
        out.add(new MaxPool2d(p.kernel(), p.stride(), 0));
      } else if (l instanceof ZooLayer.AvgPool p) {
        out.add(new AvgPool2d(p.kernel(), p.stride()));
      } else if (l instanceof ZooLayer.GlobalAvgPool) {
        out.add(new GlobalAvgPool());
      } else if (l instanceof ZooLayer.Flatten) {
        out.add(new Flatten());
      } else {
        ZooLayer.Block b = (ZooLayer.Block) l;
        List<Layer> body = build(b.body(), params, activation, tensors, weights);
        List<Layer> shortcut = build(b.shortcut(), params, activation, tensors, null);
        out.add(new ResidualBlock(body, shortcut, activation));
      }
    }
    return out;
  }

  /** A weight layer; inside a shortcut ({@code weights} null) it is not one of its own. */
  private static void named(String name, List<String> tensors, List<String> weights) {
    tensors.add(name);
    if (weights != null) {
      weights.add(name);
    }
  }
}
