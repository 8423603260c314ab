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
import org.ltcheck.model.MaxPool2d;
import org.ltcheck.model.PoolWindow;
import org.ltcheck.model.ResidualBlock;
import org.ltcheck.tensor.FloatTensor;

/**
 * Turns layer records into compiled layers of type {@code L}, chained into {@code C}, tracking
 * the per-sample shape from layer to layer and checking each layer against it. The one walk
 * over a network (including the residual wiring: body, then shortcut, then the activation after
 * their sum) shared by the float inference kernels and the double-precision differentiable ops;
 * subclasses say what each layer becomes.
 */
public abstract class LayerCompiler<L, C> {
  /** Compiles {@code layers} applied in order to an input of shape {@code inShape}. */
  public final C chain(List<Layer> layers, int[] inShape) {
    List<L> compiled = new ArrayList<>(layers.size());
    int[] shape = inShape;
    for (Layer layer : layers) {
      compiled.add(compile(layer, shape));
      shape = layer.outputShape(shape);
    }
    return chainOf(compiled);
  }

  /** Compiles one layer for an input of shape {@code in}. */
  public final L compile(Layer layer, int[] in) {
    int size = Math.toIntExact(FloatTensor.numelOf(in));
    if (layer instanceof Conv2d c) {
      return conv(c, in);
    } else if (layer instanceof Linear l) {
      l.outputShape(in);
      return linear(l);
    } else if (layer instanceof BatchNorm2d bn) {
      bn.outputShape(in);
      return channelAffine(ChannelAffine.of(bn), in);
    } else if (layer instanceof ChannelScale cs) {
      cs.outputShape(in);
      return channelAffine(ChannelAffine.of(cs), in);
    } else if (layer instanceof Activation a) {
      return activation(a, size);
    } else if (layer instanceof Flatten) {
      return flatten(size);
    } else if (layer instanceof AvgPool2d p) {
      return pool(PoolWindow.of(p, in));
    } else if (layer instanceof GlobalAvgPool g) {
      g.outputShape(in);
      return pool(PoolWindow.global(in));
    } else if (layer instanceof MaxPool2d m) {
      return maxPool(PoolWindow.of(m, in));
    } else if (layer instanceof ResidualBlock r) {
      r.outputShape(in);
      C body = chain(r.body(), in);
      C shortcut = r.shortcut().isEmpty() ? null : chain(r.shortcut(), in);
      return residual(body, shortcut, r.after());
    }
    throw new IllegalArgumentException("no " + compiledName() + " for layer " + layer.getClass().getSimpleName());
  }

  /** What a compiled layer is called in the error for an unsupported layer. */
  protected abstract String compiledName();

  protected abstract C chainOf(List<L> layers);

  protected abstract L conv(Conv2d conv, int[] inShape);

  /** {@code linear} checked against its input. */
  protected abstract L linear(Linear linear);

  protected abstract L channelAffine(ChannelAffine affine, int[] inShape);

  protected abstract L activation(Activation activation, int size);

  protected abstract L flatten(int size);

  /** Average pooling (no padding). */
  protected abstract L pool(PoolWindow window);

  /** Max pooling; padded positions are outside their window. */
  protected abstract L maxPool(PoolWindow window);

  /** out = after(body(x) + shortcut(x)); a null shortcut is the identity. */
  protected abstract L residual(C body, C shortcut, Activation after);
}
