package org.ltcheck.targets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.ltcheck.io.TensorEntry;
import org.ltcheck.io.TensorFormatException;
import org.ltcheck.io.TensorSource;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.Layer;
import org.ltcheck.model.Linear;
import org.ltcheck.model.Network;
import org.ltcheck.targets.onnx.OnnxTarget;
import org.ltcheck.targets.zoo.CifarVgg;
import org.ltcheck.targets.zoo.LeNet;
import org.ltcheck.targets.zoo.ZooModel;
import org.ltcheck.targets.zoo.ZooNetwork;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.ActivationKind;

/**
 * The one reader of a target file, for every command, format (an ONNX graph, {@link OnnxTarget},
 * see {@link #readOnnx}; a {@link TensorSource}: safetensors or a {@code torch.save} state dict)
 * and architecture: a zoo model ({@link ZooModel}, its layers
 * from the architecture), an open_lth ResNet state dict of any structure ({@link CifarResNetTarget})
 * or a sequential CNN. Every tensor of the file is used or reported; every problem is the
 * format's {@link TensorFormatException} naming the file and the tensor.
 *
 * <p>A sequential CNN is built from the file alone: each {@code X.weight} is a layer (rank 4:
 * Conv2d, stride 1, padding k/2 for a square odd kernel; rank 2: Linear, preceded by Flatten when
 * the input is still an image), {@code X.bias} its optional bias, an activation after every
 * layer but the last. When every layer's name is one stem and a number ({@code layers.2},
 * {@code layers.10}; {@code fc1}, {@code fc2}) the layers are taken in the order of the numbers,
 * since {@code safetensors.torch.save_file} stores data sorted by dtype and name; otherwise in the
 * order of their weights in the file (the data section of a safetensors file, which is the order
 * in which ltcheck's writer stored them; a state dict's keys). Shape mismatches between
 * consecutive layers are reported with the tensor's name rather than guessed around.
 */
public final class TargetReader {
  /** The tensor whose presence makes {@link TargetArch.Family#AUTO} read an open_lth ResNet. */
  static final String RESNET_MARKER = "blocks.0.conv1.weight";

  /** open_lth's default number of outputs, for a file without {@code fc.weight} (then reported missing). */
  private static final int DEFAULT_CLASSES = 10;

  /** A layer name that is one stem and a number, and what follows: {@code layers.10}, {@code fc2}. */
  private static final java.util.regex.Pattern NUMBERED = java.util.regex.Pattern.compile("(\\D*)(\\d+)(.*)");

  /** A run of digits or of other characters. */
  private static final java.util.regex.Pattern RUN = java.util.regex.Pattern.compile("\\d+|\\D+");

  private TargetReader() {}

  /**
   * Reads {@code f} as {@code family}, with ReLU activations.
   *
   * @param input the input shape when given; otherwise the dataset's images, else 1x28x28 for a
   *     CNN and 3x32x32 for a ResNet
   * @param dataset the images when given; a ResNet reading 3x32x32 is a CIFAR-10 target
   */
  public static Target read(TensorSource f, String source, TargetArch arch, Optional<InputShape> input,
      Optional<TargetDataset> dataset) throws TensorFormatException {
    if (input.isPresent() && dataset.isPresent() && !input.get().equals(dataset.get().imageShape())) {
      throw new IllegalArgumentException("--input " + input.get() + " does not fit the " + dataset.get().cliName()
          + " images, which are " + dataset.get().imageShape());
    }
    Optional<ZooModel> zoo = arch instanceof TargetArch.Zoo z ? Optional.of(z.model())
        : arch == TargetArch.Family.AUTO ? recognise(f) : Optional.empty();
    if (zoo.isPresent()) {
      return zoo(f, source, zoo.get(), input, dataset);
    }
    if (arch == TargetArch.Family.AUTO && f.contains(RESNET_MARKER)) {
      InputShape shape = input.orElse(dataset.orElse(TargetDataset.CIFAR10).imageShape());
      Network net = CifarResNetTarget.load(f, shape.toArray(), Activation.relu());
      return new Target(source, net, CifarResNetTarget.layerNames(net), datasetOf(shape, dataset));
    }
    InputShape shape = input.orElse(dataset.orElse(TargetDataset.MNIST).imageShape());
    Sequential s = sequential(f, shape.toArray(), Activation.relu());
    return new Target(source, s.network(), s.layerNames(), dataset);
  }

