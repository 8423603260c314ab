package org.ltcheck.targets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/** Resolves a command-line target name: a bundled target's name, or a path to a file. */
public final class Targets {
  private Targets() {}

  /**
   * {@code "mnist"} gives the bundled MNIST target, materialised under
   * {@code cacheRoot/targets}; anything else is a path that must exist.
   */
  public static Path resolve(String spec, Path cacheRoot) throws IOException {
    if (spec.toLowerCase(Locale.ROOT).equals(MnistCnnTarget.NAME)) {
      return MnistCnnTarget.bundledFile(cacheRoot.resolve("targets"));
    }
    Path p = Path.of(spec);
    if (!Files.isRegularFile(p)) {
      throw new NoSuchFileException(spec, null, "target file not found (bundled targets: " + MnistCnnTarget.NAME + ")");
    }
    return p;
  }
}
