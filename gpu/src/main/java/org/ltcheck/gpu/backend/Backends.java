package org.ltcheck.gpu.backend;

import org.ltcheck.gpu.backend.cpu.CpuBackend;
import org.ltcheck.gpu.backend.cpu.GemmKind;

/**
 * Chooses a backend for a {@link Device}. Until the JCuda backend exists, {@code cuda} fails with
 * {@link BackendUnavailableException} (the CLI turns it into exit code 2) and {@code auto}
 * falls back to the CPU, so scripts written with {@code --device auto} keep working later.
 */
public final class Backends {
  private Backends() {}

  /** A backend for {@code device} using {@code threads} CPU threads (0 = all available cores). */
  public static Backend create(Device device, int threads) {
    return switch (device) {
      case CUDA -> throw new BackendUnavailableException("CUDA backend not available");
      case AUTO, CPU -> CpuBackend.create(threads, GemmKind.AUTO);
    };
  }
}
