package org.ltcheck.build;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import org.ltcheck.build.SumChannelSolver.Failure;

/**
 * Scheduling: the primary copies of a sum layer's output channels are built in parallel, one
 * task per target output channel reading only the finished layers below; the problems that failed
 * are then repaired sequentially in a fixed order (channel, copy, problem). The layer is therefore
 * bit-identical for every thread count.
 */
final class SumLayerScheduler {
  private final SumChannelSolver sums;
  private final ConstructionCounters counters;
  private final int threads;

  SumLayerScheduler(SumChannelSolver sums, ConstructionCounters counters, int threads) {
    this.sums = sums;
    this.counters = counters;
    this.threads = threads;
  }

  /** Builds {@code copiesPerChannel} copies of every output channel of {@code sum}. */
  void build(LayerBuild sum, int copiesPerChannel) {
    int groups = sum.groups();
    List<List<Failure>> failures = new ArrayList<>();
    List<List<Channel>> built = new ArrayList<>();
    ForkJoinPool pool = new ForkJoinPool(threads);
    try {
      List<Future<List<Channel>>> futures = new ArrayList<>();
      List<List<Failure>> perGroup = new ArrayList<>();
      for (int j = 0; j < groups; j++) {
        final int group = j;
        List<Failure> f = new ArrayList<>();
        perGroup.add(f);
        futures.add(pool.submit(() -> {
          List<Channel> chans = new ArrayList<>();
          for (int k = 0; k < copiesPerChannel; k++) {
            chans.add(sums.build(sum, group, k, f));
          }
          counters.channelFinished();
          return chans;
        }));
      }
      for (Future<List<Channel>> fu : futures) {
        built.add(fu.get());
      }
      failures.addAll(perGroup);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("construction interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(cause);
    } finally {
      pool.shutdown();
    }
    for (int j = 0; j < groups; j++) {
      sum.copies.get(j).addAll(built.get(j));
    }
    List<Failure> all = new ArrayList<>();
    failures.forEach(all::addAll);
    all.sort(Comparator.comparingInt(Failure::group).thenComparingInt(Failure::copy).thenComparingInt(Failure::order));
    counters.primaryFailures(all.size());
    for (Failure f : all) {
      sums.repair(f);
    }
  }
}
