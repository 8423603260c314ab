package org.ltcheck.targets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.ltcheck.io.safetensors.SafetensorsFile;
import org.ltcheck.io.safetensors.SafetensorsFormatException;
import org.ltcheck.io.safetensors.TensorInfo;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.Layer;
import org.ltcheck.model.Linear;
import org.ltcheck.model.Network;
import org.ltcheck.targets.onnx.OnnxTarget;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.ActivationKind;

/**
 * The one reader of a target file, for every command and architecture: an ONNX graph
 * ({@link OnnxTarget}, see {@link #readOnnx}), an open_lth ResNet state dict
 * ({@link CifarResNetTarget}) or a sequential CNN. Every tensor of the file is used or
 * reported; every problem is a {@link SafetensorsFormatException} naming the file and the tensor.
 *
 * <p>A sequential CNN is built from the file alone: each {@code X.weight} is a layer (rank 4:
 * Conv2d, stride 1, padding k/2 for a square odd kernel; rank 2: Linear, preceded by Flatten when
 * the input is still an image), {@code X.bias} its optional bias, an activation after every
 * layer but the last. When every layer is named {@code P.N} for one stem {@code P} and integers
 * {@code N} ({@code P.} may be empty: an {@code nn.Sequential} state dict), layers are taken in the order of {@code N}:
 * {@code safetensors.torch.save_file} sorts tensors by name, so {@code layers.10} lies before
 * {@code layers.2} in its data. Otherwise they are taken in the order of their weights in the data
 * section, which is the order in which ltcheck's writer stored them. Shape mismatches between
 * consecutive layers are reported with the tensor's name rather than guessed around.
 */
public final class TargetReader {
  /** The tensor whose presence makes {@link TargetArch.Family#AUTO} read an open_lth ResNet. */
  static final String RESNET_MARKER = "blocks.0.conv1.weight";

  private TargetReader() {}

