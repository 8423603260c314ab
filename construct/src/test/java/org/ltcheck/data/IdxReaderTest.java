package org.ltcheck.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IdxReaderTest {
  @Test
  void parsesGeneratedImagesAndLabelsIntoRawImages() throws Exception {
    Random rnd = new Random(10);
    byte[] px = new byte[3 * 4 * 5];
    rnd.nextBytes(px);
    int[] labels = {3, 0, 9};
    RawImages r = MnistFetcher.parse("img", Idx.images(IdxReader.IMAGES_MAGIC, 3, 4, 5, px), "lab",
        Idx.labels(IdxReader.LABELS_MAGIC, labels), "gen");
    assertEquals(3, r.count());
    assertEquals(1, r.channels());
    assertEquals(4, r.height());
    assertEquals(5, r.width());
    assertArrayEquals(labels, r.labels());
    // image 2, row 3, column 1 is byte 2*20 + 3*5 + 1 of the pixel block: rows are 5 wide
    assertEquals(px[2 * 20 + 3 * 5 + 1] & 0xff, r.pixel(2, 0, 3, 1));
  }

  @Test
  void badMagicNamesFileAndBothValues() {
    byte[] labelsAsImages = Idx.labels(IdxReader.LABELS_MAGIC, new int[16]);
    MalformedDataException e =
        assertThrows(MalformedDataException.class, () -> IdxReader.images("t10k-images", labelsAsImages));
    assertTrue(e.getMessage().contains("t10k-images") && e.getMessage().contains("0x00000801")
        && e.getMessage().contains("0x00000803"), e.getMessage());
  }

  @Test
  void truncatedAndOverlongFilesAreRejected() {
    byte[] ok = Idx.images(new Random(11), 4, 3, 3);
    MalformedDataException cut = assertThrows(MalformedDataException.class,
        () -> IdxReader.images("f", Arrays.copyOf(ok, ok.length - 1)));
    assertTrue(cut.getMessage().contains("truncated") && cut.getMessage().contains(String.valueOf(ok.length)),
        cut.getMessage());
    MalformedDataException extra = assertThrows(MalformedDataException.class,
        () -> IdxReader.images("f", Arrays.copyOf(ok, ok.length + 1)));
    assertTrue(extra.getMessage().contains(String.valueOf(ok.length + 1)), extra.getMessage());
    MalformedDataException header = assertThrows(MalformedDataException.class,
        () -> IdxReader.labels("lab", new byte[5], 10));
    assertTrue(header.getMessage().contains("lab") && header.getMessage().contains("header"), header.getMessage());
  }

  @Test
  void imageAndLabelCountsMustAgree() {
    Random rnd = new Random(12);
    MalformedDataException e = assertThrows(MalformedDataException.class,
        () -> MnistFetcher.parse("imgs", Idx.images(rnd, 5, 2, 2), "labs",
            Idx.labels(IdxReader.LABELS_MAGIC, Idx.randomLabels(rnd, 4)), "gen"));
    assertTrue(e.getMessage().contains("5 images") && e.getMessage().contains("4 labels"), e.getMessage());
  }

  @Test
  void labelOutsideTheClassesIsRejectedWithItsIndex() {
    MalformedDataException e = assertThrows(MalformedDataException.class,
        () -> IdxReader.labels("labs", Idx.labels(IdxReader.LABELS_MAGIC, new int[] {1, 2, 10}), 10));
    assertTrue(e.getMessage().contains("label 10") && e.getMessage().contains("item 2"), e.getMessage());
  }

  @Test
  void negativeDimensionsAreRejected() {
    byte[] b = Idx.images(IdxReader.IMAGES_MAGIC, -1, 28, 28, new byte[0]);
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> IdxReader.images("f", b));
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
  }
}
