package org.ltcheck.gpu.train;

import java.util.SplittableRandom;
import org.ltcheck.gpu.backend.Backend;
import org.ltcheck.gpu.backend.DeviceTensor;
import org.ltcheck.gpu.data.ImageData;

/**
 * Mini-batch training and evaluation of a {@link TrainableNetwork}. An epoch's order and
 * augmentation come from generators derived from (seed, epoch) ({@link Seeds}), so epoch e does
 * the same thing whether or not the run was interrupted before it. Loss statistics accumulate on
 * the backend; only the input batch goes up and two numbers per batch come down.
 */
public final class Trainer implements AutoCloseable {
  /** Told after every batch, e.g. to move a progress bar. */
  @FunctionalInterface
  public interface BatchListener {
    void batchDone(int batch, int batches, double meanLoss, double accuracy);

    BatchListener NONE = (b, n, l, a) -> {};
  }

  private final TrainableNetwork net;
  private final Optimizer optimizer;
  private final int batchSize;
  private final Backend backend;
  private final Workspace ws;
  private final DeviceTensor stats;

  public Trainer(TrainableNetwork net, Optimizer optimizer, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
    }
    if ((long) batchSize * net.inputSize() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("batch size " + batchSize + " is too large: a batch of " + net.inputSize()
          + "-value images must hold at most " + Integer.MAX_VALUE + " values");
    }
    this.net = net;
    this.optimizer = optimizer;
    this.batchSize = batchSize;
    this.backend = net.backend();
    this.ws = new Workspace(backend);
    this.stats = backend.allocate(2);
  }

  private static int batches(int n, int batchSize, int maxBatches) {
    int b = (n + batchSize - 1) / batchSize;
    return maxBatches > 0 ? Math.min(b, maxBatches) : b;
  }

  /** Batches one epoch will run on {@code n} examples. */
  public int batchesPerEpoch(int n, int maxBatches) {
    return batches(n, batchSize, maxBatches);
  }

  private int[] withBatch(int n) {
    int[] s = net.inputShape();
    int[] out = new int[s.length + 1];
    out[0] = n;
    System.arraycopy(s, 0, out, 1, s.length);
    return out;
  }

  /**
   * One epoch of SGD steps over {@code data} in the order of (seed, epoch), at most
   * {@code maxBatches} batches (0 = all).
   *
   * @param epoch the 0-based epoch of the run (messages count from 1)
   * @throws TrainingDivergedException as soon as the loss is not finite
   */
  public EpochResult trainEpoch(ImageData data, long seed, int epoch, float lr, int maxBatches, BatchListener listener) {
    requireShape(data);
    long t0 = System.nanoTime();
    int[] order = Seeds.epochOrder(seed, epoch, data.size());
    SplittableRandom augment = Seeds.derive(seed, Seeds.Purpose.AUGMENT, epoch);
    int batches = batches(data.size(), batchSize, maxBatches);
    float[] hostImages = new float[batchSize * net.inputSize()];
    float[] hostLabels = new float[batchSize];
    backend.fill(stats, 0f);
    float[] st = new float[2];
    int seen = 0;
    for (int b = 0; b < batches; b++) {
      int from = b * batchSize;
      int n = Math.min(batchSize, data.size() - from);
      data.fillBatch(order, from, n, augment, hostImages, hostLabels);
      DeviceTensor x = ws.get("x", withBatch(n));
      DeviceTensor labels = ws.get("labels", n);
      backend.copyFromHost(hostImages, 0, x, 0, n * net.inputSize());
      backend.copyFromHost(hostLabels, 0, labels, 0, n);
      DeviceTensor logits = net.forward(x, n, true);
      DeviceTensor dLogits = ws.get("dLogits", n, net.classes());
      backend.softmaxCrossEntropy(logits, labels, n, net.classes(), dLogits, 1f / n, stats);
      net.backward(dLogits, n);
      optimizer.step(net.parameters(), lr);
      seen += n;
      backend.copyToHost(stats, 0, st, 0, 2);
      if (!Float.isFinite(st[0])) {
        throw new TrainingDivergedException("training diverged in epoch " + (epoch + 1) + ", batch " + (b + 1) + " of "
            + batches + ": the loss is " + st[0] + " at learning rate " + lr + "; lower the learning rate");
      }
      listener.batchDone(b + 1, batches, st[0] / seen, st[1] / seen);
    }
    return new EpochResult(st[0] / Math.max(1, seen), st[1] / Math.max(1, seen), seen, (System.nanoTime() - t0) / 1e9);
  }

  /** Loss and accuracy in evaluation mode (running batch-norm statistics), in data order. */
  public EpochResult evaluate(ImageData data, int maxBatches) {
    requireShape(data);
    long t0 = System.nanoTime();
    int batches = batches(data.size(), batchSize, maxBatches);
    float[] hostImages = new float[batchSize * net.inputSize()];
    float[] hostLabels = new float[batchSize];
    int[] identity = new int[data.size()];
    for (int i = 0; i < identity.length; i++) {
      identity[i] = i;
    }
    SplittableRandom unused = new SplittableRandom(0);
    backend.fill(stats, 0f);
    int seen = 0;
    for (int b = 0; b < batches; b++) {
      int from = b * batchSize;
      int n = Math.min(batchSize, data.size() - from);
      data.fillBatch(identity, from, n, unused, hostImages, hostLabels);
      DeviceTensor x = ws.get("x", withBatch(n));
      DeviceTensor labels = ws.get("labels", n);
      backend.copyFromHost(hostImages, 0, x, 0, n * net.inputSize());
      backend.copyFromHost(hostLabels, 0, labels, 0, n);
      backend.softmaxCrossEntropy(net.forward(x, n, false), labels, n, net.classes(), null, 1f, stats);
      seen += n;
    }
    float[] st = backend.download(stats);
    return new EpochResult(st[0] / Math.max(1, seen), st[1] / Math.max(1, seen), seen, (System.nanoTime() - t0) / 1e9);
  }

  private void requireShape(ImageData data) {
    if (!java.util.Arrays.equals(data.imageShape(), net.inputShape())) {
      throw new IllegalArgumentException("data images have shape " + java.util.Arrays.toString(data.imageShape())
          + " but the network expects " + java.util.Arrays.toString(net.inputShape()));
    }
    if (data.classes() != net.classes()) {
      throw new IllegalArgumentException("data has " + data.classes() + " classes but the network outputs " + net.classes());
    }
  }

  @Override
  public void close() {
    ws.close();
    stats.close();
  }
}
