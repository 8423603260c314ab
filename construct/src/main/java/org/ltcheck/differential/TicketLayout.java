package org.ltcheck.differential;

import java.util.ArrayList;
import java.util.List;
import org.ltcheck.mother.ChannelId;
import org.ltcheck.mother.MotherLayerSpec;
import org.ltcheck.mother.MotherSpec;
import org.ltcheck.build.TargetLayer;
import org.ltcheck.inference.InferenceEngine;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Layer;
import org.ltcheck.model.Linear;
import org.ltcheck.model.Network;
import org.ltcheck.model.ResidualBlock;
import org.ltcheck.tensor.FloatTensor;

/**
 * The correspondence between a ticket network and its target, read once: for every mother layer
 * and channel whether it is a constant channel (no kept edge: its value is the float constant
 * φ(bias)), a copy channel φ(a·x) of one source channel (copy layers), or a copy of a target
 * neuron (sum layers, channel id group = target channel), and for every sum-layer channel its
 * {@link SumRow}. Weights are read from the ticket {@link Network} itself (what the inference
 * engine evaluates, so a corrupted network is certified as it is), the roles and channel ids from
 * the {@link MotherSpec}.
 */
final class TicketLayout {
  static final int CONSTANT = 0;
  static final int COPY = 1;
  static final int SUM = 2;

  /** One mother layer. */
  static final class MotherLayer {
    final MotherLayerSpec spec;
    final ActivationBounds activation;
    /** Output map. */
    final int channels;
    final int height;
    final int width;
    final int[] kind;
    final int[] group;
    /** Constant channels: their float value; copy channels: the copy weight a. */
    final double[] value;
    /** Copy channels: the input channel copied. */
    final int[] source;
    /** Sum layers: one row per non-constant channel, null otherwise. */
    final SumRow[] rows;
    /**
     * The target layer whose output this layer's channels represent (−1: the input), and whether
     * pooled as the next target layer reads it (averaged or max-pooled).
     */
    final int viewLayer;
    final boolean viewPooled;

    MotherLayer(MotherLayerSpec spec, int height, int width, int viewLayer, boolean viewPooled) {
      this.spec = spec;
      this.activation = new ActivationBounds(spec.activation());
      this.channels = spec.outChannels();
      this.height = height;
      this.width = width;
      this.kind = new int[channels];
      this.group = new int[channels];
      this.value = new double[channels];
      this.source = new int[channels];
      this.rows = spec.role() == MotherLayerSpec.Role.SUM ? new SumRow[channels] : null;
      this.viewLayer = viewLayer;
      this.viewPooled = viewPooled;
    }
  }

  private final List<MotherLayer> layers;
  private final List<TargetLayer> target;

  private TicketLayout(List<MotherLayer> layers, List<TargetLayer> target) {
    this.layers = List.copyOf(layers);
    this.target = target;
  }

  List<MotherLayer> layers() {
    return layers;
  }

  List<TargetLayer> target() {
    return target;
  }

  /**
   * Reads {@code ticket} (a network of the mother's shape, e.g. {@code TicketNetworks.ticket})
   * against {@code spec} and the folded {@code target}.
   *
   * @throws IllegalArgumentException when the network does not have the structure of an ltcheck
   *     ticket (naming the layer and channel)
   */
  static TicketLayout read(MotherSpec spec, Network ticket, List<TargetLayer> target) {
    List<Layer> weightLayers = new ArrayList<>();
    List<Conv2d> shortcuts = new ArrayList<>();
    collect(ticket.layers(), weightLayers, shortcuts);
    if (weightLayers.size() != spec.layers().size()) {
      throw new IllegalArgumentException(
          "ticket network has " + weightLayers.size() + " weight layers, its mother " + spec.layers().size());
    }
    List<MotherLayer> out = new ArrayList<>();
    int[] shape = spec.inputShape();
    int h = shape.length == 3 ? shape[1] : 1;
    int w = shape.length == 3 ? shape[2] : 1;
    for (int m = 0; m < spec.layers().size(); m++) {
      MotherLayerSpec l = spec.layers().get(m);
      MotherLayer below = m == 0 ? null : out.get(m - 1);
      int inView = below == null ? -1 : below.viewLayer;
      boolean inPooled = below != null && below.viewPooled || l.poolBefore() || l.maxPoolBefore() != null;
      if (l.poolBefore() || l.flattenBefore() || l.maxPoolBefore() != null) {
        h = l.inputHeight();
        w = l.inputWidth();
      }
      int oh = l.kind() == TargetLayer.Kind.CONV ? (h + 2 * l.padding() - l.kernelHeight()) / l.stride() + 1 : 1;
      int ow = l.kind() == TargetLayer.Kind.CONV ? (w + 2 * l.padding() - l.kernelWidth()) / l.stride() + 1 : 1;
      MotherLayer ml = l.role() == MotherLayerSpec.Role.COPY
          ? new MotherLayer(l, oh, ow, inView, inPooled)
          : new MotherLayer(l, oh, ow, l.targetLayer(), false);
      float[] weights = weightsOf(weightLayers.get(m));
      float[] bias = biasOf(weightLayers.get(m), l.outChannels());
      float[] skip = shortcuts.get(m) == null ? new float[0] : shortcuts.get(m).weight().toArray();
      if (weights.length != l.weightCount() || skip.length != (l.hasSkip() ? l.skipWeightCount() : 0)) {
        throw new IllegalArgumentException(
            "ticket layer " + m + " has " + weights.length + " weights and " + skip.length + " shortcut weights, its mother "
                + l.weightCount() + " and " + l.skipWeightCount());
      }
      constants(ml, weights, skip, bias);
      if (l.role() == MotherLayerSpec.Role.COPY) {
        if (below != null && below.spec.role() == MotherLayerSpec.Role.COPY) {
          throw new IllegalArgumentException("ticket copy layer " + m + " copies another copy layer");
        }
        copies(ml, weights, bias);
      } else {
        SumRow.build(ml, m, weights, bias, skip, out, target, inView, inPooled);
      }
      out.add(ml);
      h = oh;
      w = ow;
    }
    return new TicketLayout(out, List.copyOf(target));
  }

