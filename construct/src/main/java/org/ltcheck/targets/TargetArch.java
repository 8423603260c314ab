package org.ltcheck.targets;

import java.util.List;
import java.util.Locale;

/**
 * What {@code --arch} says about a target, in every command: the format of a target file
 * ({@link Family}), or a list of dense layers that describes an architecture without weights
 * ({@link Layers}, e.g. {@code conv:1-32-3,linear:25088-10}, see {@link ArchitectureSpec}).
 */
public sealed interface TargetArch {
  /** The {@code --arch} values that name a format. */
  enum Family implements TargetArch {
    /** From the file's tensor names: {@code blocks.0.conv1.weight} means a ResNet, else a sequential CNN. */
    AUTO("auto"),
    /** A sequential CNN: {@code X.weight} and optional {@code X.bias} per layer (see {@link TargetReader}). */
    CNN("cnn"),
    /**
     * open_lth's {@code cifar_resnet_20}, which the paper calls ResNet-22 (it counts the two 1x1
     * shortcut convolutions); {@code resnet20} and {@code resnet22} are accepted for it.
     */
    CIFAR_RESNET_20("cifar_resnet_20", "resnet20", "resnet22");

    private final List<String> names;

    Family(String... names) {
      this.names = List.of(names);
    }

    /** Whether {@code text} is one of this format's names (case-insensitive). */
    public boolean isNamed(String text) {
      return names.contains(text.toLowerCase(Locale.ROOT));
    }

    /** The canonical name, for messages. */
    public String cliName() {
      return names.get(0);
    }
  }

  /** Dense layers {@code kind:in-out[-kernel],...}: an architecture without a file. */
  record Layers(String spec) implements TargetArch {}

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
    throw new IllegalArgumentException("--arch must be auto, cnn, " + Family.CIFAR_RESNET_20.cliName()
        + " (also resnet20, resnet22) or a layer list such as conv:1-32-3,linear:25088-10, got '" + text + "'");
  }
}
