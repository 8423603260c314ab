package org.ltcheck.gpu.train;

import java.util.List;
import org.ltcheck.gpu.backend.Backend;
import org.ltcheck.gpu.backend.DeviceTensor;
import org.ltcheck.model.AvgPool2d;
import org.ltcheck.model.GlobalAvgPool;
import org.ltcheck.model.Layer;
import org.ltcheck.model.MaxPool2d;

/**
 * Pooling: average over a square window ({@link AvgPool2d}) or the whole plane
 * ({@link GlobalAvgPool}), or the maximum over a square, possibly padded window
 * ({@link MaxPool2d}), whose backward pass keeps the forward input to find each window's argmax.
 */
final class PoolModule implements Module {
  private final Backend backend;
  private final Layer layer;
  private final int[] in;
  private final int[] out;
  private final Workspace ws;
  /** The latest forward input (max pooling only): the backward pass finds the argmax in it. */
  private DeviceTensor input;

  PoolModule(Backend backend, Layer layer, int[] inShape) {
    if (!(layer instanceof AvgPool2d) && !(layer instanceof GlobalAvgPool) && !(layer instanceof MaxPool2d)) {
      throw new IllegalArgumentException("not a pooling layer: " + layer);
    }
    this.backend = backend;
    this.layer = layer;
    this.in = inShape.clone();
    this.out = layer.outputShape(inShape);
    this.ws = new Workspace(backend);
  }

  @Override
  public int[] outputShape() {
    return out.clone();
  }

  @Override
  public DeviceTensor forward(DeviceTensor x, int batch, boolean training) {
    int planes = batch * in[0];
    if (layer instanceof AvgPool2d p) {
      DeviceTensor y = ws.get("y", batch, out[0], out[1], out[2]);
      backend.avgPoolForward(x, planes, in[1], in[2], p.kernel(), p.stride(), y);
      return y;
    }
    if (layer instanceof MaxPool2d m) {
      DeviceTensor y = ws.get("y", batch, out[0], out[1], out[2]);
      backend.maxPoolForward(x, planes, in[1], in[2], m.kernel(), m.stride(), m.padding(), y);
      input = x;
      return y;
    }
    DeviceTensor y = ws.get("y", batch, out[0]);
    backend.globalAvgPoolForward(x, planes, in[1] * in[2], y);
    return y;
  }

  @Override
  public DeviceTensor backward(DeviceTensor dy, int batch, boolean needInputGrad) {
    if (!needInputGrad) {
      return null;
    }
    int planes = batch * in[0];
    DeviceTensor dx = ws.get("dx", batch, in[0], in[1], in[2]);
    if (layer instanceof AvgPool2d p) {
      backend.avgPoolBackward(dy, planes, in[1], in[2], p.kernel(), p.stride(), dx);
    } else if (layer instanceof MaxPool2d m) {
      backend.maxPoolBackward(input, dy, planes, in[1], in[2], m.kernel(), m.stride(), m.padding(), dx);
    } else {
      backend.globalAvgPoolBackward(dy, planes, in[1] * in[2], dx);
    }
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
