package org.ltcheck.io.torch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The torch.save test files of this package, made by
 * {@code experiments/scripts/make_torch_test_pickles.py}, for the tests of every package.
 */
public final class TorchTestFiles {
  private TorchTestFiles() {}

  /** Copies resource {@code name} into {@code dir}, as the readers read files. */
  public static Path copy(Path dir, String name) throws IOException {
    Path p = dir.resolve(name);
    try (InputStream in = open(name)) {
      Files.copy(in, p);
    }
    return p;
  }

  /** The resource's bytes. */
  public static InputStream open(String name) throws IOException {
    InputStream in = TorchTestFiles.class.getResourceAsStream(name);
    if (in == null) {
      throw new java.io.FileNotFoundException("test resource " + name);
    }
    return in;
  }
}
