package org.ltcheck.targets.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.ltcheck.targets.onnx.proto.OnnxProto.GraphProto;
import org.ltcheck.targets.onnx.proto.OnnxProto.ModelProto;
import org.ltcheck.targets.onnx.proto.OnnxProto.NodeProto;
import org.ltcheck.targets.onnx.proto.OnnxProto.OperatorSetIdProto;
import org.ltcheck.targets.onnx.proto.OnnxProto.TensorProto;
import org.ltcheck.targets.onnx.proto.OnnxProto.ValueInfoProto;

/**
 * An ONNX model's graph, indexed: its nodes in file order, the initializers, who produces and
 * who consumes each value, the one data input and the one output. Reading checks that the file
 * is a model protobuf with a graph and an opset of the default domain in {@value #MIN_OPSET}–
 * {@value #MAX_OPSET}.
 */
final class OnnxGraph {
  static final int MIN_OPSET = 11;
  static final int MAX_OPSET = 17;

  private final String file;
  private final int opset;
  private final List<OnnxNode> nodes;
  private final Map<String, TensorProto> initializers;
  private final Map<String, OnnxNode> producers = new HashMap<>();
  private final Map<String, List<OnnxNode>> consumers = new HashMap<>();
  private final ValueInfoProto input;
  private final String output;

  private OnnxGraph(String file, ModelProto model) throws OnnxFormatException {
    this.file = file;
    if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
      throw new OnnxFormatException(file + ": not an ONNX model (no graph with nodes)");
    }
    this.opset = opset(file, model.getOpsetImportList());
    GraphProto g = model.getGraph();
    initializers = g.getInitializerList().stream()
        .collect(Collectors.toMap(TensorProto::getName, t -> t, (a, b) -> b, HashMap::new));
    List<OnnxNode> list = new ArrayList<>();
    for (NodeProto n : g.getNodeList()) {
      OnnxNode node = new OnnxNode(list.size(), n);
      list.add(node);
      if (n.getOutputCount() == 0) {
        throw new OnnxFormatException(file + ": " + node.describe() + " has no output");
      }
      for (String out : n.getOutputList()) {
        if (!out.isEmpty() && producers.putIfAbsent(out, node) != null) {
          throw new OnnxFormatException(file + ": " + node.describe() + " writes '" + out + "', which "
              + producers.get(out).describe() + " writes already");
        }
      }
      for (String in : n.getInputList()) {
        if (!in.isEmpty()) {
          consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(node);
        }
      }
    }
    nodes = List.copyOf(list);
    // IR version 3 lists the initializers among the inputs too; the data input is the other one.
    List<ValueInfoProto> inputs = g.getInputList().stream().filter(v -> !initializers.containsKey(v.getName())).toList();
    if (inputs.size() != 1) {
      throw new OnnxFormatException(file + ": the graph has " + inputs.size() + " data inputs "
          + inputs.stream().map(ValueInfoProto::getName).toList() + "; a target reads exactly one");
    }
    input = inputs.get(0);
    if (g.getOutputCount() != 1) {
      throw new OnnxFormatException(file + ": the graph has " + g.getOutputCount() + " outputs "
          + g.getOutputList().stream().map(ValueInfoProto::getName).toList() + "; a target has exactly one");
    }
    output = g.getOutput(0).getName();
  }

  /** Reads {@code path}; {@code source} names it in messages. */
  static OnnxGraph read(Path path, String source) throws IOException {
    ModelProto model;
    try (InputStream in = Files.newInputStream(path)) {
      model = ModelProto.parseFrom(in);
    } catch (InvalidProtocolBufferException e) {
      throw new OnnxFormatException(source + ": not a readable ONNX model (truncated or not protobuf: "
          + e.getMessage() + ")");
    }
    return new OnnxGraph(source, model);
  }

  /** Parses an in-memory model, for tests. */
  static OnnxGraph of(ModelProto model, String source) throws OnnxFormatException {
    return new OnnxGraph(source, model);
  }

  private static int opset(String file, List<OperatorSetIdProto> imports) throws OnnxFormatException {
    Optional<OperatorSetIdProto> main = imports.stream()
        .filter(o -> o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")).findFirst();
    if (main.isEmpty()) {
      throw new OnnxFormatException(file + ": the model imports no opset of the default ONNX domain");
    }
    long v = main.get().getVersion();
    if (v < MIN_OPSET || v > MAX_OPSET) {
      throw new OnnxFormatException(file + ": opset " + v + " is not supported; ltcheck reads opsets " + MIN_OPSET
          + " to " + MAX_OPSET + " (torch.onnx.export(..., opset_version=17) writes one)");
    }
    return (int) v;
  }

  String file() {
    return file;
  }

  int opset() {
    return opset;
  }

  List<OnnxNode> nodes() {
    return nodes;
  }

  ValueInfoProto input() {
    return input;
  }

  String output() {
    return output;
  }

  Optional<TensorProto> initializer(String name) {
    return Optional.ofNullable(initializers.get(name));
  }

  Optional<OnnxNode> producer(String value) {
    return Optional.ofNullable(producers.get(value));
  }

  /** The nodes that read {@code value}, in file order. */
  List<OnnxNode> consumers(String value) {
    return consumers.getOrDefault(value, List.of());
  }

  /** Names of the values no node writes: the input and the initializers. */
  Set<String> sources() {
    Set<String> s = new java.util.HashSet<>(initializers.keySet());
    s.add(input.getName());
    return s;
  }

  /** "file: node 7 'x' (Op)", the start of every message about a node. */
  String at(OnnxNode node) {
    return file + ": " + node.describe();
  }
}
