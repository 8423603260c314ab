package org.ltcheck.gpu.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ltcheck.gpu.backend.AbstractBackendTest;
import org.ltcheck.gpu.backend.Backend;
import org.ltcheck.gpu.backend.DeviceTensor;
import org.ltcheck.gpu.backend.cpu.CpuBackend;
import org.ltcheck.gpu.backend.cpu.GemmKind;
import org.ltcheck.gpu.data.ImageData;
import org.ltcheck.gpu.kit.MnistBenchmark;
import org.ltcheck.gpu.models.Architecture;
import org.ltcheck.gpu.train.EpochResult;
import org.ltcheck.gpu.train.Optimizer;
import org.ltcheck.gpu.train.OptimizerConfig;
import org.ltcheck.gpu.train.Trainer;
import org.ltcheck.gpu.train.TrainableNetwork;
import org.ltcheck.tensor.FloatTensor;

/**
 * The backend contract on a GPU, plus CUDA-versus-CPU comparisons at training sizes (the split-K
 * and tile variants of the GEMM only engage there). Without a usable CUDA device every test is
 * skipped by the assumption in {@link #createBackend()}, which runs before each test: the tests
 * are reported as skipped with the reason, never as passed. (A class-level assumption in a
 * BeforeAll method would be more economical, but Surefire then reports "Tests run: 0", which
 * hides the skip.)
 */
class CudaBackendTest extends AbstractBackendTest {

  @Override
  protected Backend createBackend() {
    assumeTrue(CudaBackend.isAvailable(), () -> "no CUDA device: " + CudaBackend.probe().reason());
    return CudaBackend.create();
  }

  private static float[] seeded(int n, long seed) {
    java.util.Random r = new java.util.Random(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) r.nextGaussian();
    }
    return a;
  }

  private static float[] abs(float[] a) {
    float[] b = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      b[i] = Math.abs(a[i]);
    }
    return b;
  }

  /**
   * GEMM shapes of the MNIST CNN (conv forward 32 × N·784 × 288, its weight gradient with
   * k = N·784 through split-K, the classifier 128 × 10 × 25088 through tall tiles and split-K)
   * against the CPU backend. Tolerance: |cuda - cpu| ≤ 1e-5 · Σ_k |a||b| per entry, far above
   * the √k·2⁻²⁴ relative error of two float summation orders and far below any indexing bug.
   */
  @ParameterizedTest(name = "{0}x{1}x{2} transA={3} transB={4}")
  @CsvSource({
    "32,12544,288,false,false",
    "32,288,12544,false,true",
    "288,12544,32,true,false",
    "128,10,25088,false,true",
    "10,25088,128,true,false",
    "200,300,50,true,true"
  })
  void trainingSizedGemmsMatchCpu(int m, int n, int k, boolean ta, boolean tb) {
    float[] a = seeded(m * k, 1);
    float[] bm = seeded(k * n, 2);
    int lda = ta ? m : k;
    int ldb = tb ? k : n;
    try (CpuBackend cpu = CpuBackend.create(2, GemmKind.AUTO)) {
      float[] expected = gemm(cpu, ta, tb, m, n, k, a, lda, bm, ldb);
      float[] bound = gemm(cpu, ta, tb, m, n, k, abs(a), lda, abs(bm), ldb);
      float[] got = gemm(backend, ta, tb, m, n, k, a, lda, bm, ldb);
      for (int i = 0; i < got.length; i++) {
        assertTrue(Math.abs(got[i] - expected[i]) <= 1e-5 * bound[i] + 1e-30,
            "C[" + i + "]: cuda " + got[i] + " cpu " + expected[i] + " bound " + bound[i]);
      }
    }
  }

  private static float[] gemm(Backend be, boolean ta, boolean tb, int m, int n, int k, float[] a, int lda,
      float[] b, int ldb) {
    DeviceTensor c = be.allocate(m * n);
    be.sgemm(ta, tb, m, n, k, 1f, be.upload(a, a.length), 0, lda, be.upload(b, b.length), 0, ldb, 0f, c, 0, n);
    return be.download(c);
  }

  /** The state after {@code batches} SGD batches of the project's trainer on the MNIST CNN. */
  private record Trained(EpochResult epoch, Map<String, FloatTensor> state) {}

  private static Trained train(Backend be, ImageData data, int batch, int batches) {
    try (TrainableNetwork net = TrainableNetwork.build(be, Architecture.MNIST_CNN.initialise(new SplittableRandom(11)));
        Optimizer sgd = OptimizerConfig.sgd(0.9, 5e-4).create();
        Trainer trainer = new Trainer(net, sgd, batch)) {
      EpochResult r = trainer.trainEpoch(data, 11, 0, 0.01f, batches, Trainer.BatchListener.NONE);
      return new Trained(r, net.stateDict());
    }
  }

  /**
   * Three SGD batches of the MNIST CNN through the project's trainer on both backends, from
   * the same seeded weights, data and batch order: the summed loss agrees to 1e-3 relative and
   * every parameter to 1e-3 absolute (weights are O(0.1); float summation-order differences
   * amplified over three steps stay near 1e-6).
   */
  @Test
  void mnistCnnTrainingMatchesCpu() {
    ImageData data = MnistBenchmark.synthetic(3 * 32, 7);
    Trained gpu = train(backend, data, 32, 3);
    try (CpuBackend cpu = CpuBackend.create(2, GemmKind.AUTO)) {
      Trained ref = train(cpu, data, 32, 3);
      assertEquals(ref.epoch().loss(), gpu.epoch().loss(), 1e-3 * ref.epoch().loss(), "mean loss");
      assertEquals(ref.epoch().accuracy(), gpu.epoch().accuracy(), 1.5 / 96, "at most one prediction may flip");
      assertEquals(ref.state().keySet(), gpu.state().keySet());
      ref.state().forEach((name, e) -> {
        float[] ev = e.toArray();
        float[] gv = gpu.state().get(name).toArray();
        for (int i = 0; i < ev.length; i++) {
          assertEquals(ev[i], gv[i], 1e-3, name + "[" + i + "]");
        }
      });
    }
  }

  @Test
  void repeatedTrainingIsBitIdentical() {
    ImageData data = MnistBenchmark.synthetic(64, 3);
    Trained first = train(backend, data, 32, 2);
    Trained second = train(backend, data, 32, 2);
    assertEquals(first.epoch().loss(), second.epoch().loss());
    first.state().forEach((name, t) ->
        assertArrayEquals(t.toArray(), second.state().get(name).toArray(), name + " differs between identical runs"));
  }

  @Test
  void closingTensorsAndBackendFreesDeviceMemory() {
    CudaBackend cuda = (CudaBackend) backend;
    long before = cuda.allocatedBytes();
    DeviceTensor t = cuda.allocate(1000, 1000);
    assertEquals(before + 4_000_000L, cuda.allocatedBytes());
    t.close();
    assertEquals(before, cuda.allocatedBytes());
    DeviceTensor kept = cuda.allocate(10);
    cuda.close();
    assertEquals(0, cuda.allocatedBytes());
    assertThrows(IllegalStateException.class, () -> cuda.download(kept));
    backend = CudaBackend.create(); // the fixture closes it after the test
  }

  @Test
  void nameDescribesTheDevice() {
    assertTrue(backend.name().startsWith("cuda("), backend.name());
  }
}
