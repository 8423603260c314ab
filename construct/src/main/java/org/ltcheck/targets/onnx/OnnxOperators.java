package org.ltcheck.targets.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ltcheck.model.Activation;
import org.ltcheck.model.AvgPool2d;
import org.ltcheck.model.BatchNorm2d;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.GlobalAvgPool;
import org.ltcheck.model.Layer;
import org.ltcheck.model.Linear;
import org.ltcheck.model.MaxPool2d;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.ActivationKind;

/**
 * Maps one ONNX node that reads the data (not a residual Add, see {@link OnnxGraphWalker}) onto
 * ltcheck's layers. Shapes are per sample, without the batch dimension, as ONNX sees them (a
 * GlobalAveragePool writes (C,1,1), which ltcheck's {@link GlobalAvgPool} holds as (C)). Every
 * rejection names the node and what it would have needed.
 */
final class OnnxOperators {
  /** The operators that read the data, for the message about any other. */
  static final String SUPPORTED = "Conv, Gemm, MatMul (+Add), Add (residual), Relu, LeakyRelu, Tanh, Sigmoid,"
      + " BatchNormalization, AveragePool, GlobalAveragePool, MaxPool, Flatten, Reshape (to a vector), Identity,"
      + " Dropout, Pad (of zeros), and the shape arithmetic of x.view(N, -1) (Shape, Gather, Unsqueeze, Squeeze,"
      + " Concat, Cast, Constant)";

  private final OnnxGraph graph;
  private final ConstantFolder constants;

  OnnxOperators(OnnxGraph graph, ConstantFolder constants) {
    this.graph = graph;
    this.constants = constants;
  }

  /**
   * What one node (or MatMul and its bias Add) becomes.
   *
   * @param layers ltcheck's layers for it; empty for Identity, Dropout and an empty Pad
   * @param weightName the name reports give a Conv or Linear: its weight initializer without {@code .weight}
   * @param shape the ONNX per-sample shape it writes
   * @param output the value it writes
   * @param nodes the nodes it consumed
   */
  record Mapped(List<Layer> layers, String weightName, int[] shape, String output, List<OnnxNode> nodes) {}

  /** Maps {@code n}, which reads a value of per-sample shape {@code in}. */
  Mapped map(OnnxNode n, int[] in) throws OnnxFormatException {
    if (!n.proto().getDomain().isEmpty() && !n.proto().getDomain().equals("ai.onnx")) {
      throw unsupported(n);
    }
    return switch (n.op()) {
      case "Conv" -> conv(n, in);
      case "Gemm" -> gemm(n, in);
      case "MatMul" -> matMul(n, in);
      case "Relu" -> same(n, in, Activation.relu());
      case "LeakyRelu" -> same(n, in, new Activation(ActivationKind.LEAKY_RELU, n.floatAttribute("alpha", 0.01f)));
      case "Tanh" -> same(n, in, Activation.of(ActivationKind.TANH));
      case "Sigmoid" -> same(n, in, Activation.of(ActivationKind.SIGMOID));
      case "BatchNormalization" -> batchNorm(n, in);
      case "AveragePool" -> averagePool(n, in);
      case "MaxPool" -> maxPool(n, in);
      case "GlobalAveragePool" -> {
        requireMap(n, in);
        yield new Mapped(List.of(new GlobalAvgPool()), null, new int[] {in[0], 1, 1}, n.output(), List.of(n));
      }
      case "Flatten" -> {
        long axis = n.intAttribute("axis", 1);
        if (axis != 1 && axis != -in.length) {
          throw new OnnxFormatException(graph.at(n) + " flattens from axis " + axis
              + "; only axis 1 (each sample to a vector) is supported");
        }
        yield flatten(n, in);
      }
      case "Reshape" -> reshape(n, in);
      case "Identity" -> pass(n, in);
      case "Dropout" -> {
        requireOnlyFirstOutput(n);
        yield pass(n, in);
      }
      case "Pad" -> pad(n, in);
      default -> throw unsupported(n);
    };
  }

