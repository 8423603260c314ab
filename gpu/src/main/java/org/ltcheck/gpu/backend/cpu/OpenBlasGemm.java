package org.ltcheck.gpu.backend.cpu;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;
import org.ltcheck.gpu.backend.BackendUnavailableException;

/**
 * SGEMM through OpenBLAS (bytedeco presets). Direct buffers are passed by address, so no array
 * is copied across JNI: that is why the CPU backend keeps its tensors in direct memory.
 *
 * <p>OpenBLAS runs single-threaded: a large product is split into one block of rows or columns
 * of C per backend thread, each a single-threaded call on one of the backend's workers.
 * OpenBLAS's own pool threads spin between calls, so on a machine shared with other processes,
 * or with the backend's own workers busy, they steal the cores the work needs; the backend's
 * fork/join workers park instead.
 */
final class OpenBlasGemm implements Gemm {
  /** Products below this many FLOPs are not worth splitting. */
  private static final long SPLIT_MIN_FLOPS = 1L << 22;

  private final int threads;
  private final Parallel parallel;

  /** Loads the native library and sets OpenBLAS's (process-wide) thread count to 1. */
  OpenBlasGemm(int threads, Parallel parallel) {
    Availability.require();
    this.threads = threads;
    this.parallel = parallel;
    openblas.blas_set_num_threads(1);
  }

  /** Whether the native library loads on this machine. */
  static boolean available() {
    return Availability.ERROR == null;
  }

  @Override
  public String name() {
    return "openblas";
  }

  @Override
  public void sgemm(
      boolean transA, boolean transB, int m, int n, int k, float alpha,
      FloatBuffer a, int lda, FloatBuffer b, int ldb, float beta, FloatBuffer c, int ldc) {
    split(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  }

  private static FloatBuffer at(FloatBuffer b, int offset) {
    return offset == 0 ? b : b.duplicate().position(offset).slice();
  }

  /**
   * C in one block of rows (when m > n) or columns per thread, rounded to multiples of 16, each
   * block a single-threaded call; every element of C is computed by one call, so the result is
   * deterministic for a given thread count.
   */
  private void split(
      boolean transA, boolean transB, int m, int n, int k, float alpha,
      FloatBuffer a, int lda, FloatBuffer b, int ldb, float beta, FloatBuffer c, int ldc) {
    beginSerialSection();
    boolean byRows = m > n;
    int len = byRows ? m : n;
    int block = ((len + threads - 1) / threads + 15) / 16 * 16;
    int parts = (len + block - 1) / block;
    if (parts < 2 || 2L * m * n * k < SPLIT_MIN_FLOPS) {
      sgemmSerial(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
      return;
    }
    parallel.forEach(parts, 2L * m * n * k, part -> {
      int from = part * block;
      int size = Math.min(len, from + block) - from;
      if (byRows) {
        sgemmSerial(transA, transB, size, n, k, alpha, at(a, transA ? from : from * lda), lda, b, ldb,
            beta, at(c, from * ldc), ldc);
      } else {
        sgemmSerial(transA, transB, m, size, k, alpha, a, lda, at(b, transB ? from * ldb : from), ldb,
            beta, at(c, from), ldc);
      }
    });
  }

  @Override
  public void beginSerialSection() {
    if (openblas.blas_get_num_threads() != 1) {
      openblas.blas_set_num_threads(1);
    }
  }

  @Override
  public void sgemmSerial(
      boolean transA, boolean transB, int m, int n, int k, float alpha,
      FloatBuffer a, int lda, FloatBuffer b, int ldb, float beta, FloatBuffer c, int ldc) {
    openblas.cblas_sgemm(
        openblas.CblasRowMajor,
        transA ? openblas.CblasTrans : openblas.CblasNoTrans,
        transB ? openblas.CblasTrans : openblas.CblasNoTrans,
        m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  }

  /** Loads the library once per class loader; the outcome never changes afterwards. */
  private static final class Availability {
    static final Throwable ERROR = tryLoad();

    private static Throwable tryLoad() {
      try {
        Loader.load(openblas.class);
        return null;
      } catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError, ExceptionInInitializerError
        return e;
      }
    }

    static void require() {
      if (ERROR != null) {
        throw new BackendUnavailableException("OpenBLAS native library cannot load: " + ERROR, ERROR);
      }
    }
  }
}
