package org.ltcheck.gpu.train;

import java.util.List;
import org.ltcheck.gpu.backend.DeviceTensor;

/**
 * A named tensor of a trainable network, living on the backend: its PyTorch state-dict name,
 * its value, its gradient (null for buffers such as batch-norm running statistics) and, once
 * pruning has started, its 0/1 mask.
 */
public final class Parameter {
  /** What a tensor is, which decides whether it is trained and whether it may be pruned. */
  public enum Role {
    /** Conv or linear weight: trained and prunable. */
    WEIGHT,
    /** Conv or linear bias: trained, never pruned. */
    BIAS,
    /** Batch-norm gamma or beta: trained, never pruned. */
    NORM,
    /** Per-channel shortcut scale: trained, never pruned. */
    SCALE,
    /** Batch-norm running statistic: updated by the forward pass, not by the optimiser. */
    BUFFER;

    public boolean trainable() {
      return this != BUFFER;
    }
  }

  private final String name;
  private final Role role;
  private final DeviceTensor value;
  private final DeviceTensor grad;
  private DeviceTensor mask;

  Parameter(String name, Role role, DeviceTensor value) {
    this.name = name;
    this.role = role;
    this.value = value;
    this.grad = role.trainable() ? value.backend().allocate(value.shape()) : null;
  }

  public String name() {
    return name;
  }

  public Role role() {
    return role;
  }

  public DeviceTensor value() {
    return value;
  }

  /** The gradient, overwritten by each backward pass; null for buffers. */
  public DeviceTensor grad() {
    return grad;
  }

  /** The pruning mask, or null while the tensor is dense. */
  public DeviceTensor mask() {
    return mask;
  }

  /** Installs (or replaces) the mask, uploading it and applying it to the value at once. */
  public void setMask(float[] hostMask) {
    if (role != Role.WEIGHT) {
      throw new IllegalStateException("only conv/linear weights are pruned, not " + name + " (" + role + ")");
    }
    if (mask == null) {
      mask = value.backend().allocate(value.shape());
    }
    value.backend().copyFromHost(hostMask, 0, mask, 0, value.size());
    value.backend().multiply(value, mask);
  }

  void close() {
    value.close();
    if (grad != null) {
      grad.close();
    }
    if (mask != null) {
      mask.close();
    }
  }

  /** A layer's parameters in optimiser order: the weight, then the bias when the layer has one. */
  static List<Parameter> weightAndBias(Parameter weight, Parameter bias) {
    return bias == null ? List.of(weight) : List.of(weight, bias);
  }
}
