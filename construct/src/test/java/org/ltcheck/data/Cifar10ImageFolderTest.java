package org.ltcheck.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ltcheck.io.TestTar;

class Cifar10ImageFolderTest {
  @TempDir Path tmp;

  private static final int PER_CLASS = 3;

  /**
   * Writes {@code root/split/<class>/000k.png} (files created in reverse name order so that
   * creation order cannot stand in for sorting) and returns the expected planar pixels in
   * (class, file name) order.
   */
  private static byte[] writeFolder(Path root, Split split, Random rnd, TestTar tar, String prefix) throws IOException {
    byte[] expected = new byte[10 * PER_CLASS * Cifar10Binary.IMAGE_BYTES];
    for (int c = 0; c < 10; c++) {
      Path dir = Files.createDirectories(root.resolve(split.lowerName()).resolve(Cifar10.CLASSES.get(c)));
      for (int k = PER_CLASS - 1; k >= 0; k--) {
        byte[] img = Images.planar(rnd, false);
        System.arraycopy(img, 0, expected, (c * PER_CLASS + k) * Cifar10Binary.IMAGE_BYTES, img.length);
        byte[] png = Images.png(img);
        String name = String.format("%04d.png", k);
        Files.write(dir.resolve(name), png);
        if (tar != null) {
          tar.file(prefix + split.lowerName() + "/" + Cifar10.CLASSES.get(c) + "/" + name, png);
        }
      }
    }
    return expected;
  }

  @Test
  void directoryOfPngsGivesExactPixelsLabelsAndOrder() throws IOException {
    byte[] expected = writeFolder(tmp, Split.TEST, new Random(40), null, "");
    RawImages r = Cifar10ImageFolder.readDirectory(tmp, Split.TEST);
    assertEquals(30, r.count());
    assertArrayEquals(expected, r.pixels());
    for (int i = 0; i < 30; i++) {
      assertEquals(i / PER_CLASS, r.label(i));
    }
    assertEquals("CIFAR-10 test (image folder)", r.description());
  }

  @Test
  void archiveGivesTheSameImagesAsTheFolderForBothSplits() throws IOException {
    TestTar tar = new TestTar().directory("CIFAR-10-images/");
    Random rnd = new Random(41);
    writeFolder(tmp, Split.TRAIN, rnd, tar, "CIFAR-10-images/");
    writeFolder(tmp, Split.TEST, rnd, tar, "CIFAR-10-images/");
    tar.file("CIFAR-10-images/README.md", new byte[] {'h', 'i'});
    Path archive = tar.writeGzip(tmp.resolve("images.tar.gz"));
    Map<Split, RawImages> fromArchive = Cifar10ImageFolder.readArchive(archive, EnumSet.allOf(Split.class));
    assertEquals(Cifar10ImageFolder.readDirectory(tmp, Split.TRAIN), fromArchive.get(Split.TRAIN));
    assertEquals(Cifar10ImageFolder.readDirectory(tmp, Split.TEST), fromArchive.get(Split.TEST));
  }

  @Test
  void jpegImagesAreDecodedCloselyAndLabelledAsJpeg() throws IOException {
    Random rnd = new Random(42);
    byte[][] originals = new byte[10][];
    for (int c = 0; c < 10; c++) {
      Path dir = Files.createDirectories(tmp.resolve("test").resolve(Cifar10.CLASSES.get(c)));
      originals[c] = Images.planar(rnd, true);
      Files.write(dir.resolve("0000.jpg"), Images.jpeg(originals[c]));
    }
    RawImages r = Cifar10ImageFolder.readDirectory(tmp, Split.TEST);
    assertEquals("CIFAR-10 test (JPEG version)", r.description());
    for (int c = 0; c < 10; c++) {
      long err = 0;
      for (int ch = 0; ch < 3; ch++) {
        for (int p = 0; p < 1024; p++) {
          err += Math.abs(r.pixel(c, ch, p / 32, p % 32) - (originals[c][ch * 1024 + p] & 0xff));
        }
      }
      // Smooth images lose little to JPEG; swapped channels or transposed rows would cost far more.
      assertTrue(err / 3072.0 < 4, "class " + c + " mean abs error " + err / 3072.0);
    }
  }

  @Test
  void missingClassFolderIsNamed() throws IOException {
    writeFolder(tmp, Split.TEST, new Random(43), null, "");
    Path ship = tmp.resolve("test/ship");
    try (var s = Files.list(ship)) {
      for (Path p : s.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(ship);
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Cifar10ImageFolder.readDirectory(tmp, Split.TEST));
    assertTrue(e.getMessage().contains("ship"), e.getMessage());
  }

  @Test
  void wrongSizeGrayscaleOrUndecodableImagesAreNamed() throws IOException {
    writeFolder(tmp, Split.TEST, new Random(44), null, "");
    Path cat = tmp.resolve("test/cat/0001.png");

    Files.write(cat, Images.encode(new BufferedImage(31, 32, BufferedImage.TYPE_INT_RGB), "png"));
    MalformedDataException size = assertThrows(MalformedDataException.class,
        () -> Cifar10ImageFolder.readDirectory(tmp, Split.TEST));
    assertTrue(size.getMessage().contains(cat.toString()) && size.getMessage().contains("31x32"), size.getMessage());

    Files.write(cat, Images.encode(new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY), "png"));
    MalformedDataException gray = assertThrows(MalformedDataException.class,
        () -> Cifar10ImageFolder.readDirectory(tmp, Split.TEST));
    assertTrue(gray.getMessage().contains(cat.toString()) && gray.getMessage().contains("RGB"), gray.getMessage());

    Files.write(cat, new byte[] {1, 2, 3, 4});
    MalformedDataException junk = assertThrows(MalformedDataException.class,
        () -> Cifar10ImageFolder.readDirectory(tmp, Split.TEST));
    assertTrue(junk.getMessage().contains(cat.toString()), junk.getMessage());
  }

  @Test
  void unexpectedFolderIsRejected() throws IOException {
    writeFolder(tmp, Split.TEST, new Random(45), null, "");
    Files.createDirectories(tmp.resolve("test/cats"));
    MalformedDataException e = assertThrows(MalformedDataException.class,
        () -> Cifar10ImageFolder.readDirectory(tmp, Split.TEST));
    assertTrue(e.getMessage().contains("cats"), e.getMessage());
  }
}
