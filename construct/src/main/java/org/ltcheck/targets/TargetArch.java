package org.ltcheck.targets;

import java.util.List;
import java.util.Locale;
import org.ltcheck.targets.zoo.ZooModel;

/**
 * What {@code --arch} says about a target, in every command: how to read a target file
 * ({@link Family}), a model of the open_lth zoo ({@link Zoo}), or a list of dense layers that
 * describes an architecture without weights ({@link Layers}, e.g.
 * {@code conv:1-32-3,linear:25088-10}, see {@link ArchitectureSpec}).
 */
public sealed interface TargetArch {
  /** The name in messages. */
  String cliName();

  /** The {@code --arch} values that name a way of reading a file. */
  enum Family implements TargetArch {
    /**
     * From the file's tensor names: {@code blocks.0.conv1.weight} means an open_lth ResNet (of the
     * structure its tensors have), {@code fc_layers.0.weight} an open_lth LeNet,
     * {@code layers.0.conv.weight} with batch norms an open_lth VGG, else a sequential CNN.
     */
    AUTO("auto"),
    /** A sequential CNN: {@code X.weight} and optional {@code X.bias} per layer (see {@link TargetReader}). */
    CNN("cnn");

    private final List<String> names;

    Family(String... names) {
      this.names = List.of(names);
    }

    /** Whether {@code text} is one of this format's names (case-insensitive). */
    public boolean isNamed(String text) {
      return names.contains(text.toLowerCase(Locale.ROOT));
    }

    /** The canonical name, for messages. */
    @Override
    public String cliName() {
      return names.get(0);
    }
  }

  /** A zoo model: its layers and tensor names come from the architecture, not the file's order. */
  record Zoo(ZooModel model) implements TargetArch {
    @Override
    public String cliName() {
      return model.name();
    }
  }

  /** Dense layers {@code kind:in-out[-kernel],...}: an architecture without a file. */
  record Layers(String spec) implements TargetArch {
    @Override
    public String cliName() {
      return spec;
    }
  }

  /** open_lth's {@code cifar_resnet_20}, the paper's ResNet-22 ({@code resnet20}, {@code resnet22}). */
  static Zoo cifarResNet20() {
    return new Zoo(ZooModel.parse("cifar_resnet_20"));
  }

  /** Parses an {@code --arch} value; null means {@link Family#AUTO}. */
  static TargetArch parse(String text) {
    if (text == null) {
      return Family.AUTO;
    }
    if (text.contains(":")) {
      return new Layers(text);
    }
    for (Family f : Family.values()) {
      if (f.isNamed(text)) {
        return f;
      }
    }
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.startsWith("mnist_lenet") || t.startsWith("cifar_resnet") || t.startsWith("cifar_vgg")) {
      try {
        return new Zoo(ZooModel.parse(text));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--arch " + text + ": " + e.getMessage());
      }
    }
    return ZooModel.named(text).<TargetArch>map(Zoo::new).orElseThrow(() -> new IllegalArgumentException(
        "--arch must be auto, cnn, cifar_resnet_20 (also resnet20, resnet22), another zoo model (" + ZooModel.NAMES
            + ") or a layer list such as conv:1-32-3,linear:25088-10, got '" + text + "'"));
  }
}
