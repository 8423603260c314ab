package org.ltcheck.inference;

import java.util.List;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Linear;
import org.ltcheck.model.PoolWindow;

/** Turns layer records into float32 kernels. */
final class KernelCompiler extends LayerCompiler<Kernel, Chain> {
  private final Workspace.Plan plan;

  KernelCompiler(Workspace.Plan plan) {
    this.plan = plan;
  }

  @Override
  protected String compiledName() {
    return "CPU kernel";
  }

  @Override
  protected Chain chainOf(List<Kernel> kernels) {
    return new Chain(kernels, plan);
  }

  @Override
  protected Kernel conv(Conv2d conv, int[] inShape) {
    return new ConvKernel(conv, inShape, plan);
  }

  @Override
  protected Kernel linear(Linear linear) {
    return new LinearKernel(linear);
  }

  @Override
  protected Kernel channelAffine(ChannelAffine affine, int[] inShape) {
    return ChannelAffineKernel.of(affine, inShape);
  }

  @Override
  protected Kernel activation(Activation activation, int size) {
    return new ActivationKernel(activation, size);
  }

  @Override
  protected Kernel flatten(int size) {
    return new CopyKernel(size);
  }

  @Override
  protected Kernel pool(PoolWindow window) {
    return new PoolKernel(window);
  }

  @Override
  protected Kernel maxPool(PoolWindow window) {
    return new MaxPoolKernel(window);
  }

  @Override
  protected Kernel residual(Chain body, Chain shortcut, Activation after) {
    return new ResidualKernel(body, shortcut, new ActivationKernel(after, body.outSize()), plan);
  }
}
