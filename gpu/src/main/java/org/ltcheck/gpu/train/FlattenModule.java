package org.ltcheck.gpu.train;

import java.util.List;
import org.ltcheck.gpu.backend.DeviceTensor;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.Layer;

/** NCHW is already (N, C*H*W) in memory: flattening passes the buffer through untouched. */
final class FlattenModule implements Module {
  private final int[] out;

  FlattenModule(int[] inShape) {
    this.out = new Flatten().outputShape(inShape);
  }

  @Override
  public int[] outputShape() {
    return out.clone();
  }

  @Override
  public DeviceTensor forward(DeviceTensor x, int batch, boolean training) {
    return x;
  }

  @Override
  public DeviceTensor backward(DeviceTensor dy, int batch, boolean needInputGrad) {
    return needInputGrad ? dy : null;
  }

  @Override
  public List<Parameter> parameters() {
    return List.of();
  }

  @Override
  public Layer export() {
    return new Flatten();
  }

  @Override
  public void close() {}
}
