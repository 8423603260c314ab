package org.ltcheck.gpu.backend.cpu;

import java.nio.FloatBuffer;

/**
 * Blocked, multithreaded pure-Java SGEMM: the fallback when OpenBLAS cannot load, and a second,
 * independent GEMM against which the whole backend test suite runs. Blocks of A and B are packed
 * into heap arrays (op() applied while packing) so the inner loop is a unit-stride
 * multiply-add that the JIT vectorises. Each task owns a disjoint block of C and sums over k in
 * a fixed order: results are deterministic.
 */
final class JavaGemm implements Gemm {
  private static final int MB = 64;
  private static final int NB = 256;
  private static final int KB = 256;

  private final Parallel parallel;

  JavaGemm(Parallel parallel) {
    this.parallel = parallel;
  }

  @Override
  public String name() {
    return "java";
  }

  @Override
  public void sgemm(
      boolean transA, boolean transB, int m, int n, int k, float alpha,
      FloatBuffer a, int lda, FloatBuffer b, int ldb, float beta, FloatBuffer c, int ldc) {
    int rowBlocks = (m + MB - 1) / MB;
    int colBlocks = (n + NB - 1) / NB;
    parallel.forEach(rowBlocks * colBlocks, (long) m * n * Math.max(k, 1), task ->
        block(task, colBlocks, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc));
  }

  @Override
  public void sgemmSerial(
      boolean transA, boolean transB, int m, int n, int k, float alpha,
      FloatBuffer a, int lda, FloatBuffer b, int ldb, float beta, FloatBuffer c, int ldc) {
    int rowBlocks = (m + MB - 1) / MB;
    int colBlocks = (n + NB - 1) / NB;
    for (int task = 0; task < rowBlocks * colBlocks; task++) {
      block(task, colBlocks, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }
  }

  /** One MB×NB block of C; the same arithmetic whichever thread runs it. */
  private static void block(
      int task, int colBlocks, boolean transA, boolean transB, int m, int n, int k, float alpha,
      FloatBuffer a, int lda, FloatBuffer b, int ldb, float beta, FloatBuffer c, int ldc) {
    int i0 = (task / colBlocks) * MB;
    int j0 = (task % colBlocks) * NB;
    int mb = Math.min(MB, m - i0);
    int nb = Math.min(NB, n - j0);
    float[] acc = new float[mb * nb];
    float[] pa = new float[mb * KB];
    float[] pb = new float[KB * nb];
    for (int p0 = 0; p0 < k; p0 += KB) {
      int kb = Math.min(KB, k - p0);
      for (int i = 0; i < mb; i++) {
        for (int p = 0; p < kb; p++) {
          int r = i0 + i;
          int q = p0 + p;
          pa[i * kb + p] = transA ? a.get(q * lda + r) : a.get(r * lda + q);
        }
      }
      for (int p = 0; p < kb; p++) {
        int q = p0 + p;
        for (int j = 0; j < nb; j++) {
          int col = j0 + j;
          pb[p * nb + j] = transB ? b.get(col * ldb + q) : b.get(q * ldb + col);
        }
      }
      for (int i = 0; i < mb; i++) {
        int accRow = i * nb;
        for (int p = 0; p < kb; p++) {
          float av = pa[i * kb + p];
          int bRow = p * nb;
          for (int j = 0; j < nb; j++) {
            acc[accRow + j] += av * pb[bRow + j];
          }
        }
      }
    }
    for (int i = 0; i < mb; i++) {
      int row = (i0 + i) * ldc + j0;
      for (int j = 0; j < nb; j++) {
        float v = alpha * acc[i * nb + j];
        c.put(row + j, beta == 0f ? v : v + beta * c.get(row + j));
      }
    }
  }
}
