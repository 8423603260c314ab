package org.ltcheck.gpu.kit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ltcheck.data.MalformedDataException;
import org.ltcheck.gpu.backend.cpu.CpuBackend;
import org.ltcheck.gpu.backend.cpu.GemmKind;
import org.ltcheck.gpu.data.ImageData;

/** The GPU kit's benchmark on the CPU: IDX reading (plain and gzip) and a short training run. */
class MnistBenchmarkTest {

  private static byte[] idxImages(int count, int seed) {
    ByteBuffer b = ByteBuffer.allocate(16 + count * 784);
    b.putInt(0x803).putInt(count).putInt(28).putInt(28);
    java.util.Random r = new java.util.Random(seed);
    for (int i = 0; i < count * 784; i++) {
      b.put((byte) r.nextInt(256));
    }
    return b.array();
  }

  private static byte[] idxLabels(int count) {
    ByteBuffer b = ByteBuffer.allocate(8 + count);
    b.putInt(0x801).putInt(count);
    for (int i = 0; i < count; i++) {
      b.put((byte) (i % 10));
    }
    return b.array();
  }

  @Test
  void readsPlainAndGzipIdxFilesAlike(@TempDir Path tmp) throws Exception {
    byte[] images = idxImages(3, 1);
    Path plain = Files.createDirectory(tmp.resolve("plain"));
    Files.write(plain.resolve(MnistBenchmark.IMAGES), images);
    Files.write(plain.resolve(MnistBenchmark.LABELS), idxLabels(3));
    Path gz = Files.createDirectory(tmp.resolve("gz"));
    for (String name : new String[] {MnistBenchmark.IMAGES, MnistBenchmark.LABELS}) {
      try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz.resolve(name + ".gz")))) {
        out.write(Files.readAllBytes(plain.resolve(name)));
      }
    }
    ImageData a = MnistBenchmark.load(plain);
    ImageData b = MnistBenchmark.load(gz);
    assertEquals(3, a.size());
    assertArrayEquals(new int[] {1, 28, 28}, a.imageShape());
    float[] ia = new float[3 * 784];
    float[] la = new float[3];
    a.fillBatch(new int[] {0, 1, 2}, 0, 3, new SplittableRandom(0), ia, la);
    float[] ib = new float[3 * 784];
    float[] lb = new float[3];
    b.fillBatch(new int[] {0, 1, 2}, 0, 3, new SplittableRandom(0), ib, lb);
    assertArrayEquals(ia, ib);
    assertArrayEquals(new float[] {0, 1, 2}, la);
    int pixel = images[16 + 784 + 5] & 0xff; // image 1, pixel 5
    assertEquals((pixel / 255.0 - 0.1307) / 0.3081, ia[784 + 5], 1e-6);
  }

  @Test
  void rejectsImageAndLabelCountsThatDisagree(@TempDir Path tmp) throws IOException {
    Files.write(tmp.resolve(MnistBenchmark.IMAGES), idxImages(2, 1));
    Files.write(tmp.resolve(MnistBenchmark.LABELS), idxLabels(3));
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> MnistBenchmark.load(tmp));
    assertTrue(e.getMessage().contains("2 images but 3 labels"), e.getMessage());
  }

  @Test
  void shortCpuRunIsReproducibleAndLearns() {
    ImageData data = MnistBenchmark.synthetic(6 * 16 + 5, 9);
    try (CpuBackend cpu = CpuBackend.create(2, GemmKind.AUTO)) {
      MnistBenchmark.Result r = MnistBenchmark.run(cpu, data, 16, 0);
      MnistBenchmark.Result again = MnistBenchmark.run(cpu, data, 16, 0);
      assertEquals(101, r.examples(), "an epoch covers every example, the partial batch included");
      assertTrue(r.seconds() > 0 && r.imagesPerSecond() > 0, r.toString());
      double correct = r.accuracy() * 101;
      assertEquals(Math.rint(correct), correct, 1e-4, "statistics count whole images: " + r);
      // synthetic classes are prototypes plus noise: one short epoch already beats chance (10 %) by far
      assertTrue(r.accuracy() > 0.3 && Double.isFinite(r.meanLoss()), r.toString());
      assertEquals(r.meanLoss(), again.meanLoss(), "same seed, same data, same CPU backend");
      assertEquals(r.accuracy(), again.accuracy());
      assertTrue(r.json().startsWith("{\"backend\":\"cpu("), r.json());
    }
  }
}
