package org.ltcheck.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.ImageIO;

/** Generated images for the CIFAR readers' tests. */
final class Images {
  private Images() {}

  /** Random 3x32x32 planar RGB bytes; smooth ones survive JPEG nearly unchanged. */
  static byte[] planar(Random rnd, boolean smooth) {
    byte[] p = new byte[Cifar10Binary.IMAGE_BYTES];
    int base = rnd.nextInt(128);
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < 1024; i++) {
        int y = i / 32;
        int x = i % 32;
        p[c * 1024 + i] = (byte) (smooth ? base + 2 * x + y + 20 * c : rnd.nextInt(256));
      }
    }
    return p;
  }

  static BufferedImage toImage(byte[] planar, int type) {
    BufferedImage img = new BufferedImage(32, 32, type);
    for (int i = 0; i < 1024; i++) {
      int r = planar[i] & 0xff;
      int g = planar[1024 + i] & 0xff;
      int b = planar[2048 + i] & 0xff;
      img.setRGB(i % 32, i / 32, (r << 16) | (g << 8) | b);
    }
    return img;
  }

  static byte[] encode(BufferedImage img, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (!ImageIO.write(img, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] png(byte[] planar) {
    return encode(toImage(planar, BufferedImage.TYPE_INT_RGB), "png");
  }

  static byte[] jpeg(byte[] planar) {
    return encode(toImage(planar, BufferedImage.TYPE_3BYTE_BGR), "jpg");
  }

  /** Random labelled images of the binary batch geometry. */
  static RawImages raw(Random rnd, int n, String description) {
    byte[] px = new byte[n * Cifar10Binary.IMAGE_BYTES];
    rnd.nextBytes(px);
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = rnd.nextInt(10);
    }
    return new RawImages(px, n, 3, 32, 32, labels, 10, description);
  }
}
