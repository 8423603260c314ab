package org.ltcheck.gpu.kit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.ltcheck.data.Dataset;
import org.ltcheck.data.IdxReader;
import org.ltcheck.data.MalformedDataException;
import org.ltcheck.data.Normalization;
import org.ltcheck.data.RawImages;
import org.ltcheck.gpu.backend.Backend;
import org.ltcheck.gpu.backend.Backends;
import org.ltcheck.gpu.backend.Device;
import org.ltcheck.gpu.data.ImageData;
import org.ltcheck.gpu.data.SyntheticImages;
import org.ltcheck.gpu.models.Architecture;
import org.ltcheck.gpu.train.EpochResult;
import org.ltcheck.gpu.train.Optimizer;
import org.ltcheck.gpu.train.OptimizerConfig;
import org.ltcheck.gpu.train.Trainer;
import org.ltcheck.gpu.train.TrainableNetwork;

/**
 * Times one training epoch of the paper's MNIST CNN ({@link Architecture#MNIST_CNN}) with the
 * project's {@link Trainer} on a chosen device, for the GPU-run kit:
 * {@code --device cuda|cpu|auto --mnist DIR --batch 128 --max-batches 0 --threads 0}.
 * Prints one JSON line. experiments/scripts/pytorch_mnist_epoch.py times the same epoch in
 * PyTorch (same network, batch size, SGD lr 0.01 momentum 0.9, shuffled batches).
 *
 * <p>Why a separate entry point rather than {@code ltcheck train}: the GPU machines have no
 * network and the kit must stay small, so this reads the gzip'ed IDX files the kit carries and
 * needs only the gpu and construct modules. The timed part is exactly {@link
 * Trainer#trainEpoch}, which copies the batch up and two statistics down per batch.
 *
 * <p>Data: train-images-idx3-ubyte and train-labels-idx1-ubyte in DIR, plain or gzip'ed
 * (name + ".gz"), normalised with MNIST's mean and std. Without --mnist it trains on seeded
 * synthetic images of the same shape (timing does not depend on the values). One untimed
 * warm-up batch (kernel JIT, allocations) precedes the timed epoch.
 */
public final class MnistBenchmark {
  static final float LR = 0.01f;
  static final long SEED = 20220717L;
  static final String IMAGES = "train-images-idx3-ubyte";
  static final String LABELS = "train-labels-idx1-ubyte";

  private MnistBenchmark() {}

  /** The result of one run. */
  public record Result(
      String backend, int batch, int examples, double seconds, double imagesPerSecond, double meanLoss,
      double accuracy) {
    String json() {
      return String.format(Locale.ROOT,
          "{\"backend\":\"%s\",\"batch\":%d,\"examples\":%d,\"seconds\":%.4f,\"images_per_s\":%.1f,"
              + "\"mean_loss\":%.6f,\"train_accuracy\":%.6f}",
          backend.replace("\"", "'"), batch, examples, seconds, imagesPerSecond, meanLoss, accuracy);
    }
  }

  public static void main(String[] args) throws IOException, MalformedDataException {
    Device device = Device.AUTO;
    Path mnist = null;
    int batch = 128;
    int maxBatches = 0;
    int threads = 0;
    for (int i = 0; i < args.length; i += 2) {
      String v = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--device" -> device = Device.parse(v);
        case "--mnist" -> mnist = Path.of(v);
        case "--batch" -> batch = Integer.parseInt(v);
        case "--max-batches" -> maxBatches = Integer.parseInt(v);
        case "--threads" -> threads = Integer.parseInt(v);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + " (expected --device, --mnist, --batch, --max-batches, --threads)");
      }
    }
    ImageData data = mnist == null ? synthetic(60_000, SEED) : load(mnist);
    try (Backend backend = Backends.create(device, threads)) {
      System.out.println(run(backend, data, batch, maxBatches).json());
    }
  }

  /** Trains one epoch (at most {@code maxBatches} batches, 0 = all) after one warm-up batch, timed. */
  public static Result run(Backend backend, ImageData data, int batch, int maxBatches) {
    try (TrainableNetwork net = TrainableNetwork.build(backend, Architecture.MNIST_CNN.initialise(new SplittableRandom(SEED)));
        Optimizer sgd = OptimizerConfig.sgd(0.9, 0).create();
        Trainer trainer = new Trainer(net, sgd, batch)) {
      trainer.trainEpoch(data, SEED, 0, LR, 1, Trainer.BatchListener.NONE);
      EpochResult r = trainer.trainEpoch(data, SEED, 1, LR, maxBatches, Trainer.BatchListener.NONE);
      return new Result(backend.name(), batch, r.examples(), r.seconds(), r.imagesPerSecond(), r.loss(), r.accuracy());
    }
  }

  /** Seeded learnable synthetic images of MNIST's shape (see {@link SyntheticImages}). */
  public static ImageData synthetic(int count, long seed) {
    return SyntheticImages.generate(new SplittableRandom(seed), count, Architecture.MNIST_CNN.inputShape(), 10, 1.0);
  }

  /** The MNIST training set from the IDX files in {@code dir} (plain or .gz), normalised. */
  public static ImageData load(Path dir) throws IOException, MalformedDataException {
    IdxReader.Images img = IdxReader.images(IMAGES, read(dir, IMAGES));
    int[] labels = IdxReader.labels(LABELS, read(dir, LABELS), 10);
    if (img.count() != labels.length) {
      throw new MalformedDataException(dir + ": " + img.count() + " images but " + labels.length + " labels");
    }
    Dataset d = new RawImages(img.pixels(), img.count(), 1, img.rows(), img.cols(), labels, 10, "MNIST training set")
        .normalised(Normalization.MNIST);
    return ImageData.of(d.images(), d.labels(), 10);
  }

  private static byte[] read(Path dir, String name) throws IOException {
    Path plain = dir.resolve(name);
    if (Files.exists(plain)) {
      return Files.readAllBytes(plain);
    }
    try (InputStream in = new GZIPInputStream(Files.newInputStream(dir.resolve(name + ".gz")))) {
      return in.readAllBytes();
    }
  }
}
