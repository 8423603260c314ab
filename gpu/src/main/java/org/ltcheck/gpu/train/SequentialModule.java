package org.ltcheck.gpu.train;

import java.util.ArrayList;
import java.util.List;
import org.ltcheck.gpu.backend.DeviceTensor;
import org.ltcheck.model.Layer;

/** Modules applied in order; the backward pass runs them in reverse. */
final class SequentialModule {
  private final List<Module> modules;
  private final int[] in;

  SequentialModule(List<Module> modules, int[] inShape) {
    this.modules = List.copyOf(modules);
    this.in = inShape.clone();
  }

  List<Module> modules() {
    return modules;
  }

  boolean isEmpty() {
    return modules.isEmpty();
  }

  int[] outputShape() {
    return modules.isEmpty() ? in.clone() : modules.get(modules.size() - 1).outputShape();
  }

  DeviceTensor forward(DeviceTensor x, int batch, boolean training) {
    DeviceTensor h = x;
    for (Module m : modules) {
      h = m.forward(h, batch, training);
    }
    return h;
  }

  DeviceTensor backward(DeviceTensor dy, int batch, boolean needInputGrad) {
    DeviceTensor g = dy;
    for (int i = modules.size() - 1; i >= 0; i--) {
      g = modules.get(i).backward(g, batch, i > 0 || needInputGrad);
    }
    return g;
  }

  List<Parameter> parameters() {
    List<Parameter> p = new ArrayList<>();
    modules.forEach(m -> p.addAll(m.parameters()));
    return p;
  }

  List<Layer> export() {
    return modules.stream().map(Module::export).toList();
  }

  long gemmFlops(int batch, boolean needInputGrad) {
    long f = 0;
    for (int i = 0; i < modules.size(); i++) {
      f += modules.get(i).gemmFlops(batch, i > 0 || needInputGrad);
    }
    return f;
  }

  void close() {
    modules.forEach(Module::close);
  }
}
