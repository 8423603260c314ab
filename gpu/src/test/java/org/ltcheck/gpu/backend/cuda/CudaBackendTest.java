package org.ltcheck.gpu.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ltcheck.gpu.backend.AbstractBackendTest;
import org.ltcheck.gpu.backend.Backend;
import org.ltcheck.gpu.backend.DeviceTensor;
import org.ltcheck.gpu.backend.cpu.CpuBackend;
import org.ltcheck.gpu.backend.cpu.GemmKind;
import org.ltcheck.gpu.kit.MnistBenchmark;
import org.ltcheck.gpu.kit.MnistCnnStep;

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

  /**
   * Three SGD steps of the MNIST CNN on both backends from the same seeded weights and data:
   * losses agree to 1e-3 relative and every parameter to 1e-3 absolute (weights are O(0.1);
   * summation-order differences amplified over three steps stay near 1e-6).
   */
  @Test
  void mnistCnnTrainingStepsMatchCpu() {
    MnistBenchmark.Data data = MnistBenchmark.synthetic(3 * 32, 7);
    List<float[]> cudaParams;
    float[] cudaStats;
    try (MnistCnnStep model = new MnistCnnStep(backend, 32, 0.01f, 0.9f, 11)) {
      for (int s = 0; s < 3; s++) {
        model.step(data.images(), data.labels(), s * 32);
      }
      cudaStats = model.statistics();
      cudaParams = model.parameters();
    }
    try (CpuBackend cpu = CpuBackend.create(2, GemmKind.AUTO);
        MnistCnnStep model = new MnistCnnStep(cpu, 32, 0.01f, 0.9f, 11)) {
      for (int s = 0; s < 3; s++) {
        model.step(data.images(), data.labels(), s * 32);
      }
      float[] cpuStats = model.statistics();
      assertEquals(cpuStats[0], cudaStats[0], 1e-3 * Math.abs(cpuStats[0]), "summed loss");
      List<float[]> cpuParams = model.parameters();
      for (int p = 0; p < cpuParams.size(); p++) {
        float[] e = cpuParams.get(p);
        float[] g = cudaParams.get(p);
        for (int i = 0; i < e.length; i++) {
          assertEquals(e[i], g[i], 1e-3, "parameter " + p + " [" + i + "]");
        }
      }
    }
  }

  @Test
  void repeatedRunsAreBitIdentical() {
    MnistBenchmark.Data data = MnistBenchmark.synthetic(64, 3);
    float[][] first = null;
    for (int run = 0; run < 2; run++) {
      try (MnistCnnStep model = new MnistCnnStep(backend, 32, 0.01f, 0.9f, 5)) {
        model.step(data.images(), data.labels(), 0);
        model.step(data.images(), data.labels(), 32);
        float[][] now = model.parameters().toArray(new float[0][]);
        if (first == null) {
          first = now;
        } else {
          for (int p = 0; p < now.length; p++) {
            assertArrayEquals(first[p], now[p], "parameter " + p + " differs between identical runs");
          }
        }
      }
    }
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