  /**
   * A zoo model read from {@code f}: its input the given shape, else the dataset's, else the
   * model's own; its classes the rows of {@code fc.weight}.
   */
  private static Target zoo(TensorSource f, String source, ZooModel model, Optional<InputShape> input,
      Optional<TargetDataset> dataset) throws TensorFormatException {
    InputShape shape = input.orElse(dataset.map(TargetDataset::imageShape).orElse(InputShape.of(model.inputShape())));
    int classes = f.entry("fc.weight").map(e -> e.shape()[0]).orElse(DEFAULT_CLASSES);
    StateDictTensors tensors = new StateDictTensors(CifarResNetTarget.floatTensors(f));
    ZooNetwork built;
    try {
      built = ZooNetwork.build(model.layers(shape.toArray(), classes), shape.toArray(), tensors, Activation.relu());
      tensors.checkAllUsed(model.name(), " (the file holds another architecture; check --arch)");
    } catch (IllegalArgumentException e) {
      throw f.error(f.path() + ": " + model.name() + ": " + e.getMessage());
    }
    try {
      return new Target(source, built.network(), built.weightLayers(), datasetOf(shape, dataset));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(f.path() + ": " + model.name() + " " + e.getMessage(), e);
    }
  }

  /** The dataset given, else the one whose images have {@code shape}. */
  private static Optional<TargetDataset> datasetOf(InputShape shape, Optional<TargetDataset> dataset) {
    return dataset.isPresent() ? dataset
        : java.util.Arrays.stream(TargetDataset.values()).filter(d -> d.imageShape().equals(shape)).findFirst();
  }

  /**
   * The zoo model whose names the file has, for {@link TargetArch.Family#AUTO}: an open_lth
   * LeNet ({@code fc_layers.i} and {@code fc} only) or VGG ({@code layers.i.conv} and
   * {@code layers.i.bn}, the depth from the number of convolutions).
   */
  static Optional<ZooModel> recognise(TensorSource f) {
    if (f.contains("fc_layers.0.weight") && f.names().stream()
        .allMatch(n -> n.matches("fc_layers\\.\\d+\\.(weight|bias)|fc\\.(weight|bias)"))) {
      List<Integer> hidden = new ArrayList<>();
      for (int i = 0; f.contains("fc_layers." + i + ".weight"); i++) {
        hidden.add(f.entry("fc_layers." + i + ".weight").orElseThrow().shape()[0]);
      }
      return hidden.stream().allMatch(h -> h > 0) ? Optional.of(new LeNet(hidden)) : Optional.empty();
    }
    if (f.contains("layers.0.conv.weight") && f.contains("layers.0.bn.running_mean")) {
      long convs = f.names().stream().filter(n -> n.matches("layers\\.\\d+\\.conv\\.weight")).count();
      return CifarVgg.withConvolutions((int) convs).map(ZooModel.class::cast);
    }
    return Optional.empty();
  }

