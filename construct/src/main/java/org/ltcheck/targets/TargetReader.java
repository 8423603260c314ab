package org.ltcheck.targets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.ltcheck.io.safetensors.SafetensorsFile;
import org.ltcheck.io.safetensors.SafetensorsFormatException;
import org.ltcheck.io.safetensors.TensorInfo;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.Layer;
import org.ltcheck.model.Linear;
import org.ltcheck.model.Network;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.ActivationKind;

/**
 * Builds a sequential CNN from a safetensors file alone: each {@code X.weight} is a layer
 * (rank 4: Conv2d, stride 1, padding k/2; rank 2: Linear, preceded by Flatten when the input is
 * still an image), {@code X.bias} its optional bias, an activation after every layer but the
 * last. Layers are taken in the order of their weights in the data section, which is the order
 * in which ltcheck's writer stored them; shape mismatches between consecutive layers are
 * reported with the tensor's name rather than guessed around.
 */
public final class TargetReader {
  private TargetReader() {}

  public static Network load(Path file, int[] inputShape, ActivationKind activation) throws IOException {
    return load(SafetensorsFile.read(file), inputShape, Activation.of(activation));
  }

  public static Network load(SafetensorsFile f, int[] inputShape, Activation activation)
      throws SafetensorsFormatException {
    List<TensorInfo> weights = new ArrayList<>();
    for (TensorInfo t : f.header().tensors().values()) {
      if (t.name().endsWith(".weight")) {
        weights.add(t);
      } else if (!t.name().endsWith(".bias") || !f.contains(prefix(t.name(), ".bias") + ".weight")) {
        throw new SafetensorsFormatException(f.path() + ": tensor '" + t.name()
            + "' is neither a layer weight (X.weight) nor the bias of one (X.bias)");
      }
    }
    if (weights.isEmpty()) {
      throw new SafetensorsFormatException(f.path() + ": no X.weight tensors, nothing to build a network from");
    }
    weights.sort(Comparator.comparingLong(TensorInfo::begin));
    List<Layer> layers = new ArrayList<>();
    int[] shape = inputShape.clone();
    for (int i = 0; i < weights.size(); i++) {
      TensorInfo w = weights.get(i);
      String name = w.name();
      String layer = prefix(name, ".weight");
      int[] ws = w.shape();
      if (ws.length == 4) {
        if (shape.length != 3 || shape[0] != ws[1]) {
          throw new SafetensorsFormatException(f.path() + ": conv tensor '" + name + "' of shape "
              + Arrays.toString(ws) + " expects " + ws[1] + " input channels but its input has shape "
              + Arrays.toString(shape));
        }
        if (ws[2] != ws[3] || ws[2] % 2 == 0) {
          throw new SafetensorsFormatException(f.path() + ": conv tensor '" + name + "' has kernel "
              + ws[2] + "x" + ws[3] + "; only square odd kernels keep the size with padding k/2");
        }
        Conv2d conv = new Conv2d(TargetTensors.require(f, name, ws), bias(f, layer, ws[0]), 1, ws[2] / 2);
        layers.add(conv);
        shape = conv.outputShape(shape);
      } else if (ws.length == 2) {
        if (shape.length != 1) {
          layers.add(new Flatten());
          shape = new int[] {Math.toIntExact(FloatTensor.numelOf(shape))};
        }
        if (shape[0] != ws[1]) {
          throw new SafetensorsFormatException(f.path() + ": linear tensor '" + name + "' of shape "
              + Arrays.toString(ws) + " expects " + ws[1] + " inputs but gets " + shape[0]);
        }
        layers.add(new Linear(TargetTensors.require(f, name, ws), bias(f, layer, ws[0])));
        shape = new int[] {ws[0]};
      } else {
        throw new SafetensorsFormatException(f.path() + ": tensor '" + name + "' has rank " + ws.length
            + " (shape " + Arrays.toString(ws) + "); expected 4 (conv) or 2 (linear)");
      }
      if (i < weights.size() - 1) {
        layers.add(activation);
      }
    }
    return new Network(inputShape, layers);
  }

  private static FloatTensor bias(SafetensorsFile f, String layer, int out) throws SafetensorsFormatException {
    String name = layer + ".bias";
    return f.contains(name) ? TargetTensors.require(f, name, out) : null;
  }

  private static String prefix(String name, String suffix) {
    return name.substring(0, name.length() - suffix.length());
  }
}
