package org.ltcheck.build;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ltcheck.model.Activation;
import org.ltcheck.model.BatchNorm2d;
import org.ltcheck.model.ChannelScale;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.GlobalAvgPool;
import org.ltcheck.model.Layer;
import org.ltcheck.model.Linear;
import org.ltcheck.model.MaxPool2d;
import org.ltcheck.model.Network;
import org.ltcheck.model.ResidualBlock;
import org.ltcheck.model.SlidingWindow;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.ActivationKind;

/** Turns a CNN or a residual network into the weight layers the constructions approximate. */
public final class TargetLayers {
  private TargetLayers() {}

  /**
   * Reads conv [batch-norm] [activation] sequences, residual blocks, flatten or global average
   * pooling, and linear [activation] layers. Batch normalisation in inference form is an affine
   * map per channel and is folded into the preceding convolution: w' = w·γ/√(var+eps),
   * b' = (b − mean)·γ/√(var+eps) + β. The last weight layer must not be followed by an activation
   * (the network's output is linear).
   *
   * <p>Max pooling of a layer's output (after its activation, or of the network input) becomes
   * {@link TargetLayer#maxPool} of the weight layer that reads it; a flatten may follow it. A
   * convolution's pool before its activation is the same function as after it (every activation
   * is nondecreasing) and is read that way. Not
   * inside a residual block, not right before one or before global average pooling.
   *
   * <p>A residual block out = φ(body(x) + shortcut(x)) (PAPER §5) becomes its body's weight
   * layers, the last of which carries the shortcut as a {@link TargetSkip} reading the output of
   * the target layer before the block, gets the block's activation φ and absorbs the shortcut's
   * folded bias: the construction treats the block's convolutions like any two target layers and
   * adds the skip path to the last one's pre-activation. Shortcuts: empty (identity, weight 1),
   * a {@link ChannelScale} (open_lth's identity with a (C,1,1) scale), or a 1x1 {@link Conv2d}
   * with optional {@link BatchNorm2d}.
   *
   * @throws IllegalArgumentException for layers the constructions do not handle, or non-finite
   *     parameters, naming the layer
   */
  public static List<TargetLayer> of(Network network) {
    Reader r = new Reader(network.inputShape());
    r.read(network.layers(), "layer ", false);
    if (r.out.isEmpty()) {
      throw new IllegalArgumentException("network has no weight layers");
    }
    if (r.out.get(r.out.size() - 1).activation().kind() != ActivationKind.IDENTITY) {
      throw new IllegalArgumentException("the last weight layer must be linear (no activation after it)");
    }
    if (r.pending != TargetLayer.Reshape.NONE || r.pendingPool != null) {
      throw new IllegalArgumentException("the network ends with a "
          + (r.pendingPool != null ? r.pendingPool : r.pending) + " that no weight layer reads");
    }
    return List.copyOf(r.out);
  }

  /** Nonzero weights and biases of all target layers: the size a ticket is compared with. */
  public static long nonZeroParameters(List<TargetLayer> layers) {
    return layers.stream().mapToLong(l -> l.nonZeroWeights() + l.nonZeroBiases()).sum();
  }

  /** Walks the layers, keeping the current shape and the reshape waiting for the next weight layer. */
  private static final class Reader {
    final List<TargetLayer> out = new ArrayList<>();
    int[] shape;
    TargetLayer.Reshape pending = TargetLayer.Reshape.NONE;
    /** Max pooling waiting for the next weight layer. */
    MaxPool2d pendingPool;
    int flattenedH = 1;
    int flattenedW = 1;

    Reader(int[] inputShape) {
      shape = inputShape;
    }

