package org.ltcheck.gpu.train;

import java.util.List;
import org.ltcheck.gpu.backend.Backend;
import org.ltcheck.gpu.backend.DeviceTensor;
import org.ltcheck.model.BatchNorm2d;
import org.ltcheck.model.Layer;

/**
 * BatchNorm2d as PyTorch trains it: batch statistics and a running-average update (momentum
 * 0.1 by default) in training mode, running statistics in evaluation mode.
 */
final class BatchNormModule implements Module {
  /** PyTorch's default running-statistics momentum. */
  static final double PYTORCH_MOMENTUM = 0.1;

  private final Backend backend;
  private final Parameter gamma;
  private final Parameter beta;
  private final Parameter runningMean;
  private final Parameter runningVar;
  private final double epsExact;
  private final float eps;
  private final float momentum;
  private final int[] shape;
  private final Workspace ws;
  private DeviceTensor input;

  BatchNormModule(Backend backend, BatchNorm2d layer, String prefix, int[] inShape, double momentum) {
    layer.outputShape(inShape);
    this.backend = backend;
    this.gamma = new Parameter(prefix + ".weight", Parameter.Role.NORM, backend.upload(layer.gamma()));
    this.beta = new Parameter(prefix + ".bias", Parameter.Role.NORM, backend.upload(layer.beta()));
    this.runningMean = new Parameter(prefix + ".running_mean", Parameter.Role.BUFFER, backend.upload(layer.runningMean()));
    this.runningVar = new Parameter(prefix + ".running_var", Parameter.Role.BUFFER, backend.upload(layer.runningVar()));
    this.epsExact = layer.eps();
    this.eps = (float) layer.eps();
    this.momentum = (float) momentum;
    this.shape = inShape.clone();
    this.ws = new Workspace(backend);
  }

  private int channels() {
    return shape[0];
  }

  private int spatial() {
    return shape[1] * shape[2];
  }

  @Override
  public int[] outputShape() {
    return shape.clone();
  }

  @Override
  public DeviceTensor forward(DeviceTensor x, int batch, boolean training) {
    input = x;
    DeviceTensor y = ws.get("y", batch, shape[0], shape[1], shape[2]);
    if (training) {
      backend.batchNormTrainForward(x, batch, channels(), spatial(), gamma.value(), beta.value(),
          runningMean.value(), runningVar.value(), momentum, eps, y,
          ws.get("mean", channels()), ws.get("invStd", channels()));
    } else {
      backend.batchNormInferenceForward(x, batch, channels(), spatial(), gamma.value(), beta.value(),
          runningMean.value(), runningVar.value(), eps, y);
    }
    return y;
  }

  @Override
  public DeviceTensor backward(DeviceTensor dy, int batch, boolean needInputGrad) {
    DeviceTensor dx = ws.get("dx", batch, shape[0], shape[1], shape[2]);
    backend.batchNormBackward(input, dy, batch, channels(), spatial(), gamma.value(),
        ws.get("mean", channels()), ws.get("invStd", channels()), dx, gamma.grad(), beta.grad());
    return needInputGrad ? dx : null;
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(gamma, beta, runningMean, runningVar);
  }

  @Override
  public Layer export() {
    return new BatchNorm2d(backend.downloadTensor(gamma.value()), backend.downloadTensor(beta.value()),
        backend.downloadTensor(runningMean.value()), backend.downloadTensor(runningVar.value()), epsExact);
  }

  @Override
  public void close() {
    ws.close();
    parameters().forEach(Parameter::close);
  }
}
