package org.ltcheck.gpu.models;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.ltcheck.gpu.train.NamedNetwork;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.GlobalAvgPool;
import org.ltcheck.model.Layer;
import org.ltcheck.model.Network;
import org.ltcheck.model.ResidualBlock;
import org.ltcheck.targets.ResNetPlan;
import org.ltcheck.targets.TargetArch;

/** The two networks of the paper's experiments (§7), with the reference models' tensor names. */
public enum Architecture {
  /**
   * The 3-layer MNIST CNN of the target file: conv 1→32 3×3 pad 1, ReLU, conv 32→32 3×3 pad 1,
   * ReLU, flatten, linear 25088→10; tensors conv1.*, conv2.*, fc.*.
   */
  MNIST_CNN("mnist-cnn", new int[] {1, 28, 28}) {
    @Override
    public NamedNetwork initialise(RandomGenerator rng) {
      List<Layer> layers = List.of(
          Init.conv(rng, 1, 32, 3, 1, 1, true), Activation.relu(),
          Init.conv(rng, 32, 32, 3, 1, 1, true), Activation.relu(),
          new Flatten(), Init.linear(rng, 32 * 28 * 28, 10));
      return new NamedNetwork(new Network(inputShape(), layers), List.of("conv1", "conv2", "fc"));
    }
  },
  /**
   * open_lth's {@code cifar_resnet_20}, the paper's ResNet-22 (it counts the two 1×1 shortcut
   * convs), as construct's {@link ResNetPlan#cifarResNet20()} defines it: conv 3→16 + BN + ReLU,
   * three segments of three blocks with 16, 32, 64 filters (a block that opens a later segment
   * has stride 2 and a 1×1 stride-2 conv + BN shortcut; the others an identity shortcut with a
   * per-channel scale initialised to 1), global average pooling, linear 64→10. Convs have no
   * bias, as in open_lth; the tensor names are {@link org.ltcheck.targets.CifarResNetTarget}'s.
   * Accepted as {@code resnet20} and {@code resnet22} too.
   */
  CIFAR_RESNET_20(TargetArch.Family.CIFAR_RESNET_20.cliName(), ResNetPlan.cifarResNet20().inputShape()) {
    @Override
    public NamedNetwork initialise(RandomGenerator rng) {
      ResNetPlan plan = ResNetPlan.cifarResNet20();
      List<Layer> layers = new ArrayList<>();
      List<String> names = new ArrayList<>();
      int in = plan.widths()[0];
      layers.add(Init.conv(rng, plan.inChannels(), in, 3, 1, 1, false));
      layers.add(Init.batchNorm(in));
      layers.add(Activation.relu());
      names.add("conv");
      names.add("bn");
      for (int block = 0; block < plan.blocks(); block++) {
        int filters = plan.blockWidth(block);
        int stride = plan.downsamples(block) ? 2 : 1;
        String p = "blocks." + block;
        List<Layer> body = List.of(
            Init.conv(rng, in, filters, 3, stride, 1, false), Init.batchNorm(filters), Activation.relu(),
            Init.conv(rng, filters, filters, 3, 1, 1, false), Init.batchNorm(filters));
        names.addAll(List.of(p + ".conv1", p + ".bn1", p + ".conv2", p + ".bn2"));
        List<Layer> shortcut;
        if (stride != 1 || in != filters) {
          shortcut = List.of(Init.conv(rng, in, filters, 1, stride, 0, false), Init.batchNorm(filters));
          names.addAll(List.of(p + ".shortcut.0", p + ".shortcut.1"));
        } else {
          shortcut = List.of(Init.ones(filters));
          names.add(p + ".shortcut");
        }
        layers.add(new ResidualBlock(body, shortcut, Activation.relu()));
        in = filters;
      }
      layers.add(new GlobalAvgPool());
      layers.add(Init.linear(rng, in, plan.classes()));
      names.add("fc");
      return new NamedNetwork(new Network(inputShape(), layers), names);
    }

    @Override
    public boolean isNamed(String s) {
      return TargetArch.Family.CIFAR_RESNET_20.isNamed(s);
    }

    @Override
    public String runLabel() {
      return "resnet22";
    }
  };

  private final String cliName;
  private final int[] inputShape;

  Architecture(String cliName, int[] inputShape) {
    this.cliName = cliName;
    this.inputShape = inputShape;
  }

  /** A freshly initialised network; the generator alone decides every weight. */
  public abstract NamedNetwork initialise(RandomGenerator rng);

  public String cliName() {
    return cliName;
  }

  /** Per-example input shape (C,H,W). */
  public int[] inputShape() {
    return inputShape.clone();
  }

  /** Whether {@code s} names this architecture on the command line (case-insensitive). */
  public boolean isNamed(String s) {
    return cliName.equalsIgnoreCase(s);
  }

  /**
   * The model's part of a run fingerprint: frozen at the name it had when checkpoints were first
   * written, so that {@code --resume} still accepts them.
   */
  public String runLabel() {
    return cliName;
  }

  /** Parses mnist-cnn or cifar_resnet_20 (also resnet20, resnet22); the message names the rejected value. */
  public static Architecture parse(String s) {
    for (Architecture a : values()) {
      if (a.isNamed(s)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown model '" + s + "' (expected " + MNIST_CNN.cliName + " or "
        + CIFAR_RESNET_20.cliName + ", also resnet20, resnet22)");
  }
}
