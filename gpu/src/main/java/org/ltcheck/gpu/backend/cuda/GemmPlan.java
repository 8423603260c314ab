package org.ltcheck.gpu.backend.cuda;

/**
 * How one SGEMM is launched: which tile shape, and into how many k-slices it is split.
 *
 * <p>Why: the training GEMMs have very different shapes. A conv forward with 32 filters is
 * 32 × (N·pixels) — wide tiles avoid wasting half of a square tile; a classifier forward is
 * N × 10 — tall tiles; and weight gradients such as 32 × 288 with k = N·784 have only a handful
 * of output tiles, so without splitting k most of the H100's 132 SMs would idle while a few
 * blocks walk a 100,000-long k loop. Split-K writes each slice to scratch and sums the slices
 * in a fixed order, so the result stays deterministic for a given device (the plan depends on
 * its SM count).
 *
 * @param tileM rows of C per block
 * @param tileN columns of C per block
 * @param splits number of k-slices (1 = write C directly)
 * @param kChunk k extent of one slice, a multiple of {@link #TILE_K}
 */
record GemmPlan(Kernel kernel, int tileM, int tileN, int splits, int kChunk) {
  /** k depth of a shared-memory tile (GEMM_BK in the CUDA source). */
  static final int TILE_K = 16;
  /** Threads per GEMM block (GEMM_THREADS in the CUDA source). */
  static final int THREADS = 256;
  /** A slice shorter than this costs more in scratch traffic than it gains in parallelism. */
  static final int MIN_SLICE_K = 256;
  /** Largest grid y/z dimension CUDA allows. */
  static final int MAX_GRID_YZ = 65_535;

  /** The plan for a m × n × k product on a device with {@code smCount} multiprocessors. */
  static GemmPlan choose(int m, int n, int k, int smCount) {
    Kernel kernel;
    int tm;
    int tn;
    if (m <= 32) {
      kernel = Kernel.SGEMM_32X128;
      tm = 32;
      tn = 128;
    } else if (n <= 32) {
      kernel = Kernel.SGEMM_128X32;
      tm = 128;
      tn = 32;
    } else {
      kernel = Kernel.SGEMM_64X64;
      tm = 64;
      tn = 64;
    }
    long tiles = ceilDiv(m, tm) * ceilDiv(n, tn);
    long target = 2L * Math.max(1, smCount);
    int splits = 1;
    if (tiles < target && k >= 2 * MIN_SLICE_K) {
      splits = (int) Math.min(ceilDiv(target, tiles), k / MIN_SLICE_K);
    }
    int chunk = (int) (ceilDiv(ceilDiv(k, splits), TILE_K) * TILE_K);
    splits = (int) ceilDiv(k, chunk);
    if (ceilDiv(m, tm) > MAX_GRID_YZ) {
      throw new IllegalArgumentException("sgemm with m = " + m + " rows exceeds the CUDA grid limit");
    }
    return new GemmPlan(kernel, tm, tn, splits, chunk);
  }

  int gridX(int n) {
    return (int) ceilDiv(n, tileN);
  }

  int gridY(int m) {
    return (int) ceilDiv(m, tileM);
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
