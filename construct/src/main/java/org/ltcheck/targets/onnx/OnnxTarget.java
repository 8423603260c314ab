package org.ltcheck.targets.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.Layer;
import org.ltcheck.model.Linear;
import org.ltcheck.model.Network;
import org.ltcheck.model.ResidualBlock;
import org.ltcheck.targets.InputShape;
import org.ltcheck.targets.onnx.proto.OnnxProto.TensorProto;
import org.ltcheck.targets.onnx.proto.OnnxProto.TensorShapeProto;
import org.ltcheck.targets.onnx.proto.OnnxProto.TypeProto;

/**
 * An ONNX graph (opsets 11–17, as {@code torch.onnx.export} writes it) as a target network: the
 * graph and its initializers are read with the Java classes generated from ONNX's
 * {@code onnx.proto}, no runtime needed. The input is the graph's one data input, (N, C, H, W) or
 * (N, F) with a symbolic or fixed batch dimension N; the layers come from
 * {@link OnnxGraphWalker}, named for reports after their weight initializers ({@code conv1.weight}
 * → {@code conv1}). Every problem is one {@link OnnxFormatException} line naming the file and the node.
 */
public final class OnnxTarget {
  /** The first byte of a model protobuf: field 1 (ir_version), a varint. */
  private static final int MODEL_FIRST_BYTE = 0x08;

  private OnnxTarget() {}

  /**
   * A read graph.
   *
   * @param network the layers, with the graph's own activations
   * @param layerNames one per weight layer, in the order of {@code TargetLayers.of(network)}
   * @param input the per-sample input shape of the graph: (C, H, W), or (F) for a vector input
   */
  public record Imported(Network network, List<String> layerNames, int[] input) {
    public Imported {
      layerNames = List.copyOf(layerNames);
      input = input.clone();
    }

    @Override
    public int[] input() {
      return input.clone();
    }

    /** The same layers reading images of {@code image} shape, flattened first (for a graph that reads vectors). */
    public Imported flattening(InputShape image) {
      List<Layer> layers = new ArrayList<>();
      layers.add(new Flatten());
      layers.addAll(network.layers());
      return new Imported(new Network(image.toArray(), layers), layerNames, image.toArray());
    }
  }

  /**
   * Whether {@code file} is an ONNX model rather than a safetensors file: named {@code .onnx}, or
   * starting like a model protobuf where a safetensors file has its header length (whose 9th byte
   * opens the JSON header with '{'). A path that is not a regular file (a directory, a FIFO) is
   * not opened here: the safetensors reader names what it is.
   */
  public static boolean isOnnx(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    if (file.getFileName() != null && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx")) {
      return true;
    }
    byte[] head = new byte[9];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    }
    return n > 0 && head[0] == MODEL_FIRST_BYTE && !(n == head.length && head[8] == '{');
  }

  /** Reads the ONNX model {@code file}; {@code source} names it in messages. */
  public static Imported read(Path file, String source) throws IOException {
    return read(OnnxGraph.read(file, source));
  }

  static Imported read(OnnxGraph graph) throws OnnxFormatException {
    int[] input = inputShape(graph);
    OnnxGraphWalker.Walk walk = new OnnxGraphWalker(graph).walk(input);
    Network network;
    try {
      network = new Network(input, walk.layers());
    } catch (IllegalArgumentException e) {
      throw new OnnxFormatException(graph.file() + ": " + e.getMessage());
    }
    List<String> names = new ArrayList<>();
    weightNames(walk.layers(), walk.names(), names);
    return new Imported(network, names, input);
  }

  /** Names in the order the constructions read the weight layers: block bodies, not their shortcuts. */
  private static void weightNames(List<Layer> layers, Map<Layer, String> names, List<String> out) {
    for (Layer l : layers) {
      if (l instanceof Conv2d || l instanceof Linear) {
        out.add(names.getOrDefault(l, "layer" + out.size()));
      } else if (l instanceof ResidualBlock b) {
        weightNames(b.body(), names, out);
      }
    }
  }

  private static int[] inputShape(OnnxGraph graph) throws OnnxFormatException {
    String where = graph.file() + ": input '" + graph.input().getName() + "'";
    TypeProto type = graph.input().getType();
    if (!type.hasTensorType() || type.getTensorType().getElemType() != TensorProto.DataType.FLOAT_VALUE) {
      throw new OnnxFormatException(where + " is not a float32 tensor");
    }
    List<TensorShapeProto.Dimension> dims = type.getTensorType().getShape().getDimList();
    if (dims.size() != 4 && dims.size() != 2) {
      throw new OnnxFormatException(where + " has rank " + dims.size() + "; a target reads (N, C, H, W) images or"
          + " (N, F) vectors");
    }
    int[] shape = new int[dims.size() - 1];
    for (int k = 1; k < dims.size(); k++) {
      TensorShapeProto.Dimension d = dims.get(k);
      if (!d.hasDimValue() || d.getDimValue() < 1 || d.getDimValue() > Integer.MAX_VALUE) {
        throw new OnnxFormatException(where + " has dimension " + k + " "
            + (d.hasDimValue() ? d.getDimValue() : "'" + d.getDimParam() + "'")
            + "; only the batch dimension may be symbolic, the others must be fixed and positive");
      }
      shape[k - 1] = (int) d.getDimValue();
    }
    if (dims.get(0).hasDimValue() && dims.get(0).getDimValue() < 1) {
      throw new OnnxFormatException(where + " has batch dimension " + dims.get(0).getDimValue());
    }
    try {
      InputShape.requireWithinLimit(where, shape);
    } catch (IllegalArgumentException e) {
      throw new OnnxFormatException(e.getMessage());
    }
    return shape;
  }
}
