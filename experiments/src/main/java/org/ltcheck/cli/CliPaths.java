package org.ltcheck.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks of the paths given on a command line, each failing with one sentence naming the option. */
final class CliPaths {
  private CliPaths() {}

  /** Refuses a {@code dir} (when given) that does not exist or is not a directory. */
  static void checkDirectory(String option, Path dir) {
    if (dir == null || Files.isDirectory(dir)) {
      return;
    }
    throw new IllegalArgumentException(option + " " + dir
        + (Files.exists(dir) ? " is not a directory (it is a file)" : " does not exist"));
  }
}
