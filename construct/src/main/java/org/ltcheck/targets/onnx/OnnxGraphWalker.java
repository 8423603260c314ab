package org.ltcheck.targets.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ltcheck.model.Activation;
import org.ltcheck.model.BatchNorm2d;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Layer;
import org.ltcheck.model.ResidualBlock;
import org.ltcheck.theory.ActivationKind;

/**
 * Walks an ONNX graph from its input to its output and turns it into ltcheck's sequential layers:
 * a value read by one node continues the chain ({@link OnnxOperators} maps the node); a value read
 * by two nodes is the fork of a residual block, whose two branches must meet again in one Add
 * (body + shortcut), optionally followed by an activation. The branch that is empty (identity)
 * or a 1x1 convolution with optional batch norm is the shortcut, as {@link ResidualBlock} has it;
 * when neither branch is, the shorter one is (the constructions then say what they cannot read).
 * Shape nodes do not count as readers: their values are folded by {@link ConstantFolder}.
 */
final class OnnxGraphWalker {
  private static final Set<String> ACTIVATIONS = Set.of("Relu", "LeakyRelu", "Tanh", "Sigmoid");

  private final OnnxGraph graph;
  private final ConstantFolder constants;
  private final OnnxOperators operators;
  /** Full ONNX shapes (batch first) of the data values placed so far, for Shape nodes. */
  private final Map<String, long[]> shapes = new HashMap<>();
  private final Set<OnnxNode> mapped = new HashSet<>();
  private final Map<Layer, String> names = new IdentityHashMap<>();

  /** The layers read, and the report name of each Conv and Linear among them. */
  record Walk(List<Layer> layers, Map<Layer, String> names) {}

  private record Chain(List<Layer> layers, String end, int[] shape) {}

  OnnxGraphWalker(OnnxGraph graph) {
    this.graph = graph;
    this.constants = new ConstantFolder(graph, shapes::get);
    this.operators = new OnnxOperators(graph, constants);
  }

  /** The layers from the graph's input, of per-sample shape {@code inputShape}, to its output. */
  Walk walk(int[] inputShape) throws OnnxFormatException {
    String input = graph.input().getName();
    place(input, inputShape);
    Chain c = chain(input, inputShape, null);
    if (!c.end.equals(graph.output())) {
      throw new OnnxFormatException(graph.file() + ": the chain from the input ends at '" + c.end
          + "', not at the graph's output '" + graph.output() + "'");
    }
    for (OnnxNode n : graph.nodes()) {
      if (!mapped.contains(n) && !constants.folded().contains(n) && !ConstantFolder.folds(n.op())) {
        throw new OnnxFormatException(graph.at(n) + " is not on the path from the input to the output"
            + (OnnxOperators.SUPPORTED.contains(n.op()) ? "" : " (and is not supported; supported: "
                + OnnxOperators.SUPPORTED + ")"));
      }
    }
    return new Walk(c.layers, names);
  }

  /** Follows {@code value} until the graph's output, or until it is read by {@code join}. */
  private Chain chain(String value, int[] shape, OnnxNode join) throws OnnxFormatException {
    List<Layer> layers = new ArrayList<>();
    while (true) {
      List<OnnxNode> readers = dataReaders(value);
      if (join != null && readers.contains(join)) {
        if (readers.size() != 1) {
          throw new OnnxFormatException(graph.file() + ": '" + value + "' inside the residual branch that "
              + join.describe() + " joins is read by " + readers.size() + " nodes; nested residual blocks are not"
              + " supported");
        }
        return new Chain(layers, value, shape);
      }
      if (readers.isEmpty() || value.equals(graph.output())) {
        if (!value.equals(graph.output()) || !readers.isEmpty()) {
          throw new OnnxFormatException(graph.file() + ": '" + value + "' "
              + (readers.isEmpty() ? "is read by no node and is not the graph's output" : "is the graph's output but"
                  + " also read by " + readers.get(0).describe()));
        }
        return new Chain(layers, value, shape);
      }
      if (readers.size() == 2) {
        Chain block = residual(value, shape, readers);
        layers.addAll(block.layers);
        value = block.end;
        shape = block.shape;
        continue;
      }
      if (readers.size() > 2) {
        throw new OnnxFormatException(graph.file() + ": '" + value + "' is read by " + readers.size() + " nodes ("
            + readers.stream().map(OnnxNode::describe).toList() + "); only a fork into two branches that an Add"
            + " joins (a residual block) is supported");
      }
      OnnxNode n = readers.get(0);
      if (n.op().equals("Add")) {
        throw strayAdd(n, value);
      }
      OnnxOperators.Mapped m = operators.map(n, shape);
      record(m);
      layers.addAll(m.layers());
      value = m.output();
      shape = m.shape();
    }
  }

  private void record(OnnxOperators.Mapped m) {
    mapped.addAll(m.nodes());
    if (m.weightName() != null) {
      names.put(m.layers().get(0), m.weightName());
    }
    place(m.output(), m.shape());
  }

