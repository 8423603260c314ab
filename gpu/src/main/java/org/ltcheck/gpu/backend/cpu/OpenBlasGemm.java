package org.ltcheck.gpu.backend.cpu;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;
import org.ltcheck.gpu.backend.BackendUnavailableException;

/**
 * SGEMM through OpenBLAS (bytedeco presets). Direct buffers are passed by address, so no array
 * is copied across JNI: that is why the CPU backend keeps its tensors in direct memory.
 */
final class OpenBlasGemm implements Gemm {
  private final int threads;

  /** Loads the native library and sets OpenBLAS's (process-wide) thread count. */
  OpenBlasGemm(int threads) {
    Availability.require();
    this.threads = threads;
    openblas.blas_set_num_threads(threads);
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
    // The count is process-wide; re-assert it in case another backend changed it.
    if (openblas.blas_get_num_threads() != threads) {
      openblas.blas_set_num_threads(threads);
    }
    openblas.cblas_sgemm(
        openblas.CblasRowMajor,
        transA ? openblas.CblasTrans : openblas.CblasNoTrans,
        transB ? openblas.CblasTrans : openblas.CblasNoTrans,
        m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
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