  OnnxFormatException unsupported(OnnxNode n) {
    String domain = n.proto().getDomain().isEmpty() ? "" : " of domain '" + n.proto().getDomain() + "'";
    return new OnnxFormatException(graph.at(n) + domain + " is not supported; supported: " + SUPPORTED);
  }

  private Mapped conv(OnnxNode n, int[] in) throws OnnxFormatException {
    requireMap(n, in);
    requireAll(n, "group", List.of(n.intAttribute("group", 1)), 1, "groups (grouped or depthwise convolutions)");
    FloatTensor w = constants.requireFloats(n, 1, "weight");
    if (w.rank() != 4 || w.dim(1) != in[0]) {
      throw new OnnxFormatException(graph.at(n) + ": weight " + w + " does not read the " + in[0]
          + " channels of its (C,H,W) input " + java.util.Arrays.toString(in));
    }
    requireAll(n, "dilations", n.intsAttribute("dilations").orElse(List.of(1L, 1L)), 1, "dilations");
    requireKernel(n, w.dim(2), w.dim(3));
    int stride = squareStride(n);
    int padding = padding(n, in, w.dim(2), w.dim(3), stride);
    FloatTensor b = n.input(2).isPresent() ? constants.requireFloats(n, 2, "bias") : null;
    Conv2d c;
    try {
      c = new Conv2d(w, b, stride, padding);
      return new Mapped(List.of(c), weightName(n), c.outputShape(in), n.output(), List.of(n));
    } catch (IllegalArgumentException e) {
      throw new OnnxFormatException(graph.at(n) + ": " + e.getMessage());
    }
  }

  private Mapped gemm(OnnxNode n, int[] in) throws OnnxFormatException {
    requireVector(n, in);
    if (n.intAttribute("transA", 0) != 0) {
      throw new OnnxFormatException(graph.at(n) + " has transA=1, which would mix the samples of a batch");
    }
    FloatTensor b = constants.requireFloats(n, 1, "weight");
    if (b.rank() != 2) {
      throw new OnnxFormatException(graph.at(n) + ": weight " + b + " is not a matrix");
    }
    FloatTensor w = n.intAttribute("transB", 0) != 0 ? b : transpose(b);
    w = scaled(w, n.floatAttribute("alpha", 1f));
    FloatTensor bias = null;
    if (n.input(2).isPresent()) {
      bias = scaled(broadcastBias(n, constants.requireFloats(n, 2, "bias C"), w.dim(0)), n.floatAttribute("beta", 1f));
    }
    return linear(n, in, w, bias, weightName(n), List.of(n), n.output());
  }

  /** MatMul with a weight matrix, and the Add of a constant bias that follows it, if one does. */
  private Mapped matMul(OnnxNode n, int[] in) throws OnnxFormatException {
    requireVector(n, in);
    FloatTensor b = constants.requireFloats(n, 1, "weight");
    if (b.rank() != 2) {
      throw new OnnxFormatException(graph.at(n) + ": weight " + b + " is not a matrix");
    }
    FloatTensor w = transpose(b);
    List<OnnxNode> readers = graph.consumers(n.output());
    if (readers.size() == 1 && readers.get(0).op().equals("Add")) {
      OnnxNode add = readers.get(0);
      String other = add.inputs().get(0).equals(n.output()) ? add.inputs().get(1) : add.inputs().get(0);
      Optional<FloatTensor> bias = constants.floats(other);
      if (bias.isPresent()) {
        return linear(n, in, w, broadcastBias(add, bias.get(), w.dim(0)), weightName(n), List.of(n, add), add.output());
      }
    }
    return linear(n, in, w, null, weightName(n), List.of(n), n.output());
  }

  private Mapped linear(OnnxNode n, int[] in, FloatTensor w, FloatTensor bias, String name, List<OnnxNode> nodes,
      String output) throws OnnxFormatException {
    if (w.dim(1) != in[0]) {
      throw new OnnxFormatException(graph.at(n) + ": weight reads " + w.dim(1) + " features but its input has "
          + in[0]);
    }
    return new Mapped(List.of(new Linear(w, bias)), name, new int[] {w.dim(0)}, output, nodes);
  }

