package org.ltcheck.gpu.train;

/**
 * Time and FLOPs spent in the conv and linear layers (forward + backward), to compare their
 * throughput with the BLAS peak. Only meaningful on synchronous backends (the CPU); a CUDA
 * backend would have to synchronise around each layer to be timed this way.
 */
public final class GemmProfile {
  private long nanos;
  private long flops;

  void add(long dtNanos, long dFlops) {
    nanos += dtNanos;
    flops += dFlops;
  }

  public long nanos() {
    return nanos;
  }

  public long flops() {
    return flops;
  }

  /** GFLOP/s achieved inside the conv and linear layers. */
  public double gflops() {
    return nanos == 0 ? 0 : flops / (double) nanos;
  }

  public void reset() {
    nanos = 0;
    flops = 0;
  }
}
