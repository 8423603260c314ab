package org.ltcheck.targets.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.ltcheck.targets.onnx.proto.OnnxProto.AttributeProto;
import org.ltcheck.targets.onnx.proto.OnnxProto.TensorProto;
import org.ltcheck.tensor.FloatTensor;

/**
 * Evaluates the values of a graph that do not depend on the input's data: initializers,
 * Constant nodes, and the shape arithmetic {@code torch.onnx.export} writes for
 * {@code x.view(x.size(0), -1)} (Shape, Gather, Unsqueeze, Squeeze, Concat, Cast, Identity). The
 * batch size is not known in a graph with a symbolic batch dimension, so an integer value may
 * hold {@link #BATCH}, which only a Reshape's shape can use.
 */
final class ConstantFolder {
  /** An integer entry that is the batch size (the input's first dimension). */
  static final long BATCH = Long.MIN_VALUE;

  private static final Set<String> FOLDED_OPS =
      Set.of("Constant", "Shape", "Gather", "Unsqueeze", "Squeeze", "Concat", "Cast", "Identity");

  private final OnnxGraph graph;
  /** The full ONNX shape (batch first, as {@link #BATCH}) of a value the walk has placed. */
  private final Function<String, long[]> dataShape;
  private final Map<String, long[]> ints = new HashMap<>();
  private final Map<String, FloatTensor> floats = new HashMap<>();
  private final Set<OnnxNode> folded = new HashSet<>();

  ConstantFolder(OnnxGraph graph, Function<String, long[]> dataShape) {
    this.graph = graph;
    this.dataShape = dataShape;
  }

  /** The nodes evaluated so far. */
  Set<OnnxNode> folded() {
    return Set.copyOf(folded);
  }

  /** Whether {@code op} is one this folder evaluates (when its inputs are constant). */
  static boolean folds(String op) {
    return FOLDED_OPS.contains(op);
  }

  /** The float value of {@code value}, or empty when it is not a float constant. */
  Optional<FloatTensor> floats(String value) throws OnnxFormatException {
    evaluate(value);
    return Optional.ofNullable(floats.get(value));
  }

  /** The integer value of {@code value}, flattened, or empty when it is not an integer constant. */
  Optional<long[]> ints(String value) throws OnnxFormatException {
    evaluate(value);
    return Optional.ofNullable(ints.get(value)).map(long[]::clone);
  }

  /** A float constant that {@code node} needs as its input {@code k}, or a message naming both. */
  FloatTensor requireFloats(OnnxNode node, int k, String what) throws OnnxFormatException {
    String name = node.input(k).orElseThrow(() -> new OnnxFormatException(
        graph.at(node) + " has no " + what + " (input " + k + ")"));
    return floats(name).orElseThrow(() -> new OnnxFormatException(graph.at(node) + ": its " + what + " '" + name
        + "' is not a constant float tensor (an initializer or a Constant); ltcheck reads fixed weights only"));
  }

  private void evaluate(String value) throws OnnxFormatException {
    if (ints.containsKey(value) || floats.containsKey(value)) {
      return;
    }
    Optional<TensorProto> init = graph.initializer(value);
    if (init.isPresent()) {
      store(value, "initializer '" + value + "'", init.get());
      return;
    }
    Optional<OnnxNode> producer = graph.producer(value);
    if (producer.isEmpty() || !folds(producer.get().op())) {
      return;
    }
    OnnxNode n = producer.get();
    String where = graph.at(n);
    switch (n.op()) {
      case "Constant" -> constant(n, where);
      case "Shape" -> {
        long[] shape = dataShape.apply(n.inputs().get(0));
        if (shape == null) {
          return;
        }
        int rank = shape.length;
        int start = clamp(n.intAttribute("start", 0), rank);
        int end = clamp(n.intAttribute("end", rank), rank);
        ints.put(value, java.util.Arrays.copyOfRange(shape, start, Math.max(start, end)));
      }
      case "Gather" -> {
        Optional<long[]> data = ints(n.inputs().get(0));
        Optional<long[]> idx = ints(n.inputs().get(1));
        if (data.isEmpty() || idx.isEmpty()) {
          return;
        }
        if (n.intAttribute("axis", 0) != 0) {
          throw new OnnxFormatException(where + " gathers along axis " + n.intAttribute("axis", 0)
              + " of a shape; only axis 0 is folded");
        }
        long[] out = new long[idx.get().length];
        for (int i = 0; i < out.length; i++) {
          out[i] = data.get()[axis(idx.get()[i], data.get().length, where)];
        }
        ints.put(value, out);
      }
      case "Concat" -> {
        List<long[]> parts = new ArrayList<>();
        for (String in : n.inputs()) {
          Optional<long[]> p = ints(in);
          if (p.isEmpty()) {
            return;
          }
          parts.add(p.get());
        }
        ints.put(value, parts.stream().flatMapToLong(java.util.Arrays::stream).toArray());
      }
      default -> {
        // Unsqueeze, Squeeze, Cast and Identity keep the values of their first input (axes only change the rank).
        String in = n.inputs().get(0);
        Optional<long[]> i = ints(in);
        if (i.isPresent()) {
          ints.put(value, i.get());
        } else if (n.op().equals("Identity") && floats(in).isPresent()) {
          floats.put(value, floats.get(in));
        } else {
          return;
        }
      }
    }
    folded.add(n);
  }

  private void constant(OnnxNode n, String where) throws OnnxFormatException {
    AttributeProto a = n.proto().getAttributeCount() == 1 ? n.proto().getAttribute(0) : null;
    if (a == null) {
      throw new OnnxFormatException(where + " has " + n.proto().getAttributeCount() + " attributes, expected one value");
    }
    switch (a.getName()) {
      case "value" -> store(n.output(), where + "'s value", a.getT());
      case "value_int" -> ints.put(n.output(), new long[] {a.getI()});
      case "value_ints" -> ints.put(n.output(), a.getIntsList().stream().mapToLong(Long::longValue).toArray());
      case "value_float" -> floats.put(n.output(), FloatTensor.of(new float[] {a.getF()}));
      case "value_floats" -> {
        float[] f = new float[a.getFloatsCount()];
        for (int i = 0; i < f.length; i++) {
          f[i] = a.getFloats(i);
        }
        floats.put(n.output(), FloatTensor.of(f, f.length));
      }
      default -> throw new OnnxFormatException(where + " has a '" + a.getName() + "' value, which is not supported");
    }
  }

  private void store(String value, String where, TensorProto t) throws OnnxFormatException {
    if (OnnxTensors.isInteger(t)) {
      ints.put(value, OnnxTensors.ints(where, t));
    } else {
      floats.put(value, OnnxTensors.floats(where, t));
    }
  }

  /** Shape's start or end (opset 15): negative counts from the end, then clamped to [0, rank]. */
  private static int clamp(long a, int rank) {
    return (int) Math.max(0, Math.min(rank, a < 0 ? a + rank : a));
  }

  /** An axis or index in [-size, size), as ONNX allows, made non-negative. */
  private static int axis(long a, int size, String where) throws OnnxFormatException {
    long k = a < 0 ? a + size : a;
    if (k < 0 || k >= size) {
      throw new OnnxFormatException(where + ": index " + a + " is outside a dimension of size " + size);
    }
    return (int) k;
  }
}