  private Mapped batchNorm(OnnxNode n, int[] in) throws OnnxFormatException {
    requireMap(n, in);
    if (n.intAttribute("training_mode", 0) != 0) {
      throw new OnnxFormatException(graph.at(n) + " is in training mode; export the model in eval mode");
    }
    requireOnlyFirstOutput(n);
    String[] parts = {"scale", "bias", "mean", "variance"};
    FloatTensor[] t = new FloatTensor[4];
    for (int k = 0; k < 4; k++) {
      t[k] = constants.requireFloats(n, k + 1, parts[k]);
      if (t[k].size() != in[0]) {
        throw new OnnxFormatException(graph.at(n) + ": " + parts[k] + " " + t[k] + " does not have the " + in[0]
            + " channels of its input");
      }
      t[k] = t[k].reshape(in[0]);
    }
    try {
      return new Mapped(List.of(new BatchNorm2d(t[0], t[1], t[2], t[3], n.floatAttribute("epsilon", 1e-5f))),
          null, in, n.output(), List.of(n));
    } catch (IllegalArgumentException e) {
      throw new OnnxFormatException(graph.at(n) + ": " + e.getMessage());
    }
  }

  private Mapped averagePool(OnnxNode n, int[] in) throws OnnxFormatException {
    Window w = window(n, in);
    if (w.padding != 0) {
      throw new OnnxFormatException(graph.at(n) + " pads by " + w.padding + "; only average pooling without padding"
          + " is supported");
    }
    AvgPool2d p = new AvgPool2d(w.kernel, w.stride);
    return shaped(n, in, p);
  }

  private Mapped maxPool(OnnxNode n, int[] in) throws OnnxFormatException {
    Window w = window(n, in);
    requireAll(n, "dilations", n.intsAttribute("dilations").orElse(List.of(1L, 1L)), 1, "dilations");
    requireOnlyFirstOutput(n);
    try {
      return shaped(n, in, new MaxPool2d(w.kernel, w.stride, w.padding));
    } catch (IllegalArgumentException e) {
      throw new OnnxFormatException(graph.at(n) + ": " + e.getMessage());
    }
  }

  private record Window(int kernel, int stride, int padding) {}

  /** A pooling window: square kernel and stride, symmetric padding; ceil_mode only where it changes nothing. */
  private Window window(OnnxNode n, int[] in) throws OnnxFormatException {
    requireMap(n, in);
    List<Long> k = n.intsAttribute("kernel_shape").orElseThrow(() -> new OnnxFormatException(
        graph.at(n) + " has no kernel_shape"));
    if (k.size() != 2 || !k.get(0).equals(k.get(1))) {
      throw new OnnxFormatException(graph.at(n) + " has kernel " + k + "; only square 2-D windows are supported");
    }
    int kernel = Math.toIntExact(k.get(0));
    int stride = squareStride(n);
    int padding = padding(n, in, kernel, kernel, stride);
    if (n.intAttribute("ceil_mode", 0) != 0) {
      for (int d = 1; d <= 2; d++) {
        if ((in[d] + 2 * padding - kernel) % stride != 0) {
          throw new OnnxFormatException(graph.at(n) + " has ceil_mode=1, which adds a partial window on an input of "
              + in[d] + "; only floor mode is supported");
        }
      }
    }
    return new Window(kernel, stride, padding);
  }

  private Mapped reshape(OnnxNode n, int[] in) throws OnnxFormatException {
    String shapeName = n.input(1).orElseThrow(() -> new OnnxFormatException(graph.at(n) + " has no shape input"));
    long[] target = constants.ints(shapeName).orElseThrow(() -> new OnnxFormatException(graph.at(n)
        + ": its shape '" + shapeName + "' does not fold to a constant"));
    long features = org.ltcheck.tensor.FloatTensor.numelOf(in);
    boolean batchFirst = target.length == 2 && (target[0] == ConstantFolder.BATCH || target[0] == batch()
        || (target[0] == 0 && n.intAttribute("allowzero", 0) == 0) || (target[0] == -1 && target[1] == features));
    if (!batchFirst || (target[1] != -1 && target[1] != features)) {
      throw new OnnxFormatException(graph.at(n) + " reshapes a " + describe(in) + " input to "
          + describe(target) + "; only flattening each sample to a vector (N, " + features + ") is supported");
    }
    return flatten(n, in);
  }