  /** A residual block from the fork {@code value}: two branches, their Add, an optional activation after it. */
  private Chain residual(String value, int[] shape, List<OnnxNode> readers) throws OnnxFormatException {
    OnnxNode join = join(value, readers.get(0));
    OnnxNode other = join(value, readers.get(1));
    if (join != other) {
      throw new OnnxFormatException(graph.file() + ": '" + value + "' forks into two branches that " + join.describe()
          + " and " + other.describe() + " end in; a residual block's branches must meet in one Add");
    }
    List<Chain> branches = new ArrayList<>();
    for (OnnxNode first : readers) {
      branches.add(first == join ? new Chain(List.of(), value, shape) : branch(first, shape, join));
    }
    if (!Arrays.equals(branches.get(0).shape, branches.get(1).shape)) {
      throw new OnnxFormatException(graph.at(join) + " adds branches of shapes "
          + Arrays.toString(branches.get(0).shape) + " and " + Arrays.toString(branches.get(1).shape));
    }
    int s = shortcut(branches.get(0).layers) && (!shortcut(branches.get(1).layers)
        || branches.get(0).layers.size() <= branches.get(1).layers.size()) ? 0
        : shortcut(branches.get(1).layers) ? 1 : branches.get(0).layers.size() <= branches.get(1).layers.size() ? 0 : 1;
    Chain shortcut = branches.get(s);
    Chain body = branches.get(1 - s);
    for (Layer l : shortcut.layers) {
      names.remove(l); // a shortcut is folded into the body's last layer, which keeps its own name
    }
    mapped.add(join);
    int[] out = body.shape;
    String end = join.output();
    place(end, out);
    Activation after = Activation.of(ActivationKind.IDENTITY);
    List<OnnxNode> next = dataReaders(end);
    if (next.size() == 1 && ACTIVATIONS.contains(next.get(0).op()) && !end.equals(graph.output())) {
      OnnxOperators.Mapped a = operators.map(next.get(0), out);
      record(a);
      after = (Activation) a.layers().get(0);
      end = a.output();
    }
    if (body.layers.isEmpty()) {
      throw new OnnxFormatException(graph.at(join) + " adds two branches without layers");
    }
    return new Chain(List.of(new ResidualBlock(body.layers, shortcut.layers, after)), end, out);
  }

  /** The layers of a branch from its first node until {@code join} reads it. */
  private Chain branch(OnnxNode first, int[] shape, OnnxNode join) throws OnnxFormatException {
    OnnxOperators.Mapped m = operators.map(first, shape);
    record(m);
    Chain rest = chain(m.output(), m.shape(), join);
    List<Layer> layers = new ArrayList<>(m.layers());
    layers.addAll(rest.layers);
    return new Chain(layers, rest.end, rest.shape);
  }

  /** Whether {@code layers} is a shortcut the constructions read: identity, or 1x1 conv [+ batch norm]. */
  private static boolean shortcut(List<Layer> layers) {
    return layers.isEmpty() || (layers.get(0) instanceof Conv2d c && c.kernelHeight() == 1 && c.kernelWidth() == 1
        && (layers.size() == 1 || (layers.size() == 2 && layers.get(1) instanceof BatchNorm2d)));
  }

  /** The Add where the branch starting at {@code first} (a reader of the fork {@code value}) ends. */
  private OnnxNode join(String value, OnnxNode first) throws OnnxFormatException {
    OnnxNode n = first;
    for (int steps = 0; steps <= graph.nodes().size(); steps++) {
      if (isJoin(n)) {
        return n;
      }
      List<OnnxNode> readers = dataReaders(n.output());
      if (readers.size() != 1) {
        throw new OnnxFormatException(graph.at(n) + ", in a branch of the fork at '" + value + "', writes a value read"
            + " by " + readers.size() + " nodes; a residual branch must be a chain up to its Add (nested residual"
            + " blocks are not supported)");
      }
      n = readers.get(0);
    }
    throw new OnnxFormatException(graph.file() + ": the branch from " + first.describe() + " has a cycle");
  }

  /** An Add of two data values (not a bias Add after MatMul). */
  private boolean isJoin(OnnxNode n) throws OnnxFormatException {
    return n.op().equals("Add") && n.inputs().size() == 2 && constants.floats(n.inputs().get(0)).isEmpty()
        && constants.floats(n.inputs().get(1)).isEmpty();
  }

  private OnnxFormatException strayAdd(OnnxNode n, String value) throws OnnxFormatException {
    return isJoin(n)
        ? new OnnxFormatException(graph.at(n) + " adds '" + value + "' to a value that does not fork from a common"
            + " value with it; only residual blocks (body + shortcut from one fork) are supported")
        : new OnnxFormatException(graph.at(n) + " adds a constant to a value that no MatMul wrote; only a MatMul's"
            + " bias Add is supported");
  }

  /** The nodes that read {@code value}'s data (Shape nodes read only its shape). */
  private List<OnnxNode> dataReaders(String value) {
    return graph.consumers(value).stream().filter(n -> !n.op().equals("Shape")).distinct().toList();
  }

  private void place(String value, int[] shape) {
    long[] full = new long[shape.length + 1];
    full[0] = ConstantFolder.BATCH;
    for (int k = 0; k < shape.length; k++) {
      full[k + 1] = shape[k];
    }
    shapes.put(value, full);
  }
}
