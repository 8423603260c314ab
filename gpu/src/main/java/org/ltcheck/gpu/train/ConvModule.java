package org.ltcheck.gpu.train;

import java.util.ArrayList;
import java.util.List;
import org.ltcheck.gpu.backend.Backend;
import org.ltcheck.gpu.backend.ConvGeometry;
import org.ltcheck.gpu.backend.DeviceTensor;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Layer;

/**
 * Convolution as one GEMM over the whole batch: cols = im2col(x) is (C*kh*kw, N*P), the output
 * W·cols is (out, N*P) and is swapped to NCHW. One large GEMM runs far closer to the BLAS peak
 * than N small ones. The backward pass reuses the forward's buffers: the transposed output
 * buffer holds dy in (out, N*P) layout, and the column buffer, no longer needed once the
 * weight gradient is computed, receives W^T·dy before col2im.
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

  @Override
  public DeviceTensor forward(DeviceTensor x, int batch, boolean training) {
    ConvGeometry g = geometry(batch);
    int k = g.colRows();
    int np = g.colCols();
    int o = outChannels();
    DeviceTensor cols = ws.get("cols", k, np);
    backend.im2col(x, g, cols);
    DeviceTensor yT = ws.get("yT", o, np);
    backend.sgemm(false, false, o, np, k, 1f, weight.value(), 0, k, cols, 0, np, 0f, yT, 0, np);
    DeviceTensor y = ws.get("y", batch, out[0], out[1], out[2]);
    backend.swapAxes(yT, o, batch, g.outPixels(), y);
    if (bias != null) {
      backend.addChannelBias(y, bias.value(), batch, o, g.outPixels());
    }
    return y;
  }

  @Override
  public DeviceTensor backward(DeviceTensor dy, int batch, boolean needInputGrad) {
    ConvGeometry g = geometry(batch);
    int k = g.colRows();
    int np = g.colCols();
    int o = outChannels();
    DeviceTensor cols = ws.get("cols", k, np);
    DeviceTensor dyT = ws.get("yT", o, np);
    backend.swapAxes(dy, batch, o, g.outPixels(), dyT);
    backend.sgemm(false, true, o, k, np, 1f, dyT, 0, np, cols, 0, np, 0f, weight.grad(), 0, k);
    if (bias != null) {
      backend.channelSum(dy, batch, o, g.outPixels(), bias.grad());
    }
    if (!needInputGrad) {
      return null;
    }
    backend.sgemm(true, false, k, np, o, 1f, weight.value(), 0, k, dyT, 0, np, 0f, cols, 0, np);
    DeviceTensor dx = ws.get("dx", batch, in[0], in[1], in[2]);
    backend.col2im(cols, g, dx);
    return dx;
  }

  @Override
  public List<Parameter> parameters() {
    List<Parameter> p = new ArrayList<>();
    p.add(weight);
    if (bias != null) {
      p.add(bias);
    }
    return p;
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
    ws.close();
    parameters().forEach(Parameter::close);
  }
}
