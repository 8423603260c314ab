package org.ltcheck.data;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Parser of the IDX files of MNIST: big-endian int32 magic (0x00000803 for 3-d unsigned-byte
 * image arrays, 0x00000801 for 1-d label arrays), the dimensions, then the raw bytes. Works on
 * bytes already in memory because the caller hashes the same bytes it parses.
 */
public final class IdxReader {
  public static final int IMAGES_MAGIC = 0x00000803;
  public static final int LABELS_MAGIC = 0x00000801;

  private IdxReader() {}

  /** Images of an IDX3 file: {@code pixels} holds count*rows*cols bytes, image after image. */
  public record Images(int count, int rows, int cols, byte[] pixels) {}

  /**
   * @param what file name for messages
   */
  public static Images images(String what, byte[] bytes) throws MalformedDataException {
    ByteBuffer b = header(what, bytes, IMAGES_MAGIC, 16);
    int count = b.getInt(4);
    int rows = b.getInt(8);
    int cols = b.getInt(12);
    if (count < 0 || rows <= 0 || cols <= 0) {
      throw new MalformedDataException(
          what + ": invalid IDX dimensions " + count + " x " + rows + " x " + cols);
    }
    long expected = 16 + (long) count * rows * cols;
    checkLength(what, bytes, expected, count + " images of " + rows + "x" + cols);
    return new Images(count, rows, cols, Arrays.copyOfRange(bytes, 16, bytes.length));
  }

  /** Labels of an IDX1 file, each checked to lie in [0, numClasses). */
  public static int[] labels(String what, byte[] bytes, int numClasses) throws MalformedDataException {
    ByteBuffer b = header(what, bytes, LABELS_MAGIC, 8);
    int count = b.getInt(4);
    if (count < 0) {
      throw new MalformedDataException(what + ": negative IDX label count " + count);
    }
    checkLength(what, bytes, 8 + (long) count, count + " labels");
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = bytes[8 + i] & 0xff;
      if (labels[i] >= numClasses) {
        throw new MalformedDataException(
            what + ": label " + labels[i] + " of item " + i + " is not below " + numClasses);
      }
    }
    return labels;
  }

  private static ByteBuffer header(String what, byte[] bytes, int magic, int headerBytes)
      throws MalformedDataException {
    if (bytes.length < headerBytes) {
      throw new MalformedDataException(
          what + ": " + bytes.length + " bytes is shorter than the " + headerBytes + "-byte IDX header");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes); // big-endian by default, as IDX requires
    int m = b.getInt(0);
    if (m != magic) {
      throw new MalformedDataException(
          what + String.format(": IDX magic 0x%08x, expected 0x%08x", m, magic));
    }
    return b;
  }

  private static void checkLength(String what, byte[] bytes, long expected, String content)
      throws MalformedDataException {
    if (bytes.length != expected) {
      throw new MalformedDataException(what + ": file has " + bytes.length + " bytes but the header announces "
          + content + " (" + expected + " bytes)" + (bytes.length < expected ? "; truncated?" : ""));
    }
  }
}
