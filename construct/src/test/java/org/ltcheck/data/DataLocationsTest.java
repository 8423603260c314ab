package org.ltcheck.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLocationsTest {
  @TempDir Path tmp;

  @Test
  void cacheRootPrefersTheEnvironmentVariable() {
    assertEquals(Path.of("/data/c").toAbsolutePath(),
        DataLocations.cacheRoot(Map.of(DataLocations.CACHE_ENV, "/data/c"), "/home/u"));
    assertEquals(Path.of("/home/u", ".cache", "ltcheck"), DataLocations.cacheRoot(Map.of(), "/home/u"));
    assertEquals(Path.of("/home/u", ".cache", "ltcheck"),
        DataLocations.cacheRoot(Map.of(DataLocations.CACHE_ENV, " "), "/home/u"));
  }

  @Test
  void repositoryRootIsTheParentPomNotAModulePom() throws Exception {
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    Files.writeString(repo.resolve("pom.xml"), "<project><artifactId>ltcheck-parent</artifactId></project>");
    Path module = Files.createDirectories(repo.resolve("construct"));
    Files.writeString(module.resolve("pom.xml"),
        "<project><parent><artifactId>ltcheck-parent</artifactId></parent><artifactId>ltcheck-construct</artifactId></project>");
    Path deep = Files.createDirectories(module.resolve("src/main"));
    assertEquals(Optional.of(repo), DataLocations.repositoryRoot(deep));
    assertTrue(DataLocations.repositoryRoot(tmp).isEmpty() || !DataLocations.repositoryRoot(tmp).get().startsWith(tmp));
    assertEquals(repo.resolve("../shared/data/cifar10-jpeg.tar.gz").normalize(), Cifar10Fetcher.sharedArchive(repo));
  }
}
