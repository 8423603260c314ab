package org.ltcheck.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where data live by default: the per-user cache and the repository checkout. Environment and
 * home directory are parameters of the static helpers so that tests need not touch the real
 * ones.
 */
public final class DataLocations {
  /** Environment variable overriding the cache root. */
  public static final String CACHE_ENV = "LTCHECK_CACHE";

  private DataLocations() {}

  /** {@code $LTCHECK_CACHE} if set and non-empty, else {@code ~/.cache/ltcheck}. */
  public static Path cacheRoot() {
    return cacheRoot(System.getenv(), System.getProperty("user.home"));
  }

  static Path cacheRoot(Map<String, String> env, String userHome) {
    String v = env.get(CACHE_ENV);
    if (v != null && !v.isBlank()) {
      return Path.of(v).toAbsolutePath();
    }
    return Path.of(userHome, ".cache", "ltcheck");
  }

  /**
   * The ltcheck repository root: the nearest directory at or above {@code start} whose pom.xml
   * is the ltcheck parent pom (module poms are skipped, they name another artifact).
   */
  public static Optional<Path> repositoryRoot(Path start) {
    for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
      Path pom = p.resolve("pom.xml");
      if (Files.isRegularFile(pom) && isParentPom(pom)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** {@link #repositoryRoot(Path)} from the current working directory. */
  public static Optional<Path> repositoryRoot() {
    return repositoryRoot(Path.of(""));
  }

  private static boolean isParentPom(Path pom) {
    try {
      // Module poms name ltcheck-parent too, inside their <parent> element: look outside it.
      String own = Files.readString(pom).replaceAll("(?s)<parent>.*?</parent>", "");
      return own.contains("<artifactId>ltcheck-parent</artifactId>");
    } catch (IOException e) {
      return false;
    }
  }
}
