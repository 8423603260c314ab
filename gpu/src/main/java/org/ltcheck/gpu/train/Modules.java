package org.ltcheck.gpu.train;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.ltcheck.gpu.backend.Backend;
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
import org.ltcheck.model.ResidualBlock;

/** Builds trainable modules from the model records; the one place that maps records to modules. */
final class Modules {
  private final Backend backend;
  private final double bnMomentum;
  private final GemmProfile profile;

  Modules(Backend backend, double bnMomentum, GemmProfile profile) {
    this.backend = backend;
    this.bnMomentum = bnMomentum;
    this.profile = profile;
  }

  SequentialModule sequence(List<Layer> layers, int[] inShape, Iterator<String> names) {
    List<Module> out = new ArrayList<>();
    int[] shape = inShape.clone();
    for (Layer l : layers) {
      Module m = module(l, shape, names);
      out.add(m);
      shape = m.outputShape();
    }
    return new SequentialModule(out, inShape);
  }

  private Module module(Layer layer, int[] in, Iterator<String> names) {
    if (layer instanceof Conv2d c) {
      return profiled(new ConvModule(backend, c, names.next(), in));
    } else if (layer instanceof Linear l) {
      return profiled(new LinearModule(backend, l, names.next(), in));
    } else if (layer instanceof BatchNorm2d b) {
      return new BatchNormModule(backend, b, names.next(), in, bnMomentum);
    } else if (layer instanceof ChannelScale s) {
      return new ChannelScaleModule(backend, s, names.next(), in);
    } else if (layer instanceof Activation a) {
      return new ActivationModule(backend, a, in);
    } else if (layer instanceof Flatten) {
      return new FlattenModule(in);
    } else if (layer instanceof AvgPool2d || layer instanceof GlobalAvgPool || layer instanceof MaxPool2d) {
      return new PoolModule(backend, layer, in);
    } else if (layer instanceof ResidualBlock r) {
      SequentialModule body = sequence(r.body(), in, names);
      SequentialModule shortcut = sequence(r.shortcut(), in, names);
      return new ResidualModule(backend, r, body, shortcut, in);
    }
    throw new IllegalArgumentException("no trainable module for layer " + layer);
  }

  private Module profiled(Module m) {
    return profile == null ? m : new ProfiledModule(m, profile);
  }
}
