package org.ltcheck.bench;

import java.util.concurrent.TimeUnit;
import org.ltcheck.gpu.backend.cpu.CpuBackend;
import org.ltcheck.gpu.backend.cpu.GemmKind;
import org.ltcheck.gpu.models.Architecture;
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
 * Time of one training step (forward, loss, backward, SGD) of the paper's networks on the CPU
 * backend; images/s = batch / time. At tear-down it prints the GFLOP/s reached inside the conv
 * and linear layers, to compare with {@link SgemmBenchmark} ({@link GemmRatio} does both in one
 * process and prints the ratio).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class TrainingStepBenchmark {
  @Param({"MNIST_CNN", "CIFAR_RESNET_20"})
  public String model;

  @Param({"64"})
  public int batch;

  @Param({"0"})
  public int threads;

  private CpuBackend backend;
  private TrainingStepFixture fixture;

  @Setup(Level.Trial)
  public void setUp() {
    backend = CpuBackend.create(threads, GemmKind.AUTO);
    fixture = new TrainingStepFixture(backend, Architecture.valueOf(model), batch, 42);
  }

  @Setup(Level.Iteration)
  public void resetProfile() {
    fixture.profile.reset();
  }

  @Benchmark
  public float step() {
    return fixture.step();
  }

  @TearDown(Level.Iteration)
  public void report() {
    System.out.printf(java.util.Locale.ROOT, "%n  conv+linear layers: %.1f GFLOP/s (%.2f GFLOP per step)%n",
        fixture.profile.gflops(), fixture.net.trainingStepGemmFlops(batch) / 1e9);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    fixture.close();
    backend.close();
  }
}
