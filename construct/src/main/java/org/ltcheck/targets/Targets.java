package org.ltcheck.targets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.ltcheck.data.Dataset;
import org.ltcheck.data.Split;
import org.ltcheck.inference.InferenceEngine;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Network;
import org.ltcheck.targets.onnx.OnnxTarget;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.ActivationKind;

/**
 * The one resolver of a command-line target name, for every command: {@value #MNIST} (the
 * bundled MNIST CNN), {@value #RANDOM_RESNET} (a seeded random open_lth ResNet with batch-norm
 * statistics from CIFAR-10), or a file: an ONNX graph ({@link OnnxTarget}, by its {@code .onnx}
 * name or its content), a safetensors or a {@code torch.save} file, all read by {@link TargetReader}.
 */
public final class Targets {
  /** {@code --target mnist}: the bundled MNIST CNN. */
  public static final String MNIST = MnistCnnTarget.NAME;

  /** {@code --target random-resnet22}: a random {@code cifar_resnet_20} (the paper's ResNet-22). */
  public static final String RANDOM_RESNET = "random-resnet22";

  /** CIFAR-10 images per forward pass of the batch-norm estimation. */
  private static final int BN_BATCH = 250;

  private Targets() {}

  /** Whether {@code name} is a built-in target ({@value #MNIST}, {@value #RANDOM_RESNET}) rather than a file. */
  public static boolean isBuiltIn(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.equals(MNIST) || n.equals(RANDOM_RESNET);
  }

  /**
   * Reads the target {@code request} names, with its activation.
   *
   * @param random how {@value #RANDOM_RESNET} is drawn (unused for other names)
   * @throws IllegalArgumentException for a request that names no target, contradicts itself or
   *     the target, naming the option
   * @throws IOException for a file that is missing, not a regular file or malformed, naming it
   */
  public static Target resolve(TargetRequest request, RandomResNetSettings random) throws IOException {
    if (request.arch() instanceof TargetArch.Layers l) {
      throw new IllegalArgumentException("--arch " + l.spec() + " describes layers without weights; this command"
          + " needs a target with weights (--target FILE|" + MNIST + "|" + RANDOM_RESNET + ")");
    }
    TargetArch arch = request.arch();
    String name = request.name().orElseThrow(() -> new IllegalArgumentException(
        "Missing required argument: give --target FILE|" + MNIST + "|" + RANDOM_RESNET));
    Target read;
    if (name.toLowerCase(Locale.ROOT).equals(MNIST)) {
      requireArch(arch, TargetArch.Family.CNN, name);
      read = fixedInput(request, new Target("mnist (bundled " + MnistCnnTarget.RESOURCE + ")",
          MnistCnnTarget.bundled(), MnistCnnTarget.LAYER_NAMES, Optional.of(TargetDataset.MNIST)));
    } else if (name.toLowerCase(Locale.ROOT).equals(RANDOM_RESNET)) {
      requireArch(arch, TargetArch.cifarResNet20(), name);
      Network net = randomResNet(random, Activation.of(request.activation().orElse(ActivationKind.RELU)));
      read = fixedInput(request, new Target(name + " (seed " + random.seed() + ")", net,
          CifarResNetTarget.layerNames(net), Optional.of(TargetDataset.CIFAR10)));
    } else {
      Path file = Path.of(name);
      if (!Files.exists(file)) {
        throw new NoSuchFileException(name, null,
            "no such file (a target is '" + MNIST + "', '" + RANDOM_RESNET + "', a safetensors, .pt or ONNX file)");
      }
      read = OnnxTarget.isOnnx(file)
          ? TargetReader.readOnnx(file, name, arch, request.input(), request.dataset(), request.inputBound())
          : TargetReader.read(TargetFiles.open(file), name, arch, request.input(), request.dataset());
    }
    Network net = request.activation()
        .map(a -> TargetVariants.withActivation(read.network(), Activation.of(a))).orElse(read.network());
    return new Target(read.source(), net, read.layerNames(), request.dataset().or(read::dataset));
  }

  /**
   * What the bounds read: the target's layers with their weights, or for {@code --arch} layers
   * without a target the dense architecture they describe.
   */
  public static TargetDescription describe(TargetRequest request, RandomResNetSettings random) throws IOException {
    if (request.arch() instanceof TargetArch.Layers l) {
      if (request.name().isPresent()) {
        throw new IllegalArgumentException(
            "--target and --arch " + l.spec() + " are mutually exclusive: a layer list describes a target without a file");
      }
      TargetDescription d = ArchitectureSpec.parse(
          l.spec(), request.input().orElse(request.dataset().map(TargetDataset::imageShape).orElse(InputShape.MNIST)));
      return new TargetDescription(d.source(), d.input(), d.layers(), request.dataset());
    }
    return resolve(request, random).description();
  }

  private static void requireArch(TargetArch given, TargetArch actual, String name) {
    if (given != TargetArch.Family.AUTO && !given.equals(actual)) {
      throw new IllegalArgumentException(
          "--arch " + given.cliName() + " does not fit --target " + name + ", which is a " + actual.cliName());
    }
  }

  /** A built-in target has its own input shape: an --input or --dataset must agree with it. */
  private static Target fixedInput(TargetRequest request, Target t) {
    InputShape own = t.inputShape();
    if (request.input().isPresent() && !request.input().get().equals(own)) {
      throw new IllegalArgumentException(
          "--input " + request.input().get() + " does not fit --target " + t.source() + ", which reads " + own);
    }
    if (request.dataset().isPresent() && !request.dataset().equals(t.dataset())) {
      throw new IllegalArgumentException("--dataset " + request.dataset().get().cliName() + " does not fit --target "
          + t.source() + ", which reads " + t.dataset().orElseThrow().cliName());
    }
    return t;
  }

  /**
   * The random ResNet with the requested activation in place before its batch-norm statistics
   * are measured, so that a sigmoid ResNet's statistics are those of sigmoid activations (the
   * batch norms normalise what the sigmoids actually produce), not of ReLUs re-evaluated.
   */
  private static Network randomResNet(RandomResNetSettings s, Activation activation) throws IOException {
    if (s.bnImages() < 1) {
      throw new IllegalArgumentException("--bn-images must be positive, got " + s.bnImages());
    }
    ResNetPlan plan = ResNetPlan.cifarResNet20();
    Network random = CifarResNetTarget.fromStateDict(
        RandomResNetTarget.stateDict(plan, s.seed(), RandomResNetTarget.Options.openLth()), plan.inputShape(),
        activation);
    Dataset train = TargetDataset.CIFAR10.load(Split.TRAIN, s.dataDir().orElse(null))
        .evenlySpaced(s.bnImages());
    List<FloatTensor> batches = new ArrayList<>();
    for (int from = 0; from < train.size(); from += BN_BATCH) {
      batches.add(train.batch(from, Math.min(train.size(), from + BN_BATCH)));
    }
    return BatchNormEstimation.estimate(random, batches, (n, b) -> {
      try (InferenceEngine e = new InferenceEngine(n, s.threads())) {
        return e.forward(b);
      }
    });
  }
}
