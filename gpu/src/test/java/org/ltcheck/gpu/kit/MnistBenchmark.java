package org.ltcheck.gpu.kit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.ltcheck.gpu.backend.Backend;
import org.ltcheck.gpu.backend.Backends;
import org.ltcheck.gpu.backend.Device;
import org.ltcheck.gpu.backend.cuda.CudaBackend;

/**
 * Times one training epoch (or a number of steps) of the MNIST CNN of {@link MnistCnnStep} on
 * a chosen device, for the GPU-run kit: {@code --device cuda|cpu|auto --mnist DIR --batch 128
 * --steps 0 --threads 0}. Prints one JSON line. The same epoch in PyTorch is timed by
 * experiments/scripts/pytorch_mnist_epoch.py with the same batch size, learning rate and order.
 *
 * <p>Data: the official IDX files train-images-idx3-ubyte and train-labels-idx1-ubyte in DIR,
 * optionally gzip-compressed (name + ".gz"), scaled to [0,1] and normalised with MNIST's mean
 * 0.1307 and std 0.3081. Without --mnist it uses seeded random images of the same shape (the
 * timing does not depend on the values). Images are taken in file order, no shuffling, so the
 * loss curve is reproducible. One untimed warm-up step (kernel JIT, first allocations) on the
 * first batch precedes the timed epoch, which starts again from batch 0.
 */
public final class MnistBenchmark {
  private static final float LR = 0.01f;
  private static final float MOMENTUM = 0.9f;
  private static final long SEED = 20220717L;

  private MnistBenchmark() {}

  /** The result of one run. */
  public record Result(
      String backend, int batch, int steps, double seconds, double imagesPerSecond, double meanLoss,
      double accuracy) {
    String json() {
      return String.format(Locale.ROOT,
          "{\"backend\":\"%s\",\"batch\":%d,\"steps\":%d,\"seconds\":%.4f,\"images_per_s\":%.1f,"
              + "\"mean_loss\":%.6f,\"train_accuracy\":%.6f}",
          backend.replace("\"", "'"), batch, steps, seconds, imagesPerSecond, meanLoss, accuracy);
    }
  }

  /** Normalised images (784 floats each) and labels. */
  public record Data(float[] images, float[] labels, int count) {}

  public static void main(String[] args) throws IOException {
    Device device = Device.AUTO;
    Path mnist = null;
    int batch = 128;
    int steps = 0;
    int threads = 0;
    for (int i = 0; i < args.length; i += 2) {
      String v = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--device" -> device = Device.parse(v);
        case "--mnist" -> mnist = Path.of(v);
        case "--batch" -> batch = Integer.parseInt(v);
        case "--steps" -> steps = Integer.parseInt(v);
        case "--threads" -> threads = Integer.parseInt(v);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + " (expected --device, --mnist, --batch, --steps, --threads)");
      }
    }
    Data data = mnist == null ? synthetic(60_000, SEED) : load(mnist);
    try (Backend backend = Backends.create(device, threads)) {
      System.out.println(run(backend, data, batch, steps).json());
    }
  }

  /** Trains {@code steps} batches (0 = one epoch, the last partial batch dropped) and times it. */
  public static Result run(Backend backend, Data data, int batch, int steps) {
    int batches = data.count() / batch;
    int n = steps == 0 ? batches : Math.min(steps, batches);
    if (n < 1) {
      throw new IllegalArgumentException(data.count() + " images do not fill one batch of " + batch);
    }
    try (MnistCnnStep model = new MnistCnnStep(backend, batch, LR, MOMENTUM, SEED)) {
      model.step(data.images(), data.labels(), 0);
      model.statistics(); // waits for the warm-up step
      model.resetStatistics();
      long t0 = System.nanoTime();
      for (int s = 0; s < n; s++) {
        model.step(data.images(), data.labels(), s * batch);
      }
      if (backend instanceof CudaBackend cuda) {
        cuda.synchronize();
      }
      float[] st = model.statistics();
      double seconds = (System.nanoTime() - t0) / 1e9;
      int images = n * batch;
      return new Result(backend.name(), batch, n, seconds, images / seconds, st[0] / images, st[1] / images);
    }
  }

  /** Seeded random images in the value range of normalised MNIST, with random labels. */
  public static Data synthetic(int count, long seed) {
    Random rnd = new Random(seed);
    float[] images = new float[count * MnistCnnStep.PIXELS];
    for (int i = 0; i < images.length; i++) {
      images[i] = (rnd.nextFloat() - 0.1307f) / 0.3081f;
    }
    float[] labels = new float[count];
    for (int i = 0; i < count; i++) {
      labels[i] = rnd.nextInt(MnistCnnStep.CLASSES);
    }
    return new Data(images, labels, count);
  }

  /** Reads the training IDX files from {@code dir} (plain or .gz). */
  public static Data load(Path dir) throws IOException {
    ByteBuffer img = ByteBuffer.wrap(read(dir, "train-images-idx3-ubyte"));
    ByteBuffer lab = ByteBuffer.wrap(read(dir, "train-labels-idx1-ubyte"));
    if (img.getInt(0) != 0x803 || lab.getInt(0) != 0x801) {
      throw new IOException("not MNIST IDX files in " + dir + " (bad magic numbers)");
    }
    int count = img.getInt(4);
    if (lab.getInt(4) != count || img.getInt(8) != MnistCnnStep.SIDE || img.getInt(12) != MnistCnnStep.SIDE
        || img.capacity() != 16 + count * MnistCnnStep.PIXELS || lab.capacity() != 8 + count) {
      throw new IOException("IDX headers in " + dir + " do not describe " + count + " 28x28 images with labels");
    }
    float[] images = new float[count * MnistCnnStep.PIXELS];
    for (int i = 0; i < images.length; i++) {
      images[i] = ((img.get(16 + i) & 0xff) / 255f - 0.1307f) / 0.3081f;
    }
    float[] labels = new float[count];
    for (int i = 0; i < count; i++) {
      labels[i] = lab.get(8 + i) & 0xff;
    }
    return new Data(images, labels, count);
  }

  private static byte[] read(Path dir, String name) throws IOException {
    Path plain = dir.resolve(name);
    if (Files.exists(plain)) {
      return Files.readAllBytes(plain);
    }
    Path gz = dir.resolve(name + ".gz");
    try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
      return in.readAllBytes();
    }
  }
}
