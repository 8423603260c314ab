package org.ltcheck.gpu.train;

import java.util.List;
import org.ltcheck.gpu.backend.Backend;
import org.ltcheck.gpu.backend.DeviceTensor;
import org.ltcheck.model.ChannelScale;
import org.ltcheck.model.Layer;

/**
 * The learnable per-channel scale of an identity shortcut (Synaptic-Flow's Identity2d, weight of
 * shape (C,1,1) initialised to ones): y = x * s[c], ds[c] = sum dy*x, dx = dy * s[c].
 */
final class ChannelScaleModule implements Module {
  private final Backend backend;
  private final Parameter scale;
  private final int[] shape;
  private final Workspace ws;
  private DeviceTensor input;

  ChannelScaleModule(Backend backend, ChannelScale layer, String name, int[] inShape) {
    layer.outputShape(inShape);
    this.backend = backend;
    this.scale = new Parameter(name + ".weight", Parameter.Role.SCALE, backend.upload(layer.scale()));
    this.shape = inShape.clone();
    this.ws = new Workspace(backend);
  }

  @Override
  public int[] outputShape() {
    return shape.clone();
  }

  @Override
  public DeviceTensor forward(DeviceTensor x, int batch, boolean training) {
    input = x;
    DeviceTensor y = ws.get("y", batch, shape[0], shape[1], shape[2]);
    backend.scaleChannels(x, scale.value(), batch, shape[0], shape[1] * shape[2], y);
    return y;
  }

  @Override
  public DeviceTensor backward(DeviceTensor dy, int batch, boolean needInputGrad) {
    backend.channelDot(dy, input, batch, shape[0], shape[1] * shape[2], scale.grad());
    if (!needInputGrad) {
      return null;
    }
    DeviceTensor dx = ws.get("dx", batch, shape[0], shape[1], shape[2]);
    backend.scaleChannels(dy, scale.value(), batch, shape[0], shape[1] * shape[2], dx);
    return dx;
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(scale);
  }

  @Override
  public Layer export() {
    return new ChannelScale(backend.downloadTensor(scale.value()));
  }

  @Override
  public void close() {
    ws.close();
    scale.close();
  }
}
