package org.ltcheck.gpu.backend;

import org.ltcheck.model.PoolWindow;
import org.ltcheck.model.SlidingWindow;

/**
 * Argument checks that every {@link Backend} makes the same way, so that the CPU and CUDA
 * backends reject the same calls with the same messages (the contract tests assert on them).
 * Ownership and buffer-size checks stay in each backend because they unwrap its own tensor type.
 */
public final class BackendChecks {
  private BackendChecks() {}

  /** Throws unless every value is at least 1. */
  public static void positive(String what, int... values) {
    for (int v : values) {
      if (v < 1) {
        throw new IllegalArgumentException(what + " must be positive, got " + v);
      }
    }
  }

  /** Throws unless the leading dimension covers a row of {@code cols} elements. */
  public static void leadingDimension(String what, int ld, int cols) {
    if (ld < Math.max(1, cols)) {
      throw new IllegalArgumentException(what + " " + ld + " is smaller than the row length " + cols);
    }
  }

  /**
   * Checks the dimensions of {@link Backend#sgemm} and returns how many elements A, B and C must
   * hold (offset included) for the last row to fit.
   */
  public static GemmExtents sgemm(
      boolean transA, boolean transB, int m, int n, int k,
      int aOffset, int lda, int bOffset, int ldb, int cOffset, int ldc) {
    positive("sgemm dimension", m, n, k);
    int aRows = transA ? k : m;
    int aCols = transA ? m : k;
    int bRows = transB ? n : k;
    int bCols = transB ? k : n;
    leadingDimension("lda", lda, aCols);
    leadingDimension("ldb", ldb, bCols);
    leadingDimension("ldc", ldc, n);
    return new GemmExtents(
        aOffset + (long) (aRows - 1) * lda + aCols,
        bOffset + (long) (bRows - 1) * ldb + bCols,
        cOffset + (long) (m - 1) * ldc + n);
  }

  /** Elements A, B and C of one {@link Backend#sgemm} call must hold. */
  public record GemmExtents(long a, long b, long c) {}

  /** Throws unless {@code s} was made for exactly this geometry and output-channel count. */
  public static void convScratch(ConvScratch s, ConvGeometry g, int outChannels) {
    positive("conv output channels", outChannels);
    if (!s.geometry().equals(g) || s.outChannels() != outChannels) {
      throw new IllegalArgumentException("conv scratch made for " + s.geometry() + " with " + s.outChannels()
          + " output channels does not fit " + g + " with " + outChannels);
    }
  }

  /**
   * Checks an average-pooling geometry (no padding) and returns the number of output elements,
   * planes * ((h-k)/s+1) * ((w-k)/s+1).
   */
  public static long avgPoolOutput(int planes, int h, int w, int kernel, int stride) {
    positive("avg-pool dimension", planes, h, w, kernel, stride);
    if (kernel > h || kernel > w) {
      throw new IllegalArgumentException("avg-pool kernel " + kernel + " larger than input " + h + "x" + w);
    }
    return (long) planes * SlidingWindow.outputSize(h, kernel, stride, 0) * SlidingWindow.outputSize(w, kernel, stride, 0);
  }

  /**
   * Checks a max-pooling geometry and returns its windows, whose {@link PoolWindow#outSize()}
   * is the number of output elements.
   */
  public static PoolWindow maxPoolWindow(int planes, int h, int w, int kernel, int stride, int padding) {
    positive("max-pool dimension", planes, h, w, kernel, stride);
    PoolWindow window = new PoolWindow(planes, h, w, kernel, kernel, stride, padding);
    if (window.outHeight() < 1 || window.outWidth() < 1) {
      throw new IllegalArgumentException(
          "max-pool kernel " + kernel + " with padding " + padding + " larger than input " + h + "x" + w);
    }
    return window;
  }

  /**
   * The two scalars of PyTorch's bias-corrected Adam update for 1-based {@code step}, computed
   * in double exactly once per step so that every backend applies the same float constants.
   *
   * @param stepSize lr / (1 - beta1^step)
   * @param sqrtBias2 sqrt(1 - beta2^step)
   */
  public record AdamCorrection(float stepSize, float sqrtBias2) {
    public static AdamCorrection of(float lr, float beta1, float beta2, int step) {
      if (step < 1) {
        throw new IllegalArgumentException("Adam step must be >= 1, got " + step);
      }
      return new AdamCorrection(
          (float) (lr / (1 - Math.pow(beta1, step))), (float) Math.sqrt(1 - Math.pow(beta2, step)));
    }
  }
}
