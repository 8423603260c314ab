package org.ltcheck.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarReaderTest {
  @TempDir Path tmp;

  private static byte[] random(Random rnd, int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  @Test
  void readsEveryMemberOfAGeneratedTarGzWithExactContent() throws IOException {
    Random rnd = new Random(1);
    Map<String, byte[]> files = new LinkedHashMap<>();
    // Sizes around the 512-byte block boundary catch padding mistakes.
    for (int size : new int[] {0, 1, 511, 512, 513, 1500, 70_000}) {
      files.put("dir/file-" + size + ".bin", random(rnd, size));
    }
    String deep = "a".repeat(60) + "/" + "b".repeat(60) + "/c.jpg";
    files.put(deep, random(rnd, 33));
    TestTar tar = new TestTar().directory("dir/");
    files.forEach(tar::file);
    Path gz = tar.writeGzip(tmp.resolve("t.tar.gz"));

    Map<String, byte[]> read = new LinkedHashMap<>();
    try (TarReader r = TarReader.openGzip(gz)) {
      TarReader.Entry e = r.next();
      assertEquals("dir/", e.name());
      assertTrue(e.isDirectory());
      assertFalse(e.isFile());
      while ((e = r.next()) != null) {
        assertTrue(e.isFile());
        read.put(e.name(), r.readContent());
      }
    }
    assertEquals(files.keySet(), read.keySet());
    files.forEach((k, v) -> assertArrayEquals(v, read.get(k), k));
  }

  @Test
  void skipsUnreadAndPartlyReadContent() throws IOException {
    Random rnd = new Random(2);
    byte[] a = random(rnd, 3000);
    byte[] b = random(rnd, 700);
    byte[] c = random(rnd, 10);
    byte[] tar = new TestTar().file("a", a).file("b", b).file("c", c).bytes();
    try (TarReader r = new TarReader(new ByteArrayInputStream(tar), "mem")) {
      r.next();
      r.next();
      byte[] firstBytes = new byte[100];
      assertEquals(100, r.content().read(firstBytes));
      assertArrayEquals(Arrays.copyOf(b, 100), firstBytes);
      TarReader.Entry e = r.next();
      assertEquals("c", e.name());
      assertArrayEquals(c, r.readContent());
      assertNull(r.next());
    }
  }

  @Test
  void gnuLongNamesAndPaxPathsGiveTheFullNameWithoutLeadingDotSlash() throws IOException {
    Random rnd = new Random(3);
    String longName = "package/" + "x".repeat(150) + "/data.bin";
    String paxName = "./test/" + "y".repeat(120) + "/0001.jpg";
    byte[] c1 = random(rnd, 1000);
    byte[] c2 = random(rnd, 5);
    List<String> names = new ArrayList<>();
    for (int mode : new int[] {TarArchiveOutputStream.LONGFILE_GNU, TarArchiveOutputStream.LONGFILE_POSIX}) {
      byte[] tar = new TestTar(mode).file(longName, c1).add(entry(paxName, c2.length), c2).bytes();
      try (TarReader r = new TarReader(new ByteArrayInputStream(tar), "mem")) {
        names.add(r.next().name());
        assertArrayEquals(c1, r.readContent());
        names.add(r.next().name());
        assertArrayEquals(c2, r.readContent());
        assertNull(r.next());
      }
    }
    String plain = paxName.substring(2);
    assertEquals(List.of(longName, plain, longName, plain), names);
  }

  /** An entry whose name is kept as given (TarArchiveEntry(String) would drop the "./"). */
  private static TarArchiveEntry entry(String name, long size) {
    TarArchiveEntry e = new TarArchiveEntry(name, true);
    e.setSize(size);
    return e;
  }

  @Test
  void truncatedArchiveFailsNamingSourceAndEntry() throws IOException {
    byte[] tar = new TestTar().file("big.bin", new byte[5000]).bytes();
    byte[] cut = Arrays.copyOf(tar, 512 + 2000);
    try (TarReader r = new TarReader(new ByteArrayInputStream(cut), "cut.tar")) {
      r.next();
      EOFException e = assertThrows(EOFException.class, r::readContent);
      assertTrue(e.getMessage().contains("cut.tar") && e.getMessage().contains("big.bin"), e.getMessage());
    }
  }

  @Test
  void corruptHeaderIsReportedAsNotATar() throws IOException {
    byte[] tar = new TestTar().file("f", new byte[10]).bytes();
    tar[3] ^= 0x55;
    try (TarReader r = new TarReader(new ByteArrayInputStream(tar), "bad.tar")) {
      IOException e = assertThrows(IOException.class, r::next);
      assertTrue(e.getMessage().contains("bad.tar") && e.getMessage().contains("checksum"), e.getMessage());
    }
  }

  @Test
  void garbageIsReportedAsNotATarWithItsName() throws IOException {
    byte[] junk = random(new Random(4), 2048);
    try (TarReader r = new TarReader(new ByteArrayInputStream(junk), "junk.tar")) {
      IOException e = assertThrows(IOException.class, r::next);
      assertTrue(e.getMessage().contains("junk.tar") && e.getMessage().contains("not a tar"), e.getMessage());
    }
  }

  @Test
  void nonGzipFileIsRejectedWithItsName() throws IOException {
    Path f = Files.write(tmp.resolve("plain.tar.gz"), new TestTar().file("f", new byte[1]).bytes());
    IOException e = assertThrows(IOException.class, () -> TarReader.openGzip(f));
    assertTrue(e.getMessage().contains("plain.tar.gz"), e.getMessage());
  }

  @Test
  void archiveWithoutEndBlocksStillEndsCleanly() throws IOException {
    byte[] full = new TestTar().file("f", new byte[] {1, 2, 3}).bytes();
    byte[] noEnd = Arrays.copyOf(full, 1024);
    try (TarReader r = new TarReader(new ByteArrayInputStream(noEnd), "mem")) {
      assertFalse(r.next() == null);
      assertArrayEquals(new byte[] {1, 2, 3}, r.readContent());
      assertNull(r.next());
    }
  }

  @Test
  void namesThatLeaveTheArchiveAreRefusedWithArchiveAndEntryName() throws IOException {
    for (String bad : new String[] {"../evil.bin", "test/cat/../../../evil.jpg", "/etc/passwd"}) {
      byte[] tar = new TestTar().add(entry(bad, 1), new byte[1]).bytes();
      try (TarReader r = new TarReader(new ByteArrayInputStream(tar), "evil.tar")) {
        IOException e = assertThrows(IOException.class, r::next, bad);
        assertTrue(e.getMessage().contains("evil.tar") && e.getMessage().contains(bad), e.getMessage());
      }
    }
  }

  @Test
  void linksAndDevicesAreNotFiles() throws IOException {
    TarArchiveEntry link = new TarArchiveEntry("test/cat/0001.jpg", TarConstants.LF_SYMLINK);
    link.setLinkName("/etc/passwd");
    TarArchiveEntry hard = new TarArchiveEntry("test/cat/0002.jpg", TarConstants.LF_LINK);
    hard.setLinkName("test/cat/0001.jpg");
    TarArchiveEntry fifo = new TarArchiveEntry("test/cat/0003.jpg", TarConstants.LF_FIFO);
    byte[] tar = new TestTar().add(link, new byte[0]).add(hard, new byte[0]).add(fifo, new byte[0]).bytes();
    try (TarReader r = new TarReader(new ByteArrayInputStream(tar), "mem")) {
      for (TarReader.Entry e; (e = r.next()) != null; ) {
        assertFalse(e.isFile(), e.name());
        assertFalse(e.isDirectory(), e.name());
      }
    }
  }
}
