package org.ltcheck.gpu.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ltcheck.gpu.backend.Backend;
import org.ltcheck.gpu.backend.DeviceTensor;

/** SGD with momentum and Adam, both as PyTorch defines them (see the {@link Backend} methods). */
final class StatefulOptimizer implements Optimizer {
  private final OptimizerConfig config;
  private final Map<String, DeviceTensor> state = new LinkedHashMap<>();
  private long steps;

  StatefulOptimizer(OptimizerConfig config) {
    this.config = config;
  }

  private DeviceTensor slot(Parameter p, String slot) {
    return state.computeIfAbsent(p.name() + "." + slot, k -> p.value().backend().allocate(p.value().shape()));
  }

  @Override
  public void step(List<Parameter> parameters, float lr) {
    steps++;
    for (Parameter p : parameters) {
      if (!p.role().trainable()) {
        continue;
      }
      Backend b = p.value().backend();
      if (p.mask() != null) {
        b.multiply(p.grad(), p.mask());
      }
      switch (config.kind()) {
        case SGD -> b.sgdStep(p.value(), p.grad(), slot(p, "momentum"), lr,
            (float) config.momentum(), (float) config.weightDecay());
        case ADAM -> b.adamStep(p.value(), p.grad(), slot(p, "exp_avg"), slot(p, "exp_avg_sq"), lr,
            (float) config.beta1(), (float) config.beta2(), (float) config.eps(), (float) config.weightDecay(),
            Math.toIntExact(steps));
      }
      if (p.mask() != null) {
        b.multiply(p.value(), p.mask());
      }
    }
  }

  @Override
  public Map<String, DeviceTensor> state(List<Parameter> parameters) {
    for (Parameter p : parameters) {
      if (p.role().trainable()) {
        if (config.kind() == OptimizerConfig.Kind.SGD) {
          slot(p, "momentum");
        } else {
          slot(p, "exp_avg");
          slot(p, "exp_avg_sq");
        }
      }
    }
    return Map.copyOf(state);
  }

  @Override
  public long steps() {
    return steps;
  }

  @Override
  public void setSteps(long steps) {
    if (steps < 0) {
      throw new IllegalArgumentException("optimizer step count must be >= 0, got " + steps);
    }
    this.steps = steps;
  }

  @Override
  public void close() {
    state.values().forEach(DeviceTensor::close);
    state.clear();
  }
}
