package org.ltcheck.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ltcheck.io.ChecksumMismatchException;
import org.ltcheck.io.TestTar;

class Cifar10FetcherTest {
  @TempDir Path tmp;

  private Cifar10Fetcher fetcher(List<Path> archives) {
    return new Cifar10Fetcher(tmp.resolve("cache"), archives);
  }

  @Test
  void userBinaryBatchesAreOfficialAlsoInsideTheExtractedFolder() throws IOException {
    RawImages r = Images.raw(new Random(50), 4, "gen");
    for (Path dir : List.of(tmp.resolve("flat"), tmp.resolve("nested").resolve(Cifar10Fetcher.OFFICIAL_FOLDER))) {
      Cifar10Binary.write(dir.resolve("test_batch.bin"), r, 0, 4);
    }
    for (Path user : List.of(tmp.resolve("flat"), tmp.resolve("nested"))) {
      RawImages got = fetcher(List.of()).load(Split.TEST, user);
      assertEquals("CIFAR-10 test (official binary)", got.description());
      assertArrayEquals(r.pixels(), got.pixels());
      assertArrayEquals(r.labels(), got.labels());
    }
  }

  @Test
  void cachedConversionKeepsItsJpegProvenance() throws IOException {
    Path cache = tmp.resolve("cache");
    Random rnd = new Random(51);
    for (String f : Cifar10Binary.TRAIN_FILES) {
      Cifar10Binary.write(cache.resolve(f), Images.raw(rnd, 2, "g"), 0, 2);
    }
    Cifar10Binary.write(cache.resolve(Cifar10Binary.TEST_FILE), Images.raw(rnd, 3, "g"), 0, 3);
    Cifar10Fetcher f = fetcher(List.of(tmp.resolve("no-archive.tar.gz")));
    assertFalse(f.isCached(Split.TEST), "batches without provenance are an unfinished conversion");
    Files.writeString(cache.resolve(Cifar10Fetcher.SOURCE_FILE), "JPEG version\nconverted from test\n");
    RawImages test = f.load(Split.TEST, null);
    assertEquals("CIFAR-10 test (JPEG version)", test.description());
    assertEquals(3, test.count());
    RawImages train = f.load(Split.TRAIN, null);
    assertEquals(10, train.count());
    assertEquals("CIFAR-10 train (JPEG version)", train.description());
  }

  @Test
  void nothingAnywhereExplainsAllWaysToSupplyData() {
    DataUnavailableException e = assertThrows(DataUnavailableException.class,
        () -> fetcher(List.of(tmp.resolve("absent.tar.gz"))).load(Split.TEST, null));
    assertTrue(e.getMessage().contains("--data-dir") && e.getMessage().contains(Cifar10Fetcher.ARCHIVE_ENV)
        && e.getMessage().contains("absent.tar.gz"), e.getMessage());
  }

  @Test
  void withoutAnyArchiveLocationTheMessageSaysWhereItWouldHaveLooked() {
    DataUnavailableException e = assertThrows(DataUnavailableException.class,
        () -> fetcher(List.of()).load(Split.TEST, null));
    assertFalse(e.getMessage().contains("[]"), e.getMessage());
    assertTrue(e.getMessage().contains(Cifar10Fetcher.ARCHIVE_ENV + " is not set")
        && e.getMessage().contains("../shared/data/" + Cifar10Fetcher.ARCHIVE_NAME), e.getMessage());
  }

  @Test
  void userDirectoryProblemsAreNamed() throws IOException {
    Path absent = tmp.resolve("absent");
    NoSuchFileException e1 = assertThrows(NoSuchFileException.class, () -> fetcher(List.of()).load(Split.TEST, absent));
    assertTrue(e1.getMessage().contains(absent.toString()) && e1.getMessage().contains("does not exist"), e1.getMessage());
    Path file = Files.writeString(tmp.resolve("file"), "x");
    NoSuchFileException e3 = assertThrows(NoSuchFileException.class, () -> fetcher(List.of()).load(Split.TEST, file));
    assertTrue(e3.getMessage().contains("is not a directory"), e3.getMessage());
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    NoSuchFileException e2 = assertThrows(NoSuchFileException.class, () -> fetcher(List.of()).load(Split.TEST, empty));
    assertTrue(e2.getMessage().contains("test_batch.bin") && e2.getMessage().contains(Cifar10Fetcher.ARCHIVE_NAME),
        e2.getMessage());
  }

  @Test
  void archiveWithOtherContentIsRefusedBeforeAnythingIsCached() throws IOException {
    Path user = Files.createDirectories(tmp.resolve("user"));
    new TestTar().file("test/cat/0000.png", Images.png(Images.planar(new Random(52), false)))
        .writeGzip(user.resolve(Cifar10Fetcher.ARCHIVE_NAME));
    ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class,
        () -> fetcher(List.of()).load(Split.TEST, user));
    assertTrue(e.getMessage().contains(Cifar10Fetcher.ARCHIVE_SHA256), e.getMessage());
    assertFalse(Files.exists(tmp.resolve("cache").resolve(Cifar10Binary.TEST_FILE)));
  }
}
