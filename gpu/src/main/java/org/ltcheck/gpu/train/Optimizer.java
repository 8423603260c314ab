package org.ltcheck.gpu.train;

import java.util.List;
import java.util.Map;
import org.ltcheck.gpu.backend.DeviceTensor;

/**
 * Updates trainable parameters from their gradients. State tensors (momentum, Adam moments)
 * live on the backend next to the parameters; {@link #state()} exposes them by name so that a
 * checkpoint can save and restore them exactly. Masked parameters have their gradient masked
 * before the update and their value re-masked after it, so a pruned weight stays exactly 0.
 */
public interface Optimizer extends AutoCloseable {
  /** One update of every trainable parameter with learning rate {@code lr}. */
  void step(List<Parameter> parameters, float lr);

  /** State tensors by a stable name ("<param>.<slot>"), created lazily on the first step. */
  Map<String, DeviceTensor> state(List<Parameter> parameters);

  /** Updates taken so far (Adam's bias correction depends on it). */
  long steps();

  /** Restores the update counter from a checkpoint. */
  void setSteps(long steps);

  @Override
  void close();
}