  /**
   * Reads the ONNX graph {@code file}, with the graph's activations. The input shape is the
   * graph's; a graph reading (N, F) vectors reads the flattened images of the data set with F
   * values per image. The data set is {@code dataset} when given, else the one whose images have
   * the graph's input shape (MNIST 1x28x28, CIFAR-10 3x32x32).
   *
   * @param input must agree with the graph's input when given
   * @param inputBound B₀ when given; needed when the graph's input is no known data set's
   */
  public static Target readOnnx(Path file, String source, TargetArch arch, Optional<InputShape> input,
      Optional<TargetDataset> dataset, OptionalDouble inputBound) throws IOException {
    if (arch != TargetArch.Family.AUTO) {
      throw new IllegalArgumentException("--arch " + arch.cliName() + " does not apply to " + source
          + ", an ONNX graph, whose layers come from the graph (leave --arch at auto)");
    }
    OnnxTarget.Imported g = OnnxTarget.read(file, source);
    int[] in = g.input();
    long values = FloatTensor.numelOf(in);
    String reads = in.length == 1 ? "vectors of " + in[0] : InputShape.of(in) + " images";
    if (input.isPresent() && (in.length == 3 ? !input.get().equals(InputShape.of(in))
        : FloatTensor.numelOf(input.get().toArray()) != values)) {
      throw new IllegalArgumentException("--input " + input.get() + " does not fit " + source + ", which reads " + reads);
    }
    Optional<TargetDataset> data = dataset.isPresent() ? dataset : Arrays.stream(TargetDataset.values())
        .filter(d -> fits(d, in)).findFirst();
    if (dataset.isPresent() && !fits(dataset.get(), in)) {
      throw new IllegalArgumentException("--dataset " + dataset.get().cliName() + " does not fit " + source
          + ", which reads " + reads + ", not " + dataset.get().imageShape() + " images");
    }
    if (data.isEmpty() && inputBound.isEmpty()) {
      throw new IllegalArgumentException(source + " reads " + reads + ", neither MNIST's 1x28x28 nor CIFAR-10's"
          + " 3x32x32 images, so its input domain is unknown: give --dataset mnist|cifar10 or --input-bound B0");
    }
    if (in.length == 1 && (data.isPresent() || input.isPresent())) {
      g = g.flattening(data.map(TargetDataset::imageShape).orElseGet(input::get));
    }
    try {
      return new Target(source, g.network(), g.layerNames(), data);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  private static boolean fits(TargetDataset d, int[] in) {
    return in.length == 3 ? d.imageShape().equals(InputShape.of(in))
        : FloatTensor.numelOf(d.imageShape().toArray()) == in[0];
  }

  /** A sequential CNN from {@code file} (see the class comment). */
  public static Network load(Path file, int[] inputShape, ActivationKind activation) throws IOException {
    return sequential(TargetFiles.open(file), inputShape, Activation.of(activation)).network();
  }

  /** A sequential network and the tensor prefix of each weight layer. */
  private record Sequential(Network network, List<String> layerNames) {}

  private static Sequential sequential(TensorSource f, int[] inputShape, Activation activation)
      throws TensorFormatException {
    List<TensorEntry> weights = layerWeights(f);
    List<Layer> layers = new ArrayList<>();
    List<String> names = new ArrayList<>();
    int[] shape = inputShape.clone();
    for (int i = 0; i < weights.size(); i++) {
      TensorEntry w = weights.get(i);
      String layer = prefix(w.name(), ".weight");
      String where = f.path() + ": tensor '" + w.name() + "' of shape " + Arrays.toString(w.shape());
      int[] ws = w.shape();
      if (ws.length == 4) {
        if (shape.length != 3) {
          throw f.error(where + " is a convolution after a linear layer, which reads a vector");
        }
        requireInputs(f, where, ws[1], shape[0], i == 0 ? InputShape.of(inputShape).toString() : null, "input channels");
        if (ws[2] != ws[3]) {
          throw f.error(where + " has a " + ws[2] + "x" + ws[3]
              + " kernel; a file's convolution pads by k/2 on every side, so its kernel must be square");
        }
        String even = evenKernel(where, ws[2], ws[3]);
        if (even != null) {
          throw f.error(even);
        }
        Conv2d conv = new Conv2d(TargetTensors.require(f, w.name(), ws), bias(f, layer, ws[0]), 1, ws[2] / 2);
        layers.add(conv);
        shape = conv.outputShape(shape);
      } else {
        if (shape.length != 1) {
          long features = FloatTensor.numelOf(shape);
          if (ws[1] != features) {
            throw f.error(where + ": " + ws[1] + " input features do not match the " + shape[0]
                + " channels x " + features / shape[0] + " positions (" + features + " features) before it"
                + (i == 0 ? " (a flatten head of a " + InputShape.of(inputShape) + " input; check --input)" : ""));
          }
          layers.add(new Flatten());
          shape = new int[] {(int) features};
        }
        requireInputs(f, where, ws[1], shape[0], i == 0 ? InputShape.of(inputShape).toString() : null, "inputs");
        layers.add(new Linear(TargetTensors.require(f, w.name(), ws), bias(f, layer, ws[0])));
        shape = new int[] {ws[0]};
      }
      InputShape.requireWithinLimit("layer '" + layer + "' of " + f.path() + " writes", shape);
      names.add(layer);
      if (i < weights.size() - 1) {
        layers.add(activation);
      }
    }
    return new Sequential(new Network(inputShape, layers), names);
  }

  /**
   * The layer weights in data order, after checking that every tensor is a floating-point
   * {@code X.weight} of rank 4 or 2 without empty dimensions, or the {@code X.bias} of one.
   */
  private static List<TensorEntry> layerWeights(TensorSource f) throws TensorFormatException {
    List<TensorEntry> weights = new ArrayList<>();
    for (TensorEntry t : f.entries()) {
      String where = f.path() + ": tensor '" + t.name() + "'";
      if (!t.floating()) {
        throw f.error(where + " has dtype " + t.dtype() + ", expected floating point");
      }
      if (t.name().endsWith(".weight")) {
        if (t.shape().length != 4 && t.shape().length != 2) {
          throw f.error(where + " has rank " + t.shape().length + " (shape "
              + Arrays.toString(t.shape()) + "); expected 4 (conv) or 2 (linear)");
        }
        if (t.numel() == 0) {
          throw f.error(where + " of shape " + Arrays.toString(t.shape())
              + " is empty: a layer needs at least one output, one input and one kernel tap");
        }
        weights.add(t);
      } else if (t.name().endsWith(".bias")) {
        String weight = prefix(t.name(), ".bias") + ".weight";
        if (!f.contains(weight)) {
          throw f.error(
              f.path() + ": bias '" + t.name() + "' has no weight '" + weight + "'");
        }
      } else {
        throw f.error(where + " is neither X.weight nor X.bias of a conv or linear layer"
            + (looksLikeResNet(t.name()) ? " (batch-norm and block tensors belong to an open_lth ResNet: --arch "
                + TargetArch.cifarResNet20().cliName() + " reads them)" : ""));
      }
    }
    if (weights.isEmpty()) {
      throw f.error(f.path() + ": no X.weight tensors, nothing to build a network from");
    }
    List<TensorEntry> ordered = new ArrayList<>(f.inDataOrder());
    ordered.retainAll(weights);
    if (ordered.stream().allMatch(w -> NUMBERED.matcher(w.name()).matches())
        && ordered.stream().map(w -> stem(w.name())).distinct().count() == 1) {
      ordered.sort((a, b) -> naturalOrder(a.name(), b.name()));
    }
    return ordered;
  }

  private static String stem(String name) {
    java.util.regex.Matcher m = NUMBERED.matcher(name);
    return m.matches() ? m.group(1) : name;
  }

  /** Names compared run by run, digit runs as numbers: {@code layers.2.weight} before {@code layers.10.weight}. */
  static int naturalOrder(String a, String b) {
    java.util.regex.Matcher x = RUN.matcher(a);
    java.util.regex.Matcher y = RUN.matcher(b);
    while (x.find() && y.find()) {
      String p = x.group();
      String q = y.group();
      boolean digits = Character.isDigit(p.charAt(0)) && Character.isDigit(q.charAt(0));
      int c = digits ? new java.math.BigInteger(p).compareTo(new java.math.BigInteger(q)) : p.compareTo(q);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.length(), b.length());
  }

  private static boolean looksLikeResNet(String name) {
    return name.contains("running_") || name.endsWith("num_batches_tracked") || name.startsWith("blocks.");
  }

  /**
   * The one kernel rule of a file and an {@code --arch} layer list: only odd kernels keep the map
   * size with padding k/2. The message for an even kernel, or null.
   */
  static String evenKernel(String where, int kernelHeight, int kernelWidth) {
    return kernelHeight % 2 == 0 || kernelWidth % 2 == 0
        ? where + " has an even " + kernelHeight + "x" + kernelWidth
            + " kernel; only odd kernels keep the map size with padding k/2, as the constructions need"
        : null;
  }

  private static void requireInputs(TensorSource f, String where, int reads, int has, String input, String what)
      throws TensorFormatException {
    if (reads != has) {
      throw f.error(where + " reads " + reads + " " + what + " but "
          + (input != null ? "the " + input + " input has " : "the layer before writes ") + has);
    }
  }

  private static FloatTensor bias(TensorSource f, String layer, int out) throws TensorFormatException {
    String name = layer + ".bias";
    return f.contains(name) ? TargetTensors.require(f, name, out) : null;
  }

  private static String prefix(String name, String suffix) {
    return name.substring(0, name.length() - suffix.length());
  }
}
