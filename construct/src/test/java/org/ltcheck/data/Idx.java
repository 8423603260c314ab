package org.ltcheck.data;

import java.nio.ByteBuffer;
import java.util.Random;

/** Generated IDX files for tests. */
final class Idx {
  private Idx() {}

  static byte[] images(int magic, int count, int rows, int cols, byte[] pixels) {
    ByteBuffer b = ByteBuffer.allocate(16 + pixels.length);
    b.putInt(magic).putInt(count).putInt(rows).putInt(cols).put(pixels);
    return b.array();
  }

  static byte[] images(Random rnd, int count, int rows, int cols) {
    byte[] px = new byte[count * rows * cols];
    rnd.nextBytes(px);
    return images(IdxReader.IMAGES_MAGIC, count, rows, cols, px);
  }

  static byte[] labels(int magic, int[] labels) {
    ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
    b.putInt(magic).putInt(labels.length);
    for (int l : labels) {
      b.put((byte) l);
    }
    return b.array();
  }

  static int[] randomLabels(Random rnd, int n) {
    int[] l = new int[n];
    for (int i = 0; i < n; i++) {
      l[i] = rnd.nextInt(10);
    }
    return l;
  }
}
