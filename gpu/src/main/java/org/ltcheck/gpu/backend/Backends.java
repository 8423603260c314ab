package org.ltcheck.gpu.backend;

import java.util.function.Consumer;
import org.ltcheck.gpu.backend.cpu.CpuBackend;
import org.ltcheck.gpu.backend.cpu.GemmKind;
import org.ltcheck.gpu.backend.cuda.CudaBackend;

/**
 * Chooses a backend for a {@link Device}: {@code cpu} is the CPU backend; {@code cuda} is the
 * JCuda backend or a {@link BackendUnavailableException} "no CUDA device: reason" (the CLI turns
 * it into exit code 2); {@code auto} takes CUDA when it works and otherwise says so in one line
 * and falls back to the CPU, so the same script runs on a laptop and on a GPU machine.
 */
public final class Backends {
  private Backends() {}

  /**
   * A backend for {@code device} using {@code threads} CPU threads (0 = all available cores);
   * the {@code auto} fall-back notice goes to standard error.
   */
  public static Backend create(Device device, int threads) {
    return create(device, threads, System.err::println);
  }

  /**
   * As {@link #create(Device, int)}, with the one-line notice of an {@code auto} fall-back to the
   * CPU passed to {@code notice} (nothing is reported when CUDA is used or the CPU was asked for).
   */
  public static Backend create(Device device, int threads, Consumer<String> notice) {
    return switch (device) {
      case CUDA -> CudaBackend.create();
      case CPU -> cpu(threads);
      case AUTO -> {
        String reason;
        try {
          yield CudaBackend.create();
        } catch (BackendUnavailableException e) {
          reason = e.getMessage();
        }
        notice.accept("device auto: " + reason + "; falling back to the CPU backend");
        yield cpu(threads);
      }
    };
  }

  private static Backend cpu(int threads) {
    return CpuBackend.create(threads, GemmKind.AUTO);
  }
}
