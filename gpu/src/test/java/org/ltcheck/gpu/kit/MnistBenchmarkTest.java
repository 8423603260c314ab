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
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ltcheck.gpu.backend.cpu.CpuBackend;
import org.ltcheck.gpu.backend.cpu.GemmKind;

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
  void readsPlainAndGzipIdxFilesAlike(@TempDir Path tmp) throws IOException {
    byte[] images = idxImages(3, 1);
    Path plain = Files.createDirectory(tmp.resolve("plain"));
    Files.write(plain.resolve("train-images-idx3-ubyte"), images);
    Files.write(plain.resolve("train-labels-idx1-ubyte"), idxLabels(3));
    Path gz = Files.createDirectory(tmp.resolve("gz"));
    for (String name : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte"}) {
      try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz.resolve(name + ".gz")))) {
        out.write(Files.readAllBytes(plain.resolve(name)));
      }
    }
    MnistBenchmark.Data a = MnistBenchmark.load(plain);
    MnistBenchmark.Data b = MnistBenchmark.load(gz);
    assertEquals(3, a.count());
    assertArrayEquals(a.images(), b.images());
    assertArrayEquals(new float[] {0, 1, 2}, a.labels());
    int pixel = images[16 + 784 + 5] & 0xff; // image 1, pixel 5
    assertEquals((pixel / 255f - 0.1307f) / 0.3081f, a.images()[784 + 5], 1e-6);
  }

  @Test
  void rejectsFilesThatAreNotMnist(@TempDir Path tmp) throws IOException {
    Files.write(tmp.resolve("train-images-idx3-ubyte"), idxImages(2, 1));
    Files.write(tmp.resolve("train-labels-idx1-ubyte"), idxLabels(3));
    IOException e = assertThrows(IOException.class, () -> MnistBenchmark.load(tmp));
    assertTrue(e.getMessage().contains("do not describe"), e.getMessage());
  }

  @Test
  void shortCpuRunIsReproducibleAndCountsEveryImageOnce() {
    MnistBenchmark.Data data = MnistBenchmark.synthetic(6 * 16 + 5, 9); // 5 images of a partial batch
    try (CpuBackend cpu = CpuBackend.create(2, GemmKind.AUTO)) {
      MnistBenchmark.Result r = MnistBenchmark.run(cpu, data, 16, 0);
      MnistBenchmark.Result again = MnistBenchmark.run(cpu, data, 16, 0);
      assertEquals(6, r.steps(), "the partial last batch is dropped");
      assertTrue(r.seconds() > 0 && r.imagesPerSecond() > 0, r.toString());
      // statistics cover exactly the 96 timed images (the warm-up step is reset away)
      double correct = r.accuracy() * 96;
      assertEquals(Math.rint(correct), correct, 1e-6, r.toString());
      // ten classes, random labels: the mean loss starts near ln 10 and six steps cannot go far
      assertEquals(Math.log(10), r.meanLoss(), 1.0, r.toString());
      assertEquals(r.meanLoss(), again.meanLoss(), "same seed, same data, same CPU backend");
      assertEquals(r.accuracy(), again.accuracy());
      assertTrue(r.json().startsWith("{\"backend\":\"cpu("), r.json());
      assertThrows(IllegalArgumentException.class, () -> MnistBenchmark.run(cpu, data, 1000, 0));
    }
  }
}
