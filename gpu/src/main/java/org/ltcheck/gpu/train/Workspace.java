package org.ltcheck.gpu.train;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.ltcheck.gpu.backend.Backend;
import org.ltcheck.gpu.backend.DeviceTensor;

/**
 * The activation and scratch buffers of one module, keyed by role. A buffer is reused while the
 * requested shape stays the same (every full batch of an epoch) and reallocated when it changes
 * (the last, smaller batch), so a training step allocates nothing in the steady state.
 */
final class Workspace {
  private final Backend backend;
  private final Map<String, DeviceTensor> buffers = new HashMap<>();

  Workspace(Backend backend) {
    this.backend = backend;
  }

  DeviceTensor get(String key, int... shape) {
    DeviceTensor t = buffers.get(key);
    if (t != null && Arrays.equals(t.shape(), shape)) {
      return t;
    }
    if (t != null) {
      t.close();
    }
    t = backend.allocate(shape);
    buffers.put(key, t);
    return t;
  }

  void close() {
    buffers.values().forEach(DeviceTensor::close);
    buffers.clear();
  }
}
