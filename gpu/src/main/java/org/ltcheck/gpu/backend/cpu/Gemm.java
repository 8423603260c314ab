package org.ltcheck.gpu.backend.cpu;

import java.nio.FloatBuffer;

/**
 * Row-major single-precision GEMM on direct buffers whose position 0 is the first element of
 * each matrix; the semantics are those of {@code cblas_sgemm(CblasRowMajor, ...)}.
 */
interface Gemm {
  String name();

  void sgemm(
      boolean transA, boolean transB, int m, int n, int k, float alpha,
      FloatBuffer a, int lda, FloatBuffer b, int ldb, float beta, FloatBuffer c, int ldc);
}
