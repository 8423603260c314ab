package org.ltcheck.inference;

import java.util.ArrayList;
import java.util.List;
import org.ltcheck.model.Activation;
import org.ltcheck.model.AvgPool2d;
import org.ltcheck.model.BatchNorm2d;
import org.ltcheck.model.ChannelScale;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.GlobalAvgPool;
import org.ltcheck.model.Layer;
import org.ltcheck.model.Linear;
import org.ltcheck.model.PoolWindow;
import org.ltcheck.model.ResidualBlock;
import org.ltcheck.tensor.FloatTensor;

/** Turns layer records into kernels, tracking the per-sample shape from layer to layer. */
final class KernelCompiler {
  private final Workspace.Plan plan;

  KernelCompiler(Workspace.Plan plan) {
    this.plan = plan;
  }

  Chain chain(List<Layer> layers, int[] inShape) {
    List<Kernel> kernels = new ArrayList<>(layers.size());
    int[] shape = inShape;
    for (Layer layer : layers) {
      kernels.add(kernel(layer, shape));
      shape = layer.outputShape(shape);
    }
    return new Chain(kernels, plan);
  }

  Kernel kernel(Layer layer, int[] in) {
    int size = Math.toIntExact(FloatTensor.numelOf(in));
    if (layer instanceof Conv2d c) {
      return new ConvKernel(c, in, plan);
    } else if (layer instanceof Linear l) {
      l.outputShape(in);
      return new LinearKernel(l);
    } else if (layer instanceof BatchNorm2d bn) {
      return ChannelAffineKernel.of(bn, in);
    } else if (layer instanceof ChannelScale cs) {
      return ChannelAffineKernel.of(cs, in);
    } else if (layer instanceof Activation a) {
      return new ActivationKernel(a, size);
    } else if (layer instanceof Flatten) {
      return new CopyKernel(size);
    } else if (layer instanceof AvgPool2d p) {
      return new PoolKernel(PoolWindow.of(p, in));
    } else if (layer instanceof GlobalAvgPool g) {
      g.outputShape(in);
      return new PoolKernel(PoolWindow.global(in));
    } else if (layer instanceof ResidualBlock r) {
      r.outputShape(in);
      Chain body = chain(r.body(), in);
      Chain shortcut = r.shortcut().isEmpty() ? null : chain(r.shortcut(), in);
      return new ResidualKernel(body, shortcut, new ActivationKernel(r.after(), body.outSize()), plan);
    }
    throw new IllegalArgumentException("no CPU kernel for layer " + layer.getClass().getSimpleName());
  }
}
