package org.ltcheck.construct;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ltcheck.model.Activation;
import org.ltcheck.model.BatchNorm2d;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.Layer;
import org.ltcheck.model.Linear;
import org.ltcheck.model.Network;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.ActivationKind;

/** Turns a sequential CNN into the weight layers the constructions approximate. */
public final class TargetLayers {
  private TargetLayers() {}

  /**
   * Reads conv [batch-norm] [activation], flatten, linear [activation] sequences. Batch
   * normalisation in inference form is an affine map per channel and is folded into the
   * preceding convolution: w' = w·γ/√(var+eps), b' = (b − mean)·γ/√(var+eps) + β. The last
   * weight layer must not be followed by an activation (the network's output is linear).
   *
   * @throws IllegalArgumentException for layers the CNN constructions do not handle, or
   *     non-finite parameters, naming the layer
   */
  public static List<TargetLayer> of(Network network) {
    List<TargetLayer> out = new ArrayList<>();
    List<Layer> layers = network.layers();
    int[] shape = network.inputShape();
    boolean flattened = false;
    int flattenedH = 1;
    int flattenedW = 1;
    for (int k = 0; k < layers.size(); k++) {
      Layer layer = layers.get(k);
      if (layer instanceof Flatten) {
        if (shape.length == 3) {
          flattened = true;
          flattenedH = shape[1];
          flattenedW = shape[2];
        }
        shape = layer.outputShape(shape);
        continue;
      }
      if (!(layer instanceof Conv2d) && !(layer instanceof Linear)) {
        throw new IllegalArgumentException(
            "layer " + k + " (" + layer.getClass().getSimpleName() + ") is not a weight layer the CNN construction handles");
      }
      int next = k + 1;
      BatchNorm2d bn = null;
      if (next < layers.size() && layers.get(next) instanceof BatchNorm2d b) {
        bn = b;
        next++;
      }
      Activation act = Activation.of(ActivationKind.IDENTITY);
      if (next < layers.size() && layers.get(next) instanceof Activation a) {
        act = a;
        next++;
      }
      int[] in = shape;
      if (layer instanceof Conv2d c) {
        out.add(conv(k, c, bn, act, in));
      } else {
        Linear l = (Linear) layer;
        if (bn != null) {
          throw new IllegalArgumentException("layer " + k + ": batch-norm after a linear layer is not supported");
        }
        out.add(dense(k, l, act, flattened ? flattenedH : 1, flattened ? flattenedW : 1));
      }
      for (int m = k; m < next; m++) {
        shape = layers.get(m).outputShape(shape);
      }
      flattened = false;
      k = next - 1;
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("network has no weight layers");
    }
    if (out.get(out.size() - 1).activation().kind() != ActivationKind.IDENTITY) {
      throw new IllegalArgumentException("the last weight layer must be linear (no activation after it)");
    }
    return List.copyOf(out);
  }

  private static TargetLayer conv(int index, Conv2d c, BatchNorm2d bn, Activation act, int[] in) {
    int o = c.outChannels();
    int positions = c.kernelHeight() * c.kernelWidth();
    double[] w = toDouble(index, "weight", c.weight());
    double[] b = c.bias() == null ? new double[o] : toDouble(index, "bias", c.bias());
    if (bn != null) {
      int per = w.length / o;
      for (int j = 0; j < o; j++) {
        double s = bn.scale(j);
        for (int q = 0; q < per; q++) {
          w[j * per + q] *= s;
        }
        b[j] = b[j] * s + bn.shift(j);
      }
      checkFinite(index, "folded batch-norm", w);
      checkFinite(index, "folded batch-norm bias", b);
    }
    assert positions * c.inChannels() * o == w.length;
    return new TargetLayer(
        TargetLayer.Kind.CONV, o, c.inChannels(), c.kernelHeight(), c.kernelWidth(), c.stride(), c.padding(),
        in[1], in[2], w, b, act);
  }

  private static TargetLayer dense(int index, Linear l, Activation act, int h, int w) {
    int positions = h * w;
    if (l.inFeatures() % positions != 0) {
      throw new IllegalArgumentException(
          "layer " + index + ": " + l.inFeatures() + " input features are not channels x " + positions + " positions");
    }
    double[] b = l.bias() == null ? new double[l.outFeatures()] : toDouble(index, "bias", l.bias());
    return new TargetLayer(
        TargetLayer.Kind.DENSE, l.outFeatures(), l.inFeatures() / positions, 1, 1, 1, 0, h, w,
        toDouble(index, "weight", l.weight()), b, act);
  }

  private static double[] toDouble(int index, String what, FloatTensor t) {
    double[] d = new double[t.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = t.get(i);
    }
    checkFinite(index, what, d);
    return d;
  }

  private static void checkFinite(int index, String what, double[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(
            "layer " + index + " " + what + " has non-finite value " + values[i] + " at flat index " + i);
      }
    }
  }

  static String describe(List<TargetLayer> layers) {
    return Arrays.toString(layers.toArray());
  }
}