    /**
     * Reads {@code layers}; in a block body ({@code body} true) only convolutions are allowed and
     * the last one must have no activation of its own.
     */
    void read(List<Layer> layers, String where, boolean body) {
      for (int k = 0; k < layers.size(); k++) {
        Layer layer = layers.get(k);
        String name = where + k;
        if (layer instanceof Flatten) {
          if (body) {
            throw new IllegalArgumentException(name + ": flatten inside a residual block");
          }
          if (shape.length == 3) {
            pending = TargetLayer.Reshape.FLATTEN;
            flattenedH = shape[1];
            flattenedW = shape[2];
          }
          shape = layer.outputShape(shape);
          continue;
        }
        if (layer instanceof MaxPool2d m) {
          if (body || pending != TargetLayer.Reshape.NONE || pendingPool != null || shape.length != 3) {
            throw new IllegalArgumentException(name + ": max pooling is supported between weight layers of a map, "
                + "once, outside residual blocks and before any flatten");
          }
          shape = m.outputShape(shape);
          pendingPool = m;
          continue;
        }
        if (layer instanceof GlobalAvgPool) {
          if (body || pendingPool != null) {
            throw new IllegalArgumentException(
                name + ": global average pooling inside a residual block or after max pooling");
          }
          shape = layer.outputShape(shape);
          pending = TargetLayer.Reshape.GLOBAL_AVG_POOL;
          continue;
        }
        if (layer instanceof ResidualBlock b) {
          if (body || pendingPool != null) {
            throw new IllegalArgumentException(name + ": nested residual blocks, or a block after max pooling, are not supported");
          }
          block(b, name);
          continue;
        }
        if (!(layer instanceof Conv2d) && !(layer instanceof Linear)) {
          throw new IllegalArgumentException(
              name + " (" + layer.getClass().getSimpleName() + ") is not a layer the constructions handle");
        }
        int next = k + 1;
        BatchNorm2d bn = null;
        if (next < layers.size() && layers.get(next) instanceof BatchNorm2d b) {
          bn = b;
          next++;
        }
        MaxPool2d poolAfter = null;
        if (layer instanceof Conv2d && !body && next + 1 < layers.size() && layers.get(next) instanceof MaxPool2d m
            && layers.get(next + 1) instanceof Activation) {
          // conv, pool, φ (PyTorch's MNIST example order): every activation is nondecreasing, so
          // max_W φ(z) = φ(max_W z), in float too, and the pool is read as following φ
          poolAfter = m;
          next++;
        }
        Activation act = Activation.of(ActivationKind.IDENTITY);
        if (next < layers.size() && layers.get(next) instanceof Activation a) {
          act = a;
          next++;
        }
        if (layer instanceof Conv2d c) {
          if (pending != TargetLayer.Reshape.NONE) {
            throw new IllegalArgumentException(name + ": convolution after a " + pending);
          }
          out.add(conv(name, c, bn, act, shape, pendingPool));
        } else {
          Linear l = (Linear) layer;
          if (body) {
            throw new IllegalArgumentException(name + ": linear layer inside a residual block");
          }
          if (bn != null) {
            throw new IllegalArgumentException(name + ": batch-norm after a linear layer is not supported");
          }
          boolean flat = pending == TargetLayer.Reshape.FLATTEN;
          out.add(dense(name, l, act, flat ? flattenedH : 1, flat ? flattenedW : 1, pending, pendingPool));
        }
        for (int m = k; m < next; m++) {
          shape = layers.get(m).outputShape(shape);
        }
        pending = TargetLayer.Reshape.NONE;
        pendingPool = poolAfter;
        k = next - 1;
      }
    }

    private void block(ResidualBlock b, String name) {
      if (pending != TargetLayer.Reshape.NONE || shape.length != 3) {
        throw new IllegalArgumentException(name + ": a residual block needs a (C,H,W) input");
      }
      int source = out.size() - 1;
      int[] in = shape;
      int first = out.size();
      read(b.body(), name + " body layer ", true);
      if (out.size() == first) {
        throw new IllegalArgumentException(name + ": residual block body has no convolution");
      }
      TargetLayer last = out.remove(out.size() - 1);
      if (last.activation().kind() != ActivationKind.IDENTITY) {
        throw new IllegalArgumentException(
            name + ": the last layer of a block body must have no activation; the block applies its own after the sum");
      }
      Shortcut s = shortcut(b.shortcut(), name, source, in, last.outChannels());
      double[] bias = last.bias();
      for (int j = 0; j < bias.length; j++) {
        bias[j] += s.bias[j];
      }
      checkFinite(name + " last body layer", "bias with the shortcut's", bias);
      int[] main = {last.outChannels(), last.outputHeight(), last.outputWidth()};
      int[] side = {last.outChannels(), SlidingWindow.outputSize(in[1], 1, s.skip.stride(), 0),
          SlidingWindow.outputSize(in[2], 1, s.skip.stride(), 0)};
      if (!Arrays.equals(main, side)) {
        throw new IllegalArgumentException(
            name + ": body gives " + Arrays.toString(main) + " but the shortcut gives " + Arrays.toString(side));
      }
      out.add(new TargetLayer(
          last.kind(), last.outChannels(), last.inChannels(), last.kernelHeight(), last.kernelWidth(), last.stride(),
          last.padding(), last.inputHeight(), last.inputWidth(), last.weights(), bias, b.after(), last.before(),
          s.skip));
      shape = b.outputShape(in);
    }

