package org.ltcheck.gpu.backend.cpu;

import java.nio.FloatBuffer;

/**
 * Row-major single-precision GEMM on direct buffers whose position 0 is the first element of
 * each matrix; the semantics are those of {@code cblas_sgemm(CblasRowMajor, ...)}.
 */
interface Gemm {
  String name();

  /** A GEMM that may use all of the backend's threads. */
  void sgemm(
      boolean transA, boolean transB, int m, int n, int k, float alpha,
      FloatBuffer a, int lda, FloatBuffer b, int ldb, float beta, FloatBuffer c, int ldc);

  /**
   * Prepares for a parallel section in which each of the backend's workers calls
   * {@link #sgemmSerial} on its own data (OpenBLAS: one BLAS thread per call, so that two
   * workers never oversubscribe the cores). The next {@link #sgemm} restores the thread count.
   */
  default void beginSerialSection() {}

  /**
   * As {@link #sgemm}, computed on the calling thread alone; callers run several at once, after
   * {@link #beginSerialSection}. Gives bit-identical results to {@link #sgemm} for the Java
   * GEMM; for OpenBLAS the single-threaded result is deterministic but may differ in the last
   * bits from a multithreaded one.
   */
  void sgemmSerial(
      boolean transA, boolean transB, int m, int n, int k, float alpha,
      FloatBuffer a, int lda, FloatBuffer b, int ldb, float beta, FloatBuffer c, int ldc);
}
