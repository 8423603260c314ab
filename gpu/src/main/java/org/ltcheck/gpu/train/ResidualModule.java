package org.ltcheck.gpu.train;

import java.util.ArrayList;
import java.util.List;
import org.ltcheck.gpu.backend.Backend;
import org.ltcheck.gpu.backend.DeviceTensor;
import org.ltcheck.model.Layer;
import org.ltcheck.model.ResidualBlock;

/**
 * out = after(body(x) + shortcut(x)); an empty shortcut is the identity. The input gradient is
 * the sum of the body's and the shortcut's input gradients.
 */
final class ResidualModule implements Module {
  private final Backend backend;
  private final SequentialModule body;
  private final SequentialModule shortcut;
  private final ActivationModule after;
  private final int[] in;
  private final Workspace ws;

  ResidualModule(Backend backend, ResidualBlock block, SequentialModule body, SequentialModule shortcut, int[] inShape) {
    this.backend = backend;
    this.body = body;
    this.shortcut = shortcut;
    this.in = inShape.clone();
    this.after = new ActivationModule(backend, block.after(), body.outputShape());
    this.ws = new Workspace(backend);
  }

  private int[] batched(int batch, int[] shape) {
    int[] s = new int[shape.length + 1];
    s[0] = batch;
    System.arraycopy(shape, 0, s, 1, shape.length);
    return s;
  }

  @Override
  public int[] outputShape() {
    return body.outputShape();
  }

  @Override
  public DeviceTensor forward(DeviceTensor x, int batch, boolean training) {
    DeviceTensor b = body.forward(x, batch, training);
    DeviceTensor s = shortcut.forward(x, batch, training);
    DeviceTensor z = ws.get("z", batched(batch, outputShape()));
    backend.add(b, s, z);
    return after.forward(z, batch, training);
  }

  @Override
  public DeviceTensor backward(DeviceTensor dy, int batch, boolean needInputGrad) {
    DeviceTensor dz = after.backward(dy, batch, true);
    DeviceTensor dBody = body.backward(dz, batch, needInputGrad);
    DeviceTensor dShort = shortcut.backward(dz, batch, needInputGrad);
    if (!needInputGrad) {
      return null;
    }
    DeviceTensor dx = ws.get("dx", batched(batch, in));
    backend.add(dBody, dShort, dx);
    return dx;
  }

  @Override
  public List<Parameter> parameters() {
    List<Parameter> p = new ArrayList<>(body.parameters());
    p.addAll(shortcut.parameters());
    return p;
  }

  @Override
  public Layer export() {
    return new ResidualBlock(body.export(), shortcut.export(), (org.ltcheck.model.Activation) after.export());
  }

  @Override
  public long gemmFlops(int batch, boolean needInputGrad) {
    return body.gemmFlops(batch, needInputGrad) + shortcut.gemmFlops(batch, needInputGrad);
  }

  @Override
  public void close() {
    body.close();
    shortcut.close();
    after.close();
    ws.close();
  }
}
