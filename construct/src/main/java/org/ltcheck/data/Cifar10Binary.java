package org.ltcheck.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ltcheck.io.AtomicFiles;

/**
 * The official CIFAR-10 binary batch format: records of 1 label byte followed by 3072 pixel
 * bytes (32x32 planes of R, then G, then B), 10,000 records per file. Also the format of
 * ltcheck's cache, because it loads in milliseconds, whatever the data came from.
 */
public final class Cifar10Binary {
  public static final int SIDE = 32;
  public static final int IMAGE_BYTES = 3 * SIDE * SIDE;
  public static final int RECORD_BYTES = 1 + IMAGE_BYTES;
  public static final int RECORDS_PER_FILE = 10_000;
  public static final List<String> TRAIN_FILES =
      List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
  public static final String TEST_FILE = "test_batch.bin";

  private Cifar10Binary() {}

  /** Batch file names of a split, in order. */
  public static List<String> fileNames(Split split) {
    return split == Split.TRAIN ? TRAIN_FILES : List.of(TEST_FILE);
  }

  /** True when {@code dir} holds every batch file of {@code split}. */
  public static boolean hasSplit(Path dir, Split split) {
    for (String f : fileNames(split)) {
      if (!Files.isRegularFile(dir.resolve(f))) {
        return false;
      }
    }
    return true;
  }

  /** Reads the split's batch files of {@code dir} in order. */
  public static RawImages readSplit(Path dir, Split split, String description) throws IOException {
    List<Path> files = new ArrayList<>();
    for (String f : fileNames(split)) {
      files.add(dir.resolve(f));
    }
    return read(files, description);
  }

  /**
   * Reads and concatenates batch files. Any whole number of records is accepted (tests use
   * small files); a length that is not a multiple of 3073 bytes is refused.
   */
  public static RawImages read(List<Path> files, String description) throws IOException {
    List<byte[]> contents = new ArrayList<>();
    long total = 0;
    for (Path f : files) {
      byte[] b = Files.readAllBytes(f);
      if (b.length == 0 || b.length % RECORD_BYTES != 0) {
        throw new MalformedDataException(f + ": " + b.length + " bytes is not a whole number of "
            + RECORD_BYTES + "-byte CIFAR-10 records (the official files have "
            + (long) RECORDS_PER_FILE * RECORD_BYTES + ")");
      }
      for (int r = 0; r < b.length / RECORD_BYTES; r++) {
        int label = b[r * RECORD_BYTES] & 0xff;
        if (label >= Cifar10.CLASSES.size()) {
          throw new MalformedDataException(f + ": record " + r + " has label " + label + ", expected 0..9");
        }
      }
      contents.add(b);
      total += b.length / RECORD_BYTES;
    }
    int n = Math.toIntExact(total);
    byte[] pixels = new byte[Math.multiplyExact(n, IMAGE_BYTES)];
    int[] labels = new int[n];
    int i = 0;
    for (byte[] b : contents) {
      for (int r = 0; r < b.length / RECORD_BYTES; r++, i++) {
        labels[i] = b[r * RECORD_BYTES] & 0xff;
        System.arraycopy(b, r * RECORD_BYTES + 1, pixels, i * IMAGE_BYTES, IMAGE_BYTES);
      }
    }
    return new RawImages(pixels, n, 3, SIDE, SIDE, labels, Cifar10.CLASSES.size(), description);
  }

  /** Writes images {@code [from, to)} as one batch file, atomically. */
  public static void write(Path file, RawImages images, int from, int to) throws IOException {
    if (images.channels() != 3 || images.height() != SIDE || images.width() != SIDE) {
      throw new IllegalArgumentException("CIFAR-10 batches hold 3x32x32 images, not " + images);
    }
    AtomicFiles.write(file, out -> {
      byte[] record = new byte[RECORD_BYTES];
      for (int i = from; i < to; i++) {
        record[0] = (byte) images.label(i);
        images.copyImage(i, record, 1);
        out.write(record);
      }
    });
  }

  /**
   * Writes a split as its official file names: 10,000 images per file, in order (the train
   * split must hold exactly 50,000 images, the test split 10,000).
   */
  public static void writeSplit(Path dir, Split split, RawImages images) throws IOException {
    List<String> names = fileNames(split);
    if (images.count() != names.size() * RECORDS_PER_FILE) {
      throw new IllegalArgumentException("CIFAR-10 " + split.lowerName() + " split needs "
          + names.size() * RECORDS_PER_FILE + " images, got " + images.count());
    }
    for (int f = 0; f < names.size(); f++) {
      write(dir.resolve(names.get(f)), images, f * RECORDS_PER_FILE, (f + 1) * RECORDS_PER_FILE);
    }
  }
}
