package org.ltcheck.gpu.train;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ltcheck.model.BatchNorm2d;
import org.ltcheck.model.ChannelScale;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Layer;
import org.ltcheck.model.Linear;
import org.ltcheck.model.Network;
import org.ltcheck.model.ResidualBlock;
import org.ltcheck.tensor.FloatTensor;

/**
 * A {@link Network} together with the PyTorch state-dict prefix of each layer that has tensors
 * (conv, linear, batch norm, channel scale), listed in traversal order: layers in order, and
 * inside a residual block the body before the shortcut. The prefixes make the tensor names of
 * exported files exactly those of the reference models (e.g. {@code conv1.weight},
 * {@code blocks.3.shortcut.1.running_var}), so other tools read them directly.
 */
public record NamedNetwork(Network network, List<String> layerNames) {
  public NamedNetwork {
    layerNames = List.copyOf(layerNames);
    int n = parametrisedLayers(network).size();
    if (n != layerNames.size()) {
      throw new IllegalArgumentException(
          "network has " + n + " layers with tensors but " + layerNames.size() + " names were given");
    }
    Set<String> seen = new HashSet<>();
    for (String s : layerNames) {
      if (!seen.add(s)) {
        throw new IllegalArgumentException("layer name '" + s + "' is used twice");
      }
    }
  }

  /** Whether a layer carries tensors (and hence needs a name). */
  public static boolean hasTensors(Layer l) {
    return l instanceof Conv2d || l instanceof Linear || l instanceof BatchNorm2d || l instanceof ChannelScale;
  }

  /** The layers that carry tensors, in traversal order. */
  public static List<Layer> parametrisedLayers(Network network) {
    List<Layer> out = new ArrayList<>();
    collect(network.layers(), out);
    return out;
  }

  private static void collect(List<Layer> layers, List<Layer> out) {
    for (Layer l : layers) {
      if (l instanceof ResidualBlock b) {
        collect(b.body(), out);
        collect(b.shortcut(), out);
      } else if (hasTensors(l)) {
        out.add(l);
      }
    }
  }

  /** All tensors by state-dict name, in traversal order. */
  public Map<String, FloatTensor> stateDict() {
    Map<String, FloatTensor> out = new LinkedHashMap<>();
    List<Layer> layers = parametrisedLayers(network);
    for (int i = 0; i < layers.size(); i++) {
      String p = layerNames.get(i);
      Layer l = layers.get(i);
      if (l instanceof Conv2d c) {
        out.put(p + ".weight", c.weight());
        if (c.bias() != null) {
          out.put(p + ".bias", c.bias());
        }
      } else if (l instanceof Linear li) {
        out.put(p + ".weight", li.weight());
        if (li.bias() != null) {
          out.put(p + ".bias", li.bias());
        }
      } else if (l instanceof BatchNorm2d b) {
        out.put(p + ".weight", b.gamma());
        out.put(p + ".bias", b.beta());
        out.put(p + ".running_mean", b.runningMean());
        out.put(p + ".running_var", b.runningVar());
      } else if (l instanceof ChannelScale s) {
        out.put(p + ".weight", s.scale());
      }
    }
    return out;
  }

  /**
   * The same architecture with every tensor taken from {@code tensors} (extra entries such as
   * masks are ignored). A missing name or a wrong shape fails with a message naming it.
   */
  public NamedNetwork withStateDict(Map<String, FloatTensor> tensors) {
    int[] next = {0};
    List<Layer> layers = replace(network.layers(), tensors, next);
    return new NamedNetwork(new Network(network.inputShape(), layers), layerNames);
  }

  private List<Layer> replace(List<Layer> layers, Map<String, FloatTensor> t, int[] next) {
    List<Layer> out = new ArrayList<>();
    for (Layer l : layers) {
      if (l instanceof ResidualBlock b) {
        List<Layer> body = replace(b.body(), t, next);
        List<Layer> shortcut = replace(b.shortcut(), t, next);
        out.add(new ResidualBlock(body, shortcut, b.after()));
      } else if (hasTensors(l)) {
        String p = layerNames.get(next[0]++);
        out.add(withTensors(l, p, t));
      } else {
        out.add(l);
      }
    }
    return out;
  }

  private static Layer withTensors(Layer l, String p, Map<String, FloatTensor> t) {
    if (l instanceof Conv2d c) {
      return new Conv2d(take(t, p + ".weight", c.weight()),
          c.bias() == null ? null : take(t, p + ".bias", c.bias()), c.stride(), c.padding());
    } else if (l instanceof Linear li) {
      return new Linear(take(t, p + ".weight", li.weight()),
          li.bias() == null ? null : take(t, p + ".bias", li.bias()));
    } else if (l instanceof BatchNorm2d b) {
      return new BatchNorm2d(take(t, p + ".weight", b.gamma()), take(t, p + ".bias", b.beta()),
          take(t, p + ".running_mean", b.runningMean()), take(t, p + ".running_var", b.runningVar()), b.eps());
    }
    return new ChannelScale(take(t, p + ".weight", ((ChannelScale) l).scale()));
  }

  private static FloatTensor take(Map<String, FloatTensor> t, String name, FloatTensor like) {
    FloatTensor v = t.get(name);
    if (v == null) {
      throw new IllegalArgumentException("tensor '" + name + "' is missing");
    }
    if (v.size() != like.size()) {
      throw new IllegalArgumentException("tensor '" + name + "' has shape " + java.util.Arrays.toString(v.shape())
          + ", expected " + java.util.Arrays.toString(like.shape()));
    }
    return v.sameShape(like.shape()) ? v : v.reshape(like.shape());
  }
}
