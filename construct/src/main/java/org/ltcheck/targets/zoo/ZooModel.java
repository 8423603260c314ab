package org.ltcheck.targets.zoo;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The open_lth / Synaptic-Flow model zoo by name: {@code mnist_lenet_N[_M...]} ({@link LeNet}),
 * {@code cifar_resnet_D[_W]} ({@link CifarResNet}) and {@code cifar_vgg_D} ({@link CifarVgg}),
 * with their PyTorch module structure and state-dict names. One definition serves reading a
 * target file ({@code --arch}) and training ({@code --model}).
 */
public sealed interface ZooModel permits LeNet, CifarResNet, CifarVgg {
  /** What {@link #parse} accepts, for messages. */
  String NAMES = "mnist_lenet_N[_M...], cifar_resnet_D[_W] (D = 6k+2), cifar_vgg_11|13|16|19";

  /** The canonical name ({@code cifar_resnet_32}, {@code mnist_lenet_300_100}, ...). */
  String name();

  /** The input shape (C, H, W) of the data set the model was defined for: MNIST or CIFAR-10. */
  int[] inputShape();

  /**
   * The model's layers for inputs of {@code inputShape} (C, H, W) and {@code classes} outputs,
   * in module order.
   */
  List<ZooLayer> layers(int[] inputShape, int classes);

  /** The model {@code text} names (case-insensitive), or empty when it names none. */
  static Optional<ZooModel> named(String text) {
    try {
      return Optional.of(parse(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Parses a zoo name; {@code resnet20} and {@code resnet22} name {@code cifar_resnet_20} (the
   * paper's ResNet-22, which counts the two 1x1 shortcut convolutions).
   *
   * @throws IllegalArgumentException naming the value and what is wrong with it
   */
  static ZooModel parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("resnet20") || t.equals("resnet22")) {
      return new CifarResNet(20, CifarResNet.DEFAULT_WIDTH);
    }
    Matcher m = Pattern.compile("mnist_lenet((?:_\\d+)+)").matcher(t);
    if (m.matches()) {
      return new LeNet(numbers(m.group(1).substring(1), text));
    }
    m = Pattern.compile("cifar_resnet_(\\d+)(?:_(\\d+))?").matcher(t);
    if (m.matches()) {
      int depth = number(m.group(1), text);
      return new CifarResNet(depth, m.group(2) == null ? CifarResNet.DEFAULT_WIDTH : number(m.group(2), text));
    }
    m = Pattern.compile("cifar_vgg_(\\d+)").matcher(t);
    if (m.matches()) {
      return new CifarVgg(number(m.group(1), text));
    }
    throw new IllegalArgumentException("'" + text + "' is not a zoo model (expected " + NAMES + ")");
  }

  private static List<Integer> numbers(String underscored, String text) {
    return java.util.Arrays.stream(underscored.split("_")).map(s -> number(s, text)).toList();
  }

  private static int number(String digits, String text) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "': " + digits + " is too large");
    }
  }
}
