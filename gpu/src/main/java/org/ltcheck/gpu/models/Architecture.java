package org.ltcheck.gpu.models;

import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;
import org.ltcheck.gpu.train.NamedNetwork;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.Layer;
import org.ltcheck.model.Network;
import org.ltcheck.targets.InputShape;
import org.ltcheck.targets.TargetDataset;
import org.ltcheck.targets.zoo.CifarResNet;
import org.ltcheck.targets.zoo.ZooModel;
import org.ltcheck.targets.zoo.ZooNetwork;

/**
 * A network {@code ltcheck train|prune} can train: the paper's MNIST CNN (§7), or any model of the
 * open_lth zoo ({@link ZooModel}: {@code mnist_lenet_300_100}, {@code cifar_resnet_32},
 * {@code cifar_vgg_16}, ...) with the zoo's tensor names, so a trained network is a target
 * {@code construct} reads under the same name. Its data set follows from its input shape:
 * MNIST for 1x28x28, CIFAR-10 for 3x32x32.
 */
public sealed interface Architecture permits Architecture.MnistCnn, Architecture.Zoo {
  /** The 3-layer MNIST CNN of the bundled target. */
  Architecture MNIST_CNN = new MnistCnn();

  /** open_lth's {@code cifar_resnet_20}, the paper's ResNet-22. */
  Architecture CIFAR_RESNET_20 = new Zoo(new CifarResNet(20, CifarResNet.DEFAULT_WIDTH));

  /** Outputs of every architecture: MNIST and CIFAR-10 have ten classes. */
  int CLASSES = 10;

  /** A freshly initialised network; the generator alone decides every weight. */
  NamedNetwork initialise(RandomGenerator rng);

  /** The canonical name on the command line. */
  String cliName();

  /** Per-example input shape (C,H,W). */
  int[] inputShape();

  /**
   * The model's part of a run fingerprint: frozen at the name it had when checkpoints were first
   * written, so that {@code --resume} still accepts them.
   */
  default String runLabel() {
    return cliName();
  }

  /** The data set it trains on, by its input shape. */
  default TargetDataset dataset() {
    InputShape shape = InputShape.of(inputShape());
    for (TargetDataset d : TargetDataset.values()) {
      if (d.imageShape().equals(shape)) {
        return d;
      }
    }
    throw new IllegalStateException(cliName() + " reads " + shape + " inputs, the images of no data set");
  }

  /** Whether {@code s} names this architecture on the command line (case-insensitive). */
  default boolean isNamed(String s) {
    return equals(parseOrNull(s));
  }

  /**
   * Parses {@code mnist-cnn} or a zoo name ({@code cifar_resnet_20}, also {@code resnet20},
   * {@code resnet22}; {@code cifar_resnet_32}, {@code mnist_lenet_300_100}, {@code cifar_vgg_11},
   * ...); the message names the rejected value.
   */
  static Architecture parse(String s) {
    Architecture a = parseOrNull(s);
    if (a == null) {
      String detail;
      try {
        ZooModel.parse(s);
        detail = "";
      } catch (IllegalArgumentException e) {
        detail = s.toLowerCase(Locale.ROOT).matches("(mnist_lenet|cifar_resnet|cifar_vgg).*") ? ": " + e.getMessage() : "";
      }
      throw new IllegalArgumentException("unknown model '" + s + "'" + detail + " (expected " + MNIST_CNN.cliName()
          + " or a zoo model: " + ZooModel.NAMES + "; cifar_resnet_20 is also resnet20, resnet22)");
    }
    return a;
  }

  /** The benchmarks' parameter spelling ({@code MNIST_CNN}, {@code CIFAR_RESNET_20}). */
  static Architecture valueOf(String constant) {
    return switch (constant) {
      case "MNIST_CNN" -> MNIST_CNN;
      case "CIFAR_RESNET_20" -> CIFAR_RESNET_20;
      default -> parse(constant);
    };
  }

  private static Architecture parseOrNull(String s) {
    if (s.equalsIgnoreCase(MNIST_CNN.cliName())) {
      return MNIST_CNN;
    }
    return ZooModel.named(s).map(Zoo::new).orElse(null);
  }

  /**
   * The 3-layer MNIST CNN of the target file: conv 1→32 3×3 pad 1, ReLU, conv 32→32 3×3 pad 1,
   * ReLU, flatten, linear 25088→10; tensors conv1.*, conv2.*, fc.*.
   */
  record MnistCnn() implements Architecture {
    @Override
    public NamedNetwork initialise(RandomGenerator rng) {
      List<Layer> layers = List.of(
          Init.conv(rng, 1, 32, 3, 1, 1, true), Activation.relu(),
          Init.conv(rng, 32, 32, 3, 1, 1, true), Activation.relu(),
          new Flatten(), Init.linear(rng, 32 * 28 * 28, CLASSES));
      return new NamedNetwork(new Network(inputShape(), layers), List.of("conv1", "conv2", "fc"));
    }

    @Override
    public String cliName() {
      return "mnist-cnn";
    }

    @Override
    public int[] inputShape() {
      return new int[] {1, 28, 28};
    }
  }

  /**
   * A zoo model, initialised by {@link Init} in the module order of its PyTorch definition. A
   * ResNet's identity shortcuts get a per-channel scale initialised to 1 (tensor
   * {@code blocks.N.shortcut.weight}), as the reference's layers have; construct reads it.
   */
  record Zoo(ZooModel model) implements Architecture {
    @Override
    public NamedNetwork initialise(RandomGenerator rng) {
      int[] shape = inputShape();
      ZooNetwork z = ZooNetwork.build(model.layers(shape, CLASSES), shape, new InitParameters(rng), Activation.relu());
      return new NamedNetwork(z.network(), z.tensorLayers());
    }

    @Override
    public String cliName() {
      return model.name();
    }

    @Override
    public int[] inputShape() {
      return model.inputShape();
    }

    /** {@code cifar_resnet_20} keeps the label of its first checkpoints. */
    @Override
    public String runLabel() {
      return equals(CIFAR_RESNET_20) ? "resnet22" : cliName();
    }
  }
}
