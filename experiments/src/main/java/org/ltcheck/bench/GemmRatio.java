package org.ltcheck.bench;

import java.util.Locale;
import org.ltcheck.gpu.backend.DeviceTensor;
import org.ltcheck.gpu.backend.cpu.CpuBackend;
import org.ltcheck.gpu.backend.cpu.GemmKind;
import org.ltcheck.gpu.models.Architecture;

/**
 * Measures, in one process and with the same BLAS and thread count, (1) SGEMM GFLOP/s on a large
 * square product, (2) training images/s of a model and the GFLOP/s reached inside its conv and
 * linear layers, and prints their ratio (the target for the MNIST CNN: at least 0.40).
 * Rounds alternate between the two so that load from other processes affects both alike.
 *
 * <p>Usage: {@code GemmRatio [model=mnist-cnn] [batch=64] [threads=0] [rounds=5]}.
 */
public final class GemmRatio {
  private GemmRatio() {}

  public static void main(String[] args) {
    Architecture arch = Architecture.parse(args.length > 0 ? args[0] : "mnist-cnn");
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 0;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    int n = 2048;
    try (CpuBackend backend = CpuBackend.create(threads, GemmKind.AUTO);
        TrainingStepFixture fx = new TrainingStepFixture(backend, arch, batch, 42)) {
      DeviceTensor a = backend.allocate(n, n);
      DeviceTensor c = backend.allocate(n, n);
      backend.fill(a, 0.5f);
      for (int w = 0; w < 3; w++) {
        fx.step();
        backend.sgemm(false, false, n, n, n, 1f, a, 0, n, a, 0, n, 0f, c, 0, n);
      }
      double bestGemm = 0;
      double sumGemm = 0;
      double sumStepSeconds = 0;
      long steps = 0;
      fx.profile.reset();
      for (int r = 0; r < rounds; r++) {
        long t0 = System.nanoTime();
        int calls = 0;
        while (System.nanoTime() - t0 < 1_000_000_000L) {
          backend.sgemm(false, false, n, n, n, 1f, a, 0, n, a, 0, n, 0f, c, 0, n);
          calls++;
        }
        double g = 2.0 * n * n * n * calls / (System.nanoTime() - t0);
        bestGemm = Math.max(bestGemm, g);
        sumGemm += g;
        long t1 = System.nanoTime();
        while (System.nanoTime() - t1 < 2_000_000_000L) {
          fx.step();
          steps++;
        }
        sumStepSeconds += (System.nanoTime() - t1) / 1e9;
      }
      double gemm = sumGemm / rounds;
      double layers = fx.profile.gflops();
      System.out.printf(Locale.ROOT, "backend            %s%n", backend.name());
      System.out.printf(Locale.ROOT, "sgemm %dx%dx%d     %.1f GFLOP/s (mean of %d rounds, best %.1f)%n", n, n, n, gemm, rounds, bestGemm);
      System.out.printf(Locale.ROOT, "%s batch %d   %.1f ms/step, %.0f images/s%n", arch.cliName(), batch,
          1000 * sumStepSeconds / steps, steps * batch / sumStepSeconds);
      System.out.printf(Locale.ROOT, "conv+linear layers %.1f GFLOP/s (%.0f%% of step time)%n", layers,
          100.0 * fx.profile.nanos() / 1e9 / sumStepSeconds);
      System.out.printf(Locale.ROOT, "ratio              %.2f (target >= 0.40)%n", layers / gemm);
    }
  }
}
