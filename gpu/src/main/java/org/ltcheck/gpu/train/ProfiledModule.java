package org.ltcheck.gpu.train;

import java.util.List;
import org.ltcheck.gpu.backend.DeviceTensor;
import org.ltcheck.model.Layer;

/** Wraps a conv or linear module and books its time and FLOPs into a {@link GemmProfile}. */
final class ProfiledModule implements Module {
  private final Module inner;
  private final GemmProfile profile;

  ProfiledModule(Module inner, GemmProfile profile) {
    this.inner = inner;
    this.profile = profile;
  }

  @Override
  public int[] outputShape() {
    return inner.outputShape();
  }

  @Override
  public DeviceTensor forward(DeviceTensor x, int batch, boolean training) {
    long t0 = profile.now();
    DeviceTensor y = inner.forward(x, batch, training);
    long flops = training ? 0 : inner.gemmFlops(batch, false) / 2;
    profile.add(profile.now() - t0, flops);
    return y;
  }

  @Override
  public DeviceTensor backward(DeviceTensor dy, int batch, boolean needInputGrad) {
    long t0 = profile.now();
    DeviceTensor dx = inner.backward(dy, batch, needInputGrad);
    // Book the whole training step's FLOPs (forward included) once the step is complete.
    profile.add(profile.now() - t0, inner.gemmFlops(batch, needInputGrad));
    return dx;
  }

  @Override
  public List<Parameter> parameters() {
    return inner.parameters();
  }

  @Override
  public Layer export() {
    return inner.export();
  }

  @Override
  public long gemmFlops(int batch, boolean needInputGrad) {
    return inner.gemmFlops(batch, needInputGrad);
  }

  @Override
  public void close() {
    inner.close();
  }
}
