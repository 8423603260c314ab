package org.ltcheck.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import org.ltcheck.gpu.train.GemmProfile;
import org.ltcheck.gpu.backend.DeviceTensor;
import org.ltcheck.gpu.backend.cpu.CpuBackend;
import org.ltcheck.gpu.backend.cpu.GemmKind;
import org.ltcheck.gpu.models.Architecture;

/**
 * The measure of training efficiency, in one process with one BLAS and thread count:
 *
 * <pre>
 *   ratio = (conv+linear GEMM FLOPs of a training step, forward + backward) / (time spent in those layers)
 *           ÷ (SGEMM GFLOP/s on a 2048×2048×2048 product)
 * </pre>
 *
 * The layers' time is everything between entering and leaving a conv or linear module (im2col,
 * axis swaps, bias and the GEMMs themselves), their FLOPs the GEMM FLOPs of the step (2·m·n·k
 * per product; 2 products for the first layer, which needs no input gradient, 3 for the
 * others). Each round runs a second of SGEMM on the backend (the product split over its
 * workers), then two seconds of training steps; a round's ratio divides the layers' rate by the
 * round's SGEMM rate, and the median over rounds is reported, so that load from other processes
 * affects numerator and denominator alike. The target for the MNIST CNN is at least 0.40.
 *
 * <p>Clock: {@code wall} (default) or {@code cpu}: with one thread every computation, BLAS
 * included, runs on the calling thread, and its CPU time measures the work itself, unaffected by
 * other processes competing for the cores (a per-core efficiency; the wall-clock ratio with all
 * threads adds the parallel efficiency).
 *
 * <p>Usage: {@code GemmRatio [model=mnist-cnn] [batch=64] [threads=0] [rounds=5] [clock=wall]}.
 */
public final class GemmRatio {
  private static final int N = 2048;

  private GemmRatio() {}

  /** One conv-path variant under test, with its per-round measurements. */
  private static final class Variant implements AutoCloseable {
    final String label;
    final CpuBackend backend;
    final TrainingStepFixture fx;
    final List<Double> ratios = new ArrayList<>();
    final List<Double> layerRates = new ArrayList<>();
    final List<Double> gemmRates = new ArrayList<>();
    DeviceTensor a;
    DeviceTensor b;
    DeviceTensor c;
    double stepSeconds;
    double layerSeconds;
    long steps;

    final LongSupplier clock;

    Variant(String label, CpuBackend backend, Architecture arch, int batch, LongSupplier clock) {
      this.label = label;
      this.backend = backend;
      this.clock = clock;
      this.fx = new TrainingStepFixture(backend, arch, batch, 42, new GemmProfile(clock));
    }

    /** Runs steps for about {@code nanos}; returns the layers' GFLOP/s over them. */
    double run(long nanos) {
      fx.profile.reset();
      long t0 = clock.getAsLong();
      long s = 0;
      while (clock.getAsLong() - t0 < nanos) {
        fx.step();
        s++;
      }
      stepSeconds += (clock.getAsLong() - t0) / 1e9;
      layerSeconds += fx.profile.nanos() / 1e9;
      steps += s;
      return fx.profile.gflops();
    }

    /** SGEMM 2048³ on this variant's backend for about {@code nanos}; returns GFLOP/s. */
    double sgemm(long nanos) {
      long t0 = clock.getAsLong();
      int calls = 0;
      do {
        backend.sgemm(false, false, N, N, N, 1f, a, 0, N, b, 0, N, 0f, c, 0, N);
        calls++;
      } while (clock.getAsLong() - t0 < nanos);
      double g = 2.0 * N * N * N * calls / (clock.getAsLong() - t0);
      gemmRates.add(g);
      return g;
    }

    @Override
    public void close() {
      fx.close();
      backend.close();
    }
  }

  private static double median(List<Double> v) {
    double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }

  public static void main(String[] args) {
    Architecture arch = Architecture.parse(args.length > 0 ? args[0] : "mnist-cnn");
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 0;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    String clockName = args.length > 4 ? args[4] : "wall";
    LongSupplier clock;
    switch (clockName) {
      case "wall" -> clock = System::nanoTime;
      case "cpu" -> {
        if (threads != 1) {
          throw new IllegalArgumentException("clock=cpu needs threads=1 (all work on the calling thread)");
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        clock = mx::getCurrentThreadCpuTime;
      }
      default -> throw new IllegalArgumentException("clock must be wall or cpu, got " + clockName);
    }
    List<Variant> variants = new ArrayList<>();
    try {
      variants.add(new Variant("per-image", CpuBackend.create(threads, GemmKind.AUTO), arch, batch, clock));
      SplittableRandom rng = new SplittableRandom(7);
      float[] data = new float[N * N];
      for (int i = 0; i < data.length; i++) {
        data[i] = (float) rng.nextGaussian();
      }
      for (Variant v : variants) {
        v.a = v.backend.upload(data, N, N);
        v.b = v.backend.upload(data, N, N);
        v.c = v.backend.allocate(N, N);
        v.sgemm(1_000_000_000L); // warm-up: JIT, OpenBLAS buffers, page faults
        v.run(2_000_000_000L);
        v.steps = 0;
        v.stepSeconds = 0;
        v.layerSeconds = 0;
        v.gemmRates.clear();
      }
      List<Double> refs = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        double best = 0;
        for (Variant v : variants) {
          best = Math.max(best, v.sgemm(1_000_000_000L));
        }
        refs.add(best);
        for (Variant v : variants) {
          double layers = v.run(2_000_000_000L);
          v.layerRates.add(layers);
          v.ratios.add(layers / best);
        }
      }
      System.out.printf(Locale.ROOT, "model %s, batch %d, %d rounds, %s clock%n", arch.cliName(), batch, rounds,
          clockName.equals("cpu") ? "thread CPU-time" : "wall");
      for (Variant v : variants) {
        System.out.printf(Locale.ROOT, "[%s] %s: sgemm %dx%dx%d %.1f GFLOP/s (median; rounds %s)%n", v.label,
            v.backend.name(), N, N, N, median(v.gemmRates), fmt(v.gemmRates));
      }
      System.out.printf(Locale.ROOT, "reference sgemm %.1f GFLOP/s (median)%n", median(refs));
      for (Variant v : variants) {
        long flopsPerStep = v.fx.net.trainingStepGemmFlops(batch);
        System.out.printf(Locale.ROOT, "[%s] %.1f ms/step, %.0f images/s; conv+linear %.2f GFLOP/step, %.1f GFLOP/s"
                + " (median), %.0f%% of step time%n",
            v.label, 1000 * v.stepSeconds / v.steps, v.steps * batch / v.stepSeconds, flopsPerStep / 1e9,
            median(v.layerRates), 100 * v.layerSeconds / v.stepSeconds);
        System.out.printf(Locale.ROOT, "[%s] ratio %.2f (median of rounds %s; target >= 0.40)%n", v.label,
            median(v.ratios), fmt(v.ratios));
      }
    } finally {
      variants.forEach(Variant::close);
    }
  }

  private static String fmt(List<Double> v) {
    StringBuilder sb = new StringBuilder();
    for (double d : v) {
      sb.append(sb.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, d < 10 ? "%.2f" : "%.0f", d));
    }
    return sb.toString();
  }
}
