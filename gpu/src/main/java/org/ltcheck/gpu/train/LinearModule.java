package org.ltcheck.gpu.train;

import java.util.List;
import org.ltcheck.gpu.backend.Backend;
import org.ltcheck.gpu.backend.DeviceTensor;
import org.ltcheck.model.Layer;
import org.ltcheck.model.Linear;

/** y = x W^T + b on (batch, in) rows: three GEMMs per step (y, dW = dy^T x, dx = dy W). */
final class LinearModule implements Module {
  private final Backend backend;
  private final Parameter weight;
  private final Parameter bias;
  private final int inFeatures;
  private final int outFeatures;
  private final Workspace ws;
  private DeviceTensor input;

  LinearModule(Backend backend, Linear layer, String prefix, int[] inShape) {
    this.backend = backend;
    layer.outputShape(inShape);
    this.weight = new Parameter(prefix + ".weight", Parameter.Role.WEIGHT, backend.upload(layer.weight()));
    this.bias = layer.bias() == null ? null
        : new Parameter(prefix + ".bias", Parameter.Role.BIAS, backend.upload(layer.bias()));
    this.inFeatures = layer.inFeatures();
    this.outFeatures = layer.outFeatures();
    this.ws = new Workspace(backend);
  }

  @Override
  public int[] outputShape() {
    return new int[] {outFeatures};
  }

  @Override
  public DeviceTensor forward(DeviceTensor x, int batch, boolean training) {
    input = x;
    DeviceTensor y = ws.get("y", batch, outFeatures);
    backend.sgemm(false, true, batch, outFeatures, inFeatures, 1f, x, 0, inFeatures,
        weight.value(), 0, inFeatures, 0f, y, 0, outFeatures);
    if (bias != null) {
      backend.addChannelBias(y, bias.value(), batch, outFeatures, 1);
    }
    return y;
  }

  @Override
  public DeviceTensor backward(DeviceTensor dy, int batch, boolean needInputGrad) {
    backend.sgemm(true, false, outFeatures, inFeatures, batch, 1f, dy, 0, outFeatures,
        input, 0, inFeatures, 0f, weight.grad(), 0, inFeatures);
    if (bias != null) {
      backend.channelSum(dy, batch, outFeatures, 1, bias.grad());
    }
    if (!needInputGrad) {
      return null;
    }
    DeviceTensor dx = ws.get("dx", batch, inFeatures);
    backend.sgemm(false, false, batch, inFeatures, outFeatures, 1f, dy, 0, outFeatures,
        weight.value(), 0, inFeatures, 0f, dx, 0, inFeatures);
    return dx;
  }

  @Override
  public List<Parameter> parameters() {
    return Parameter.weightAndBias(weight, bias);
  }

  @Override
  public Layer export() {
    return new Linear(backend.downloadTensor(weight.value()),
        bias == null ? null : backend.downloadTensor(bias.value()));
  }

  @Override
  public long gemmFlops(int batch, boolean needInputGrad) {
    return 2L * batch * inFeatures * outFeatures * (needInputGrad ? 3 : 2);
  }

  @Override
  public void close() {
    ws.close();
    parameters().forEach(Parameter::close);
  }
}
