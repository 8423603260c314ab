package org.ltcheck.cli;

import java.util.Optional;
import java.util.OptionalDouble;
import org.ltcheck.targets.InputShape;
import org.ltcheck.targets.TargetArch;
import org.ltcheck.targets.TargetDataset;
import org.ltcheck.targets.TargetRequest;
import org.ltcheck.targets.Targets;
import org.ltcheck.theory.ActivationKind;
import picocli.CommandLine.Option;

/**
 * The target options of every command that reads a target ({@code construct}, {@code certify}, {@code bounds}),
 * defined once so that each means the same everywhere; {@link Targets} resolves them.
 */
final class TargetOptions {
  @Option(names = "--target", paramLabel = "FILE|" + Targets.MNIST + "|" + Targets.RANDOM_RESNET,
      description = "Target: '" + Targets.MNIST + "' (the bundled MNIST CNN), '" + Targets.RANDOM_RESNET
          + "' (a random open_lth cifar_resnet_20 with batch-norm statistics from CIFAR-10), an ONNX graph (.onnx,"
          + " opsets 11-17), or a safetensors or torch.save (.pt/.pth, zip format; read like"
          + " torch.load(weights_only=True)) file: a sequential CNN or an open_lth zoo state dict (construct's"
          + " default: " + Targets.MNIST + ").")
  String target;

  @Option(names = "--arch", paramLabel = "auto|cnn|ZOO|LAYERS",
      description = "Target architecture: auto (from the file's tensor names, the default), cnn, an open_lth zoo"
          + " model (mnist_lenet_N[_M...], cifar_resnet_D[_W] with D = 6k+2, cifar_vgg_11|13|16|19; cifar_resnet_20"
          + " is the paper's ResNet-22, also resnet20, resnet22), or dense layers without a file"
          + " kind:in-out[-kernel],... e.g. conv:1-32-3,conv:32-32-3,linear:25088-10 (bounds only; conv kernel"
          + " odd, default 3).")
  String arch;

  @Option(names = "--input", paramLabel = "CxHxW",
      description = "Input shape of a target file or layer list (default: the dataset's images, else 1x28x28;"
          + " 3x32x32 for a ResNet or VGG); sets the positions of a flatten head. An ONNX graph has its own input"
          + " shape, which this must match (for a graph reading vectors: the images that flatten to them).")
  String input;

  @Option(names = "--activation", paramLabel = "relu|lrelu|tanh|sigmoid",
      description = "Hidden activation: relu, lrelu, tanh or sigmoid; a target trained with another activation is"
          + " re-evaluated with this one, as the paper does (default: the file's own: an ONNX graph's activations,"
          + " relu for the other targets); the last layer is linear.")
  String activation;

  @Option(names = "--dataset", paramLabel = "mnist|cifar10",
      description = "Images the target reads: mnist or cifar10 (default: cifar10 for a ResNet, else mnist);"
          + " sets the input shape and the input bound.")
  String dataset;

  @Option(names = "--input-bound", paramLabel = "B0",
      description = "Bound on |x| over the input domain (default: the largest normalised pixel of the target's"
          + " dataset, (1-0.1307)/0.3081 for mnist; 1 when the dataset is unknown; an ONNX graph whose input is no"
          + " known dataset's needs --dataset or this).")
  Double inputBound;

  /** True when {@code --arch} lists layers rather than naming a file format. */
  boolean describesLayers() {
    return TargetArch.parse(arch) instanceof TargetArch.Layers;
  }

  /**
   * The request these options make.
   *
   * @param defaultTarget the target when {@code --target} is not given
   */
  TargetRequest request(Optional<String> defaultTarget) {
    return new TargetRequest(
        Optional.ofNullable(target).or(() -> defaultTarget),
        TargetArch.parse(arch),
        Optional.ofNullable(input).map(InputShape::parse),
        Optional.ofNullable(activation).map(ActivationKind::fromCliName),
        Optional.ofNullable(dataset).map(TargetDataset::parse),
        inputBound == null ? OptionalDouble.empty() : OptionalDouble.of(inputBound));
  }
}
