package org.ltcheck.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10BinaryTest {
  @TempDir Path tmp;

  @Test
  void writtenBatchReadsBackIdenticallyInTheOfficialRecordLayout() throws Exception {
    RawImages r = Images.raw(new Random(30), 7, "gen");
    Path f = tmp.resolve("test_batch.bin");
    Cifar10Binary.write(f, r, 0, 7);
    byte[] bytes = Files.readAllBytes(f);
    assertEquals(7 * 3073, bytes.length);
    // record 1: label byte, then the red plane row by row, then green, then blue
    assertEquals(r.label(1), bytes[3073]);
    assertEquals(r.pixel(1, 0, 0, 0), bytes[3073 + 1] & 0xff);
    assertEquals(r.pixel(1, 0, 2, 5), bytes[3073 + 1 + 2 * 32 + 5] & 0xff);
    assertEquals(r.pixel(1, 1, 0, 0), bytes[3073 + 1 + 1024] & 0xff);
    assertEquals(r.pixel(1, 2, 31, 31), bytes[3073 + 3072] & 0xff);
    assertEquals(r, Cifar10Binary.read(List.of(f), "gen"));
  }

  @Test
  void filesAreConcatenatedInOrder() throws Exception {
    RawImages r = Images.raw(new Random(31), 5, "gen");
    Cifar10Binary.write(tmp.resolve("a.bin"), r, 0, 2);
    Cifar10Binary.write(tmp.resolve("b.bin"), r, 2, 5);
    RawImages back = Cifar10Binary.read(List.of(tmp.resolve("a.bin"), tmp.resolve("b.bin")), "gen");
    assertArrayEquals(r.pixels(), back.pixels());
    assertArrayEquals(r.labels(), back.labels());
  }

  @Test
  void lengthThatIsNotWholeRecordsIsRejectedNamingFileAndLength() throws Exception {
    Path f = Files.write(tmp.resolve("data_batch_1.bin"), new byte[3073 * 2 + 10]);
    MalformedDataException e =
        assertThrows(MalformedDataException.class, () -> Cifar10Binary.read(List.of(f), "x"));
    assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("6156")
        && e.getMessage().contains("3073"), e.getMessage());
  }

  @Test
  void labelAboveNineIsRejectedWithRecordIndex() throws Exception {
    byte[] b = new byte[3073 * 3];
    b[3073] = 12;
    Path f = Files.write(tmp.resolve("t.bin"), b);
    MalformedDataException e =
        assertThrows(MalformedDataException.class, () -> Cifar10Binary.read(List.of(f), "x"));
    assertTrue(e.getMessage().contains("record 1") && e.getMessage().contains("label 12"), e.getMessage());
  }

  @Test
  void splitNeedsTheOfficialImageCount() {
    RawImages r = Images.raw(new Random(32), 3, "gen");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Cifar10Binary.writeSplit(tmp, Split.TEST, r));
    assertTrue(e.getMessage().contains("10000") && e.getMessage().contains("3"), e.getMessage());
    assertTrue(Arrays.asList(tmp.toFile().list()).isEmpty());
  }
}
