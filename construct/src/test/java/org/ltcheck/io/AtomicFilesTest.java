package org.ltcheck.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  private List<String> names() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aFailingMemberOfASetLeavesEveryOldFileAndNoTemporaryFile() throws IOException {
    Path a = dir.resolve("a.txt");
    Path b = dir.resolve("b.txt");
    Files.writeString(a, "old a");
    Files.writeString(b, "old b");
    Map<Path, AtomicFiles.Content> set = new LinkedHashMap<>();
    set.put(a, AtomicFiles.text("new a"));
    set.put(b, out -> {
      throw new IOException("content failed");
    });
    assertThrows(IOException.class, () -> AtomicFiles.writeAll(set));
    assertEquals("old a", Files.readString(a));
    assertEquals("old b", Files.readString(b));
    assertEquals(List.of("a.txt", "b.txt"), names());
  }

  @Test
  void anUnwritableMemberIsRefusedBeforeAnythingIsWritten() throws IOException {
    Path a = dir.resolve("a.txt");
    Files.writeString(a, "old a");
    Path file = Files.writeString(dir.resolve("afile"), "x");
    Map<Path, AtomicFiles.Content> set = new LinkedHashMap<>();
    set.put(a, AtomicFiles.text("new a"));
    set.put(file.resolve("r.json"), AtomicFiles.text("report"));
    IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeAll(set));
    assertTrue(e.getMessage().contains("afile/r.json") && e.getMessage().contains("not a directory"), e.getMessage());
    assertEquals("old a", Files.readString(a));
    assertEquals(List.of("a.txt", "afile"), names());
  }

  @Test
  void aSetIsWrittenCompletely() throws IOException {
    Path a = dir.resolve("sub/a.txt");
    Path b = dir.resolve("sub/b.txt");
    Files.createDirectories(a.getParent());
    Files.writeString(a, "old a");
    Map<Path, AtomicFiles.Content> set = new LinkedHashMap<>();
    set.put(a, AtomicFiles.text("new a"));
    set.put(b, AtomicFiles.text("new b"));
    AtomicFiles.writeAll(set);
    assertEquals("new a", Files.readString(a));
    assertEquals("new b", Files.readString(b));
    try (Stream<Path> files = Files.list(a.getParent())) {
      assertEquals(2, files.count(), "no temporary or backup file is left");
    }
  }

  @Test
  void checkWritableNamesTheOutputAndCreatesNothing() throws IOException {
    Path missing = dir.resolve("new/deeper/t.safetensors");
    AtomicFiles.checkWritable(missing);
    assertFalse(Files.exists(dir.resolve("new")), "checking creates no directory");
    IOException e = assertThrows(IOException.class, () -> AtomicFiles.checkWritable(dir));
    assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
    assertEquals(List.of(), names());
  }

  @Test
  void staleTemporaryFilesOfTheSameOutputAreRemovedByTheNextWrite() throws IOException {
    Path target = dir.resolve("t.json");
    Files.writeString(dir.resolve(".t.json.8123456789.tmp"), "killed");
    Files.writeString(dir.resolve(".t.json.backup.tmp"), "not ours");
    Files.writeString(dir.resolve(".u.json.42.tmp"), "another output's");
    AtomicFiles.writeString(target, "new");
    assertEquals(List.of(".t.json.backup.tmp", ".u.json.42.tmp", "t.json"), names());
    AtomicFiles.removeStaleTemps(dir.resolve("u.json"));
    assertEquals(List.of(".t.json.backup.tmp", "t.json"), names());
  }

  @Test
  void staleTemporaryFilesUnderADirectoryAreRemovedAndLookalikesKept() throws IOException {
    Path sub = Files.createDirectories(dir.resolve("train"));
    Files.writeString(sub.resolve(".checkpoint.safetensors.123456.tmp"), "killed");
    Files.writeString(dir.resolve(".report.json.9.tmp"), "killed");
    Files.writeString(dir.resolve(".x.tmp"), "keep");
    Files.writeString(dir.resolve("notes.9.tmp"), "keep");
    AtomicFiles.removeStaleTempsUnder(dir);
    assertEquals(List.of(".x.tmp", "notes.9.tmp", "train"), names());
    try (Stream<Path> files = Files.list(sub)) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void canonicalPathsResolveLinksAndDotsAlsoForMissingFiles() throws IOException {
    Path real = Files.createDirectories(dir.resolve("real"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), real);
    assertEquals(AtomicFiles.canonical(real.resolve("x.json")), AtomicFiles.canonical(link.resolve("x.json")));
    assertEquals(AtomicFiles.canonical(real.resolve("x.json")), AtomicFiles.canonical(dir.resolve("real/../link/./x.json")));
  }
}
