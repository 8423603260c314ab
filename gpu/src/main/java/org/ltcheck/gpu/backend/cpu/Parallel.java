package org.ltcheck.gpu.backend.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * The CPU backend's worker threads. Work is split so that every output element is written by
 * exactly one task and every reduction runs sequentially inside one task: results do not depend
 * on scheduling, which keeps training bit-reproducible.
 */
final class Parallel implements AutoCloseable {
  /** Below this many elements per call the fork/join overhead outweighs the gain. */
  private static final int MIN_PARALLEL_WORK = 1 << 15;

  private final int threads;
  private final ForkJoinPool pool;

  Parallel(int threads) {
    this.threads = threads;
    this.pool = threads > 1 ? new ForkJoinPool(threads) : null;
  }

  int threads() {
    return threads;
  }

  /** Runs body(i) for i in [0, n); {@code work} is the total element count, to skip tiny jobs. */
  void forEach(int n, long work, IntConsumer body) {
    if (pool == null || n < 2 || work < MIN_PARALLEL_WORK) {
      for (int i = 0; i < n; i++) {
        body.accept(i);
      }
      return;
    }
    pool.submit(() -> IntStream.range(0, n).parallel().forEach(body)).join();
  }

  /** A functional over a half-open range [from, to). */
  @FunctionalInterface
  interface RangeBody {
    void run(int from, int to);
  }

  /** Splits [0, n) into contiguous chunks, a few per thread, and runs them in parallel. */
  void forRange(int n, RangeBody body) {
    if (pool == null || n < MIN_PARALLEL_WORK) {
      body.run(0, n);
      return;
    }
    int chunks = threads * 4;
    int step = (n + chunks - 1) / chunks;
    forEach(chunks, n, c -> {
      int from = c * step;
      int to = Math.min(n, from + step);
      if (from < to) {
        body.run(from, to);
      }
    });
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdown();
      try {
        pool.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
