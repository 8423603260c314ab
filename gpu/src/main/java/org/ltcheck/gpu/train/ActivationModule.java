package org.ltcheck.gpu.train;

import java.util.List;
import org.ltcheck.gpu.backend.Backend;
import org.ltcheck.gpu.backend.DeviceTensor;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Layer;

/** Element-wise activation; the backward pass needs only the saved output. */
final class ActivationModule implements Module {
  private final Backend backend;
  private final Activation layer;
  private final int[] shape;
  private final Workspace ws;
  private DeviceTensor output;

  ActivationModule(Backend backend, Activation layer, int[] inShape) {
    this.backend = backend;
    this.layer = layer;
    this.shape = inShape.clone();
    this.ws = new Workspace(backend);
  }

  private int[] batched(int batch) {
    int[] s = new int[shape.length + 1];
    s[0] = batch;
    System.arraycopy(shape, 0, s, 1, shape.length);
    return s;
  }

  @Override
  public int[] outputShape() {
    return shape.clone();
  }

  @Override
  public DeviceTensor forward(DeviceTensor x, int batch, boolean training) {
    output = ws.get("y", batched(batch));
    backend.activationForward(layer.kind(), (float) layer.negativeSlope(), x, output);
    return output;
  }

  @Override
  public DeviceTensor backward(DeviceTensor dy, int batch, boolean needInputGrad) {
    if (!needInputGrad) {
      return null;
    }
    DeviceTensor dx = ws.get("dx", batched(batch));
    backend.activationBackward(layer.kind(), (float) layer.negativeSlope(), output, dy, dx);
    return dx;
  }

  @Override
  public List<Parameter> parameters() {
    return List.of();
  }

  @Override
  public Layer export() {
    return layer;
  }

  @Override
  public void close() {
    ws.close();
  }
}
