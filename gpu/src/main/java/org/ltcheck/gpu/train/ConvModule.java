package org.ltcheck.gpu.train;

import java.util.List;
import org.ltcheck.gpu.backend.Backend;
import org.ltcheck.gpu.backend.ConvGeometry;
import org.ltcheck.gpu.backend.ConvScratch;
import org.ltcheck.gpu.backend.DeviceTensor;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Layer;

/**
 * A convolution layer through the backend's whole-layer operations
 * ({@link Backend#conv2dForward}, {@link Backend#conv2dBackward}): the backend decides how to
 * convolve (one GEMM over the batch on CUDA, cache-sized per-image pieces on the CPU). The
 * module keeps the forward input for the backward pass and one {@link ConvScratch} per batch
 * size.
 */
final class ConvModule implements Module {
  private final Backend backend;
  private final Parameter weight;
  private final Parameter bias;
  private final int stride;
  private final int padding;
  private final int[] in;
  private final int[] out;
  private final Workspace ws;
  private ConvScratch scratch;
  private DeviceTensor input;

  ConvModule(Backend backend, Conv2d layer, String prefix, int[] inShape) {
    this.backend = backend;
    this.weight = new Parameter(prefix + ".weight", Parameter.Role.WEIGHT, backend.upload(layer.weight()));
    this.bias = layer.bias() == null ? null
        : new Parameter(prefix + ".bias", Parameter.Role.BIAS, backend.upload(layer.bias()));
    this.stride = layer.stride();
    this.padding = layer.padding();
    this.in = inShape.clone();
    this.out = layer.outputShape(inShape);
    this.ws = new Workspace(backend);
  }

  private int outChannels() {
    return out[0];
  }

  private ConvGeometry geometry(int batch) {
    int[] w = weight.value().shape();
    return new ConvGeometry(batch, in[0], in[1], in[2], w[2], w[3], stride, padding);
  }

  @Override
  public int[] outputShape() {
    return out.clone();
  }

  private ConvScratch scratch(ConvGeometry g) {
    if (scratch == null || !scratch.geometry().equals(g)) {
      if (scratch != null) {
        scratch.close();
        scratch = null;
      }
      scratch = backend.convScratch(g, outChannels());
    }
    return scratch;
  }

  @Override
  public DeviceTensor forward(DeviceTensor x, int batch, boolean training) {
    ConvGeometry g = geometry(batch);
    DeviceTensor y = ws.get("y", batch, out[0], out[1], out[2]);
    backend.conv2dForward(x, g, weight.value(), outChannels(), bias == null ? null : bias.value(), y, scratch(g));
    input = x;
    return y;
  }

  @Override
  public DeviceTensor backward(DeviceTensor dy, int batch, boolean needInputGrad) {
    ConvGeometry g = geometry(batch);
    DeviceTensor dx = needInputGrad ? ws.get("dx", batch, in[0], in[1], in[2]) : null;
    backend.conv2dBackward(input, dy, g, weight.value(), outChannels(), weight.grad(),
        bias == null ? null : bias.grad(), dx, scratch(g));
    return dx;
  }

  @Override
  public List<Parameter> parameters() {
    return Parameter.weightAndBias(weight, bias);
  }

  @Override
  public Layer export() {
    return new Conv2d(backend.downloadTensor(weight.value()),
        bias == null ? null : backend.downloadTensor(bias.value()), stride, padding);
  }

  @Override
  public long gemmFlops(int batch, boolean needInputGrad) {
    ConvGeometry g = geometry(batch);
    long one = 2L * outChannels() * g.colRows() * g.colCols();
    return one * (needInputGrad ? 3 : 2);
  }

  @Override
  public void close() {
    if (scratch != null) {
      scratch.close();
      scratch = null;
    }
    ws.close();
    parameters().forEach(Parameter::close);
  }
}
