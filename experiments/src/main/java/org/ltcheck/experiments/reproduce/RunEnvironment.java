package org.ltcheck.experiments.reproduce;

import java.nio.file.Path;
import org.ltcheck.gpu.backend.Device;

/**
 * Where and how fast a reproduction runs. None of it changes what is computed (training results
 * differ between backends and thread counts only by floating-point rounding, constructions not at
 * all), so it is not part of any stage's fingerprint and a resumed run may use other values.
 *
 * @param dataDir directory with (or for) the data set files, or null for the default cache
 * @param device training device: auto, cpu or cuda
 * @param threads CPU threads, 0 = all processors
 */
public record RunEnvironment(Path dataDir, Device device, int threads) {
  public RunEnvironment {
    if (threads < 0) {
      throw new IllegalArgumentException("--threads must be >= 0 (0 = all processors), got " + threads);
    }
  }

  /** Worker threads for construction and evaluation. */
  public int workers() {
    return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
  }
}
