package org.ltcheck.gpu.train;

/**
 * Time and FLOPs spent in the conv and linear layers (forward + backward), to compare their
 * throughput with the BLAS peak. Only meaningful on synchronous backends (the CPU); a CUDA
 * backend would have to synchronise around each layer to be timed this way.
 */
public final class GemmProfile {
  private final java.util.function.LongSupplier clock;
  private long nanos;
  private long flops;

  /** Times with {@link System#nanoTime()} (wall clock). */
  public GemmProfile() {
    this(System::nanoTime);
  }

  /**
   * Times with {@code clock} (nanoseconds), e.g. the calling thread's CPU time, which other
   * processes on the machine do not inflate; meaningful only when the backend does all its work
   * on the calling thread (one CPU thread).
   */
  public GemmProfile(java.util.function.LongSupplier clock) {
    this.clock = java.util.Objects.requireNonNull(clock, "clock");
  }

  long now() {
    return clock.getAsLong();
  }

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
