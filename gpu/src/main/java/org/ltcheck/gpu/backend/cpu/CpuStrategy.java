package org.ltcheck.gpu.backend.cpu;

/** How the CPU backend spreads convolutions and GEMMs over its threads. */
public enum CpuStrategy {
  /**
   * The default. Convolution layers run image by image, each worker thread with a cache-sized
   * scratch and single-threaded GEMMs ({@link ConvLayerKernels}); other GEMMs are split into one
   * block of C per thread, each a single-threaded BLAS call on one of the backend's workers.
   * OpenBLAS's own thread pool is never used: its threads spin while waiting for work, which
   * with other processes on the cores (or the backend's own workers) made steps collapse.
   */
  PER_IMAGE,
  /**
   * The strategy before the per-image kernels, kept for comparisons: convolution layers take
   * {@link org.ltcheck.gpu.backend.Backend}'s generic path (im2col of the whole batch, one
   * GEMM, an axis swap) and OpenBLAS multithreads each GEMM with its own thread pool.
   */
  BATCHED
}