  private Mapped pad(OnnxNode n, int[] in) throws OnnxFormatException {
    String mode = n.stringAttribute("mode", "constant");
    Optional<long[]> pads = n.input(1).isPresent() ? constants.ints(n.input(1).get()) : n.intsAttribute("pads")
        .map(p -> p.stream().mapToLong(Long::longValue).toArray());
    if (!mode.equals("constant") || pads.isEmpty() || java.util.Arrays.stream(pads.get()).anyMatch(p -> p != 0)) {
      throw new OnnxFormatException(graph.at(n) + " pads by " + pads.map(this::describe).orElse("a non-constant amount")
          + " in mode " + mode + "; only a Pad of zero width (as torch exports before AveragePool) is supported;"
          + " pad in the Conv or MaxPool instead");
    }
    return pass(n, in);
  }

  private Mapped flatten(OnnxNode n, int[] in) {
    int features = Math.toIntExact(FloatTensor.numelOf(in));
    List<Layer> layers = in.length == 1 ? List.of() : List.of(new Flatten());
    return new Mapped(layers, null, new int[] {features}, n.output(), List.of(n));
  }

  private Mapped same(OnnxNode n, int[] in, Layer layer) {
    return new Mapped(List.of(layer), null, in, n.output(), List.of(n));
  }

  private Mapped pass(OnnxNode n, int[] in) {
    return new Mapped(List.of(), null, in, n.output(), List.of(n));
  }

  private Mapped shaped(OnnxNode n, int[] in, Layer layer) throws OnnxFormatException {
    try {
      return new Mapped(List.of(layer), null, layer.outputShape(in), n.output(), List.of(n));
    } catch (IllegalArgumentException e) {
      throw new OnnxFormatException(graph.at(n) + ": " + e.getMessage());
    }
  }

  /** The static batch size of the input, or {@link ConstantFolder#BATCH} for a symbolic one. */
  private long batch() {
    var dims = graph.input().getType().getTensorType().getShape().getDimList();
    return !dims.isEmpty() && dims.get(0).hasDimValue() ? dims.get(0).getDimValue() : ConstantFolder.BATCH;
  }

  private int squareStride(OnnxNode n) throws OnnxFormatException {
    List<Long> s = n.intsAttribute("strides").orElse(List.of(1L, 1L));
    if (s.size() != 2 || !s.get(0).equals(s.get(1)) || s.get(0) < 1) {
      throw new OnnxFormatException(graph.at(n) + " has strides " + s + "; only equal strides along both axes are"
          + " supported");
    }
    return Math.toIntExact(s.get(0));
  }

  /** One padding for all four sides, from {@code pads} or {@code auto_pad}. */
  private int padding(OnnxNode n, int[] in, int kh, int kw, int stride) throws OnnxFormatException {
    String auto = n.stringAttribute("auto_pad", "NOTSET");
    List<Long> pads;
    switch (auto) {
      case "NOTSET" -> pads = n.intsAttribute("pads").orElse(List.of(0L, 0L, 0L, 0L));
      case "VALID" -> pads = List.of(0L, 0L, 0L, 0L);
      case "SAME_UPPER", "SAME_LOWER" -> {
        long th = Math.max(0, ((in[1] + stride - 1L) / stride - 1) * stride + kh - in[1]);
        long tw = Math.max(0, ((in[2] + stride - 1L) / stride - 1) * stride + kw - in[2]);
        long lower = auto.equals("SAME_LOWER") ? 1 : 0;
        pads = List.of((th + lower) / 2, (tw + lower) / 2, th - (th + lower) / 2, tw - (tw + lower) / 2);
      }
      default -> throw new OnnxFormatException(graph.at(n) + " has auto_pad '" + auto + "'");
    }
    if (pads.size() != 4 || pads.stream().distinct().count() != 1) {
      throw new OnnxFormatException(graph.at(n) + " pads by " + pads + " (begin h, w, end h, w"
          + (auto.equals("NOTSET") ? "" : ", from auto_pad " + auto) + "); only the same padding on all four"
          + " sides is supported");
    }
    return Math.toIntExact(pads.get(0));
  }