  /** Weight layers in order; the shortcut of a residual block belongs to its body's last layer. */
  private static void collect(List<Layer> layers, List<Layer> weights, List<Conv2d> shortcuts) {
    for (Layer layer : layers) {
      if (layer instanceof Conv2d || layer instanceof Linear) {
        weights.add(layer);
        shortcuts.add(null);
      } else if (layer instanceof ResidualBlock b) {
        collect(b.body(), weights, shortcuts);
        if (b.shortcut().size() != 1 || !(b.shortcut().get(0) instanceof Conv2d c)) {
          throw new IllegalArgumentException("ticket residual block needs one shortcut convolution, got " + b.shortcut());
        }
        shortcuts.set(shortcuts.size() - 1, c);
      }
    }
  }

  private static float[] weightsOf(Layer layer) {
    return layer instanceof Conv2d c ? c.weight().toArray() : ((Linear) layer).weight().toArray();
  }

  private static float[] biasOf(Layer layer, int n) {
    FloatTensor b = layer instanceof Conv2d c ? c.bias() : ((Linear) layer).bias();
    return b == null ? new float[n] : b.toArray();
  }

  /**
   * Constant channels (sum layers: the bias group; copy layers: channels without a kept edge) carry
   * φ_f(bias), computed as the engine does.
   */
  private static void constants(MotherLayer ml, float[] weights, float[] skip, float[] bias) {
    int per = weights.length / ml.channels;
    int skipPer = skip.length / ml.channels;
    float[] pre = new float[ml.channels];
    for (int o = 0; o < ml.channels; o++) {
      boolean edges = false;
      for (int k = o * per; k < (o + 1) * per && !edges; k++) {
        edges = weights[k] != 0;
      }
      for (int k = o * skipPer; k < (o + 1) * skipPer && !edges; k++) {
        edges = skip[k] != 0;
      }
      // A sum-layer copy without kept edges still stands for its target neuron (its whole value is error).
      boolean copy = ml.spec.role() == MotherLayerSpec.Role.COPY;
      ml.kind[o] = copy ? (edges ? COPY : CONSTANT) : ChannelId.isBias(ml.spec.channelId(o)) ? CONSTANT : SUM;
      ml.group[o] = ChannelId.group(ml.spec.channelId(o));
      pre[o] = bias[o];
      if (edges && ChannelId.isBias(ml.spec.channelId(o))) {
        throw new IllegalArgumentException(
            "ticket layer " + ml.spec.index() + ": constant channel " + o + " keeps an incoming edge");
      }
    }
    float[] post = floatActivation(ml.spec.activation(), pre);
    for (int o = 0; o < ml.channels; o++) {
      if (ml.kind[o] == CONSTANT) {
        ml.value[o] = post[o];
      }
    }
  }

  /** φ evaluated by the inference engine itself, so that constants are the floats it computes. */
  static float[] floatActivation(Activation activation, float[] pre) {
    if (pre.length == 0) {
      return pre;
    }
    try (InferenceEngine e = new InferenceEngine(new Network(new int[] {pre.length}, List.of(activation)), 1)) {
      return e.forward(FloatTensor.wrap(pre.clone(), 1, pre.length)).toArray();
    }
  }

  private static void copies(MotherLayer ml, float[] weights, float[] bias) {
    int in = ml.spec.inChannels();
    if (ml.spec.positions() != 1) {
      throw new IllegalArgumentException("ticket copy layer " + ml.spec.index() + " is not a 1x1 layer");
    }
    for (int o = 0; o < ml.channels; o++) {
      if (ml.kind[o] != COPY) {
        continue;
      }
      int kept = 0;
      for (int c = 0; c < in; c++) {
        float a = weights[o * in + c];
        if (a != 0) {
          kept++;
          ml.source[o] = c;
          ml.value[o] = a;
        }
      }
      int sourceGroup = ChannelId.group(ml.spec.inputChannelId(ml.source[o]));
      if (kept != 1 || sourceGroup != ml.group[o] || bias[o] != 0) {
        throw new IllegalArgumentException(
            "ticket copy layer " + ml.spec.index() + ": channel " + o + " keeps " + kept + " edges (from group "
                + sourceGroup + " for group " + ml.group[o] + ") and bias " + bias[o]
                + "; a copy keeps exactly the edge from its source and no bias");
      }
    }
  }
}
