package org.ltcheck.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ltcheck.gpu.backend.DeviceTensor;
import org.ltcheck.gpu.backend.cpu.CpuBackend;
import org.ltcheck.gpu.backend.cpu.GemmKind;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The BLAS reference rate: one n×n×n SGEMM through the CPU backend (2n³ FLOP per call). The
 * training-step benchmark's conv and linear layers are compared against this rate. The backend
 * splits the product over its workers, each a single-threaded OpenBLAS call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class SgemmBenchmark {
  @Param({"2048"})
  public int n;

  @Param({"OPENBLAS"})
  public String gemm;

  @Param({"0"})
  public int threads;

  private CpuBackend backend;
  private DeviceTensor a;
  private DeviceTensor b;
  private DeviceTensor c;

  @Setup(Level.Trial)
  public void setUp() {
    backend = CpuBackend.create(threads, GemmKind.valueOf(gemm));
    SplittableRandom r = new SplittableRandom(1);
    float[] data = new float[n * n];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) r.nextGaussian();
    }
    a = backend.upload(data, n, n);
    b = backend.upload(data, n, n);
    c = backend.allocate(n, n);
  }

  @Benchmark
  public void sgemm() {
    backend.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    backend.close();
  }
}