  private void requireKernel(OnnxNode n, int kh, int kw) throws OnnxFormatException {
    Optional<List<Long>> k = n.intsAttribute("kernel_shape");
    if (k.isPresent() && !k.get().equals(List.of((long) kh, (long) kw))) {
      throw new OnnxFormatException(graph.at(n) + " has kernel_shape " + k.get() + " but a " + kh + "x" + kw
          + " weight");
    }
  }

  private void requireAll(OnnxNode n, String attribute, List<Long> values, long expected, String what)
      throws OnnxFormatException {
    if (values.stream().anyMatch(v -> v != expected)) {
      throw new OnnxFormatException(graph.at(n) + " has " + attribute + " " + values + "; only " + expected
          + " is supported for " + what);
    }
  }

  private void requireOnlyFirstOutput(OnnxNode n) throws OnnxFormatException {
    for (int k = 1; k < n.proto().getOutputCount(); k++) {
      String out = n.proto().getOutput(k);
      if (!out.isEmpty() && (!graph.consumers(out).isEmpty() || out.equals(graph.output()))) {
        throw new OnnxFormatException(graph.at(n) + ": its output " + k + " '" + out + "' is read; only the first"
            + " output of an inference-mode " + n.op() + " is supported");
      }
    }
  }

  private void requireMap(OnnxNode n, int[] in) throws OnnxFormatException {
    if (in.length != 3) {
      throw new OnnxFormatException(graph.at(n) + " reads a " + describe(in) + " input; it needs (C,H,W) maps");
    }
  }

  private void requireVector(OnnxNode n, int[] in) throws OnnxFormatException {
    if (in.length != 1) {
      throw new OnnxFormatException(graph.at(n) + " reads a " + describe(in) + " input; it needs vectors (flatten"
          + " the maps first)");
    }
  }

  private FloatTensor broadcastBias(OnnxNode n, FloatTensor c, int out) throws OnnxFormatException {
    if (c.size() == out && (c.rank() <= 1 || (c.rank() == 2 && c.dim(0) == 1))) {
      return c.reshape(out);
    }
    if (c.size() == 1) {
      float[] v = new float[out];
      java.util.Arrays.fill(v, c.get(0));
      return FloatTensor.wrap(v, out);
    }
    throw new OnnxFormatException(graph.at(n) + ": bias " + c + " does not broadcast to " + out + " outputs per sample");
  }

  private static FloatTensor transpose(FloatTensor b) {
    int rows = b.dim(0);
    int cols = b.dim(1);
    float[] t = new float[rows * cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        t[j * rows + i] = b.get(i * cols + j);
      }
    }
    return FloatTensor.wrap(t, cols, rows);
  }

  private static FloatTensor scaled(FloatTensor t, float factor) {
    if (factor == 1f) {
      return t;
    }
    float[] v = t.toArray();
    for (int i = 0; i < v.length; i++) {
      v[i] *= factor;
    }
    return FloatTensor.wrap(v, t.shape());
  }

  /**
   * The weight initializer's name without {@code .weight} ({@code fc1.weight} → {@code fc1}); the
   * node's name where the exporter named the weight itself ({@code onnx::Conv_25}, a fused batch norm).
   */
  private String weightName(OnnxNode n) {
    String w = n.input(1).orElse("");
    if (w.startsWith("onnx::") || graph.initializer(w).isEmpty()) {
      return n.name().isEmpty() ? n.op() + "_" + n.position() : n.name();
    }
    return w.endsWith(".weight") ? w.substring(0, w.length() - ".weight".length()) : w;
  }

  private String describe(int[] shape) {
    return java.util.Arrays.toString(shape);
  }

  private String describe(long[] shape) {
    List<String> s = new ArrayList<>();
    for (long d : shape) {
      s.add(d == ConstantFolder.BATCH ? "N" : Long.toString(d));
    }
    return "(" + String.join(", ", s) + ")";
  }
}