    private record Shortcut(TargetSkip skip, double[] bias) {}

    private static Shortcut shortcut(List<Layer> layers, String name, int source, int[] in, int outChannels) {
      double[] zero = new double[outChannels];
      if (layers.isEmpty()) {
        if (in[0] != outChannels) {
          throw new IllegalArgumentException(
              name + ": identity shortcut from " + in[0] + " to " + outChannels + " channels");
        }
        double[] ones = new double[outChannels];
        Arrays.fill(ones, 1.0);
        return new Shortcut(TargetSkip.diagonal(source, ones), zero);
      }
      if (layers.size() == 1 && layers.get(0) instanceof ChannelScale cs) {
        if (cs.channels() != outChannels || in[0] != outChannels) {
          throw new IllegalArgumentException(
              name + ": shortcut scale has " + cs.channels() + " channels, the block " + in[0] + " -> " + outChannels);
        }
        double[] scale = toDouble(name + " shortcut", "scale", cs.scale());
        return new Shortcut(TargetSkip.diagonal(source, scale), zero);
      }
      if (layers.get(0) instanceof Conv2d c
          && (layers.size() == 1 || (layers.size() == 2 && layers.get(1) instanceof BatchNorm2d))) {
        if (c.kernelHeight() != 1 || c.kernelWidth() != 1 || c.padding() != 0) {
          throw new IllegalArgumentException(
              name + ": shortcut convolution must be 1x1 without padding, got " + c.kernelHeight() + "x"
                  + c.kernelWidth() + " padding " + c.padding());
        }
        BatchNorm2d bn = layers.size() == 2 ? (BatchNorm2d) layers.get(1) : null;
        TargetLayer folded = conv(name + " shortcut", c, bn, Activation.of(ActivationKind.IDENTITY), in, null);
        return new Shortcut(new TargetSkip(source, c.inChannels(), c.stride(), folded.weights()), folded.bias());
      }
      throw new IllegalArgumentException(
          name + ": shortcut must be empty, a channel scale or a 1x1 convolution [+ batch-norm], got " + layers);
    }
  }

  private static TargetLayer conv(String name, Conv2d c, BatchNorm2d bn, Activation act, int[] in, MaxPool2d pool) {
    int o = c.outChannels();
    double[] w = toDouble(name, "weight", c.weight());
    double[] b = c.bias() == null ? new double[o] : toDouble(name, "bias", c.bias());
    if (bn != null) {
      int per = w.length / o;
      for (int j = 0; j < o; j++) {
        double s = bn.scale(j);
        for (int q = 0; q < per; q++) {
          w[j * per + q] *= s;
        }
        b[j] = b[j] * s + bn.shift(j);
      }
      checkFinite(name, "folded batch-norm", w);
      checkFinite(name, "folded batch-norm bias", b);
    }
    return new TargetLayer(
        TargetLayer.Kind.CONV, o, c.inChannels(), c.kernelHeight(), c.kernelWidth(), c.stride(), c.padding(),
        in[1], in[2], w, b, act, TargetLayer.Reshape.NONE, null, pool);
  }

  private static TargetLayer dense(
      String name, Linear l, Activation act, int h, int w, TargetLayer.Reshape before, MaxPool2d pool) {
    int positions = h * w;
    if (l.inFeatures() % positions != 0) {
      throw new IllegalArgumentException(
          name + ": " + l.inFeatures() + " input features are not channels x " + positions + " positions");
    }
    double[] b = l.bias() == null ? new double[l.outFeatures()] : toDouble(name, "bias", l.bias());
    return new TargetLayer(
        TargetLayer.Kind.DENSE, l.outFeatures(), l.inFeatures() / positions, 1, 1, 1, 0, h, w,
        toDouble(name, "weight", l.weight()), b, act, before, null, pool);
  }

  private static double[] toDouble(String name, String what, FloatTensor t) {
    double[] d = new double[t.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = t.get(i);
    }
    checkFinite(name, what, d);
    return d;
  }

  private static void checkFinite(String name, String what, double[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(
            name + " " + what + " has non-finite value " + values[i] + " at flat index " + i);
      }
    }
  }

  static String describe(List<TargetLayer> layers) {
    return Arrays.toString(layers.toArray());
  }
}