  /**
   * Reads {@code f} as {@code family}, with ReLU activations.
   *
   * @param input the input shape when given; otherwise the dataset's images, else 1x28x28 for a
   *     CNN and 3x32x32 for a ResNet
   * @param dataset the images when given; a ResNet reading 3x32x32 is a CIFAR-10 target
   */
  public static Target read(SafetensorsFile f, String source, TargetArch.Family family, Optional<InputShape> input,
      Optional<TargetDataset> dataset) throws SafetensorsFormatException {
    if (input.isPresent() && dataset.isPresent() && !input.get().equals(dataset.get().imageShape())) {
      throw new IllegalArgumentException("--input " + input.get() + " does not fit the " + dataset.get().cliName()
          + " images, which are " + dataset.get().imageShape());
    }
    boolean resnet = family == TargetArch.Family.CIFAR_RESNET_20
        || (family == TargetArch.Family.AUTO && f.contains(RESNET_MARKER));
    if (resnet) {
      InputShape shape = input.orElse(dataset.orElse(TargetDataset.CIFAR10).imageShape());
      Network net = CifarResNetTarget.load(f, shape.toArray(), Activation.relu());
      Optional<TargetDataset> data = dataset.isPresent() || !shape.equals(TargetDataset.CIFAR10.imageShape())
          ? dataset : Optional.of(TargetDataset.CIFAR10);
      return new Target(source, net, CifarResNetTarget.layerNames(net), data);
    }
    InputShape shape = input.orElse(dataset.orElse(TargetDataset.MNIST).imageShape());
    Sequential s = sequential(f, shape.toArray(), Activation.relu());
    return new Target(source, s.network(), s.layerNames(), dataset);
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
  public static Target readOnnx(Path file, String source, TargetArch.Family family, Optional<InputShape> input,
      Optional<TargetDataset> dataset, OptionalDouble inputBound) throws IOException {
    if (family != TargetArch.Family.AUTO) {
      throw new IllegalArgumentException("--arch " + family.cliName() + " does not apply to " + source
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
    return sequential(SafetensorsFile.read(file), inputShape, Activation.of(activation)).network();
  }

  /** A sequential network and the tensor prefix of each weight layer. */
  private record Sequential(Network network, List<String> layerNames) {}

  private static Sequential sequential(SafetensorsFile f, int[] inputShape, Activation activation)
      throws SafetensorsFormatException {
    List<TensorInfo> weights = layerWeights(f);
    List<Layer> layers = new ArrayList<>();
    List<String> names = new ArrayList<>();
    int[] shape = inputShape.clone();
    for (int i = 0; i < weights.size(); i++) {
      TensorInfo w = weights.get(i);
      String layer = prefix(w.name(), ".weight");
      String where = f.path() + ": tensor '" + w.name() + "' of shape " + Arrays.toString(w.shape());
      int[] ws = w.shape();
      if (ws.length == 4) {
        if (shape.length != 3) {
          throw new SafetensorsFormatException(where + " is a convolution after a linear layer, which reads a vector");
        }
        requireInputs(where, ws[1], shape[0], i == 0 ? InputShape.of(inputShape).toString() : null, "input channels");
        if (ws[2] != ws[3]) {
          throw new SafetensorsFormatException(where + " has a " + ws[2] + "x" + ws[3]
              + " kernel; a file's convolution pads by k/2 on every side, so its kernel must be square");
        }
        String even = evenKernel(where, ws[2], ws[3]);
        if (even != null) {
          throw new SafetensorsFormatException(even);
        }
        Conv2d conv = new Conv2d(TargetTensors.require(f, w.name(), ws), bias(f, layer, ws[0]), 1, ws[2] / 2);
        layers.add(conv);
        shape = conv.outputShape(shape);
      } else {
        if (shape.length != 1) {
          long features = FloatTensor.numelOf(shape);
          if (ws[1] != features) {
            throw new SafetensorsFormatException(where + ": " + ws[1] + " input features do not match the " + shape[0]
                + " channels x " + features / shape[0] + " positions (" + features + " features) before it"
                + (i == 0 ? " (a flatten head of a " + InputShape.of(inputShape) + " input; check --input)" : ""));
          }
          layers.add(new Flatten());
          shape = new int[] {(int) features};
        }
        requireInputs(where, ws[1], shape[0], i == 0 ? InputShape.of(inputShape).toString() : null, "inputs");
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
  private static List<TensorInfo> layerWeights(SafetensorsFile f) throws SafetensorsFormatException {
    List<TensorInfo> weights = new ArrayList<>();
    for (TensorInfo t : f.header().tensors().values()) {
      String where = f.path() + ": tensor '" + t.name() + "'";
      if (!t.dtype().isFloat()) {
        throw new SafetensorsFormatException(where + " has dtype " + t.dtype() + ", expected floating point");
      }
      if (t.name().endsWith(".weight")) {
        if (t.shape().length != 4 && t.shape().length != 2) {
          throw new SafetensorsFormatException(where + " has rank " + t.shape().length + " (shape "
              + Arrays.toString(t.shape()) + "); expected 4 (conv) or 2 (linear)");
        }
        if (t.numel() == 0) {
          throw new SafetensorsFormatException(where + " of shape " + Arrays.toString(t.shape())
              + " is empty: a layer needs at least one output, one input and one kernel tap");
        }
        weights.add(t);
      } else if (t.name().endsWith(".bias")) {
        String weight = prefix(t.name(), ".bias") + ".weight";
        if (!f.contains(weight)) {
          throw new SafetensorsFormatException(
              f.path() + ": bias '" + t.name() + "' has no weight '" + weight + "'");
        }
      } else {
        throw new SafetensorsFormatException(where + " is neither X.weight nor X.bias of a conv or linear layer"
            + (looksLikeResNet(t.name()) ? " (batch-norm and block tensors belong to an open_lth ResNet: --arch "
                + TargetArch.Family.CIFAR_RESNET_20.cliName() + " reads them)" : ""));
      }
    }
    if (weights.isEmpty()) {
      throw new SafetensorsFormatException(f.path() + ": no X.weight tensors, nothing to build a network from");
    }
    weights.sort(Comparator.comparingLong(TensorInfo::begin));
    if (oneIndexedStem(weights)) {
      weights.sort(Comparator.comparingLong(w -> Long.parseLong(indexOf(w))));
    }
    return weights;
  }

  /** Whether every weight is {@code P.N.weight} for one stem {@code P} and distinct integers {@code N}. */
  private static boolean oneIndexedStem(List<TensorInfo> weights) {
    Set<String> stems = new HashSet<>();
    Set<Long> indices = new HashSet<>();
    for (TensorInfo w : weights) {
      String index = indexOf(w);
      if (!index.matches("[0-9]{1,18}") || !indices.add(Long.parseLong(index))) {
        return false;
      }
      String layer = prefix(w.name(), ".weight");
      stems.add(layer.substring(0, layer.length() - index.length()));
    }
    return stems.size() == 1;
  }

  /** What follows the last dot of a weight's layer prefix ({@code 10} for {@code layers.10.weight}). */
  private static String indexOf(TensorInfo weight) {
    String layer = prefix(weight.name(), ".weight");
    return layer.substring(layer.lastIndexOf('.') + 1);
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

  private static void requireInputs(String where, int reads, int has, String input, String what)
      throws SafetensorsFormatException {
    if (reads != has) {
      throw new SafetensorsFormatException(where + " reads " + reads + " " + what + " but "
          + (input != null ? "the " + input + " input has " : "the layer before writes ") + has);
    }
  }

  private static FloatTensor bias(SafetensorsFile f, String layer, int out) throws SafetensorsFormatException {
    String name = layer + ".bias";
    return f.contains(name) ? TargetTensors.require(f, name, out) : null;
  }

  private static String prefix(String name, String suffix) {
    return name.substring(0, name.length() - suffix.length());
  }
}
