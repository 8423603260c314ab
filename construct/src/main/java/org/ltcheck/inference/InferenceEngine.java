package org.ltcheck.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import org.ltcheck.model.Layer;
import org.ltcheck.model.Network;
import org.ltcheck.tensor.FloatTensor;

/**
 * CPU float32 inference for a {@link Network}, compiled once: every layer's parameters are
 * copied into private primitive arrays in the layout its kernel needs (nonzero tap lists for
 * convolutions, sparse rows or a transposed matrix for linear layers), so evaluating a batch
 * never touches the immutable model tensors again.
 *
 * <p>Batches are split over a private {@link ForkJoinPool}. Each sample is computed entirely by
 * one thread with a fixed sequence of float operations, so results are bit-identical for every
 * thread count. Close the engine to stop its threads (they are daemons, so forgetting to close
 * does not keep the JVM alive).
 */
public final class InferenceEngine implements AutoCloseable {
  private final Network network;
  private final int[] inputShape;
  private final int[][] layerShapes;
  private final Chain chain;
  private final Workspace.Plan plan;
  private final int parallelism;
  private final ForkJoinPool pool;
  /** Workspaces of finished tasks, reused so that a batch does not reallocate large buffers. */
  private final ConcurrentLinkedQueue<Workspace> spare = new ConcurrentLinkedQueue<>();

  /** Compiles {@code network} for as many threads as there are available processors. */
  public InferenceEngine(Network network) {
    this(network, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Compiles {@code network}.
   *
   * @param parallelism number of worker threads, at least 1 (1 runs in the calling thread)
   */
  public InferenceEngine(Network network, int parallelism) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
    }
    if (network.layers().isEmpty()) {
      throw new IllegalArgumentException("network has no layers");
    }
    this.network = network;
    this.inputShape = network.inputShape();
    this.plan = new Workspace.Plan();
    this.chain = new KernelCompiler(plan).chain(network.layers(), inputShape);
    List<Layer> layers = network.layers();
    this.layerShapes = new int[layers.size()][];
    int[] s = inputShape;
    for (int i = 0; i < layers.size(); i++) {
      s = layers.get(i).outputShape(s);
      layerShapes[i] = s;
    }
    this.parallelism = parallelism;
    this.pool = parallelism > 1 ? new ForkJoinPool(parallelism) : null;
  }

  public Network network() {
    return network;
  }

  public int parallelism() {
    return parallelism;
  }

  /** Per-sample input shape. */
  public int[] inputShape() {
    return inputShape.clone();
  }

  /** Per-sample output shape. */
  public int[] outputShape() {
    return layerShapes[layerShapes.length - 1].clone();
  }

  /**
   * Network output for a batch.
   *
   * @param batch shape (N, input shape...), e.g. (N, C, H, W) or (N, F)
   * @return shape (N, output shape...)
   */
  public FloatTensor forward(FloatTensor batch) {
    int n = checkBatch(batch);
    float[] in = batch.toArray();
    int inSize = chain.inSize();
    int outSize = chain.outSize();
    float[] out = new float[Math.multiplyExact(n, outSize)];
    runParallel(n, (from, to, ws) -> {
      for (int i = from; i < to; i++) {
        chain.run(in, i * inSize, out, i * outSize, ws);
      }
    });
    return FloatTensor.wrap(out, withBatch(n, layerShapes[layerShapes.length - 1]));
  }

  /**
   * Outputs after every top-level layer (a residual block counts as one layer), in layer order;
   * the last element equals {@link #forward}. Used for per-input error certificates.
   */
  public List<FloatTensor> forwardTrace(FloatTensor batch) {
    int n = checkBatch(batch);
    float[] in = batch.toArray();
    int inSize = chain.inSize();
    int layers = chain.length();
    float[][] traces = new float[layers][];
    for (int l = 0; l < layers; l++) {
      traces[l] = new float[Math.multiplyExact(n, chain.outSize(l))];
    }
    int outSize = chain.outSize();
    runParallel(n, (from, to, ws) -> {
      for (int i = from; i < to; i++) {
        int sample = i;
        chain.run(in, i * inSize, traces[layers - 1], i * outSize, ws, (l, buf, off) -> {
          if (l < layers - 1) {
            int size = chain.outSize(l);
            System.arraycopy(buf, off, traces[l], sample * size, size);
          }
        });
      }
    });
    List<FloatTensor> result = new ArrayList<>(layers);
    for (int l = 0; l < layers; l++) {
      result.add(FloatTensor.wrap(traces[l], withBatch(n, layerShapes[l])));
    }
    return List.copyOf(result);
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdown();
    }
  }

  @FunctionalInterface
  private interface RangeTask {
    void run(int from, int to, Workspace ws);
  }

  private void runParallel(int n, RangeTask task) {
    if (n == 0) {
      return;
    }
    // A few chunks per thread balance uneven progress; chunking cannot change results.
    int chunks = pool == null ? 1 : Math.min(n, 4 * parallelism);
    if (chunks == 1) {
      runChunk(task, 0, n);
      return;
    }
    List<Callable<Void>> calls = new ArrayList<>(chunks);
    for (int c = 0; c < chunks; c++) {
      int from = (int) ((long) n * c / chunks);
      int to = (int) ((long) n * (c + 1) / chunks);
      calls.add(() -> {
        runChunk(task, from, to);
        return null;
      });
    }
    for (Future<Void> f : pool.invokeAll(calls)) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("inference interrupted", e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException re) {
          throw re;
        }
        if (cause instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException(cause);
      }
    }
  }

  private void runChunk(RangeTask task, int from, int to) {
    Workspace ws = spare.poll();
    if (ws == null) {
      ws = plan.newWorkspace();
    }
    task.run(from, to, ws);
    spare.add(ws);
  }

  private int checkBatch(FloatTensor batch) {
    int[] shape = batch.shape();
    boolean ok = shape.length == inputShape.length + 1;
    for (int i = 0; ok && i < inputShape.length; i++) {
      ok = shape[i + 1] == inputShape[i];
    }
    if (!ok) {
      throw new IllegalArgumentException(
          "batch of shape " + Arrays.toString(shape) + " does not match network input (N, "
              + Arrays.toString(inputShape).replaceAll("[\\[\\]]", "") + ")");
    }
    return shape[0];
  }

  private static int[] withBatch(int n, int[] shape) {
    int[] s = new int[shape.length + 1];
    s[0] = n;
    System.arraycopy(shape, 0, s, 1, shape.length);
    return s;
  }
}
