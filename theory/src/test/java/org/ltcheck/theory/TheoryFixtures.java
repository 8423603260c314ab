package org.ltcheck.theory;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Architectures and magnitudes shared by the theory tests. */
final class TheoryFixtures {
  private TheoryFixtures() {}

  /** The MNIST target's conv layers (targets/README.md): what the reference's figures count. */
  static TargetArchitecture mnistConvOnly() {
    return new TargetArchitecture(List.of(
        new LayerShape(LayerShape.Kind.CONV, 1, 32, 9, 29, 4, 784, 1),
        new LayerShape(LayerShape.Kind.CONV, 32, 32, 9, 922, 4, 784, 1)));
  }

  /** The whole MNIST target, with its linear head after the flatten (32 channels × 784 positions). */
  static TargetArchitecture mnist() {
    return new TargetArchitecture(List.of(
        new LayerShape(LayerShape.Kind.CONV, 1, 32, 9, 29, 4, 784, 1),
        new LayerShape(LayerShape.Kind.CONV, 32, 32, 9, 922, 4, 784, 1),
        new LayerShape(LayerShape.Kind.LINEAR, 32, 10, 1, 25088, 1, 1, 784)));
  }

  /** A random consistent chain of 1 to 4 layers, sparse, sometimes with a flatten head. */
  static TargetArchitecture randomArchitecture(Random rnd) {
    int depth = 1 + rnd.nextInt(4);
    int channels = 1 + rnd.nextInt(4);
    boolean spatial = rnd.nextBoolean();
    List<LayerShape> layers = new ArrayList<>();
    for (int l = 0; l < depth; l++) {
      int out = 1 + rnd.nextInt(40);
      boolean last = l == depth - 1;
      LayerShape dense;
      if (spatial && !last) {
        dense = LayerShape.denseConv(channels, out, rnd.nextBoolean() ? 9 : 1, 64);
      } else if (spatial) {
        dense = LayerShape.denseFlattenLinear(channels, 1 + rnd.nextInt(50), out);
      } else {
        dense = LayerShape.denseLinear(channels, out);
      }
      layers.add(sparsify(dense, rnd));
      channels = out;
    }
    return new TargetArchitecture(layers);
  }

  static LayerShape sparsify(LayerShape s, Random rnd) {
    long weights = (long) (rnd.nextDouble() * (s.denseWeights() + 1));
    long biases = rnd.nextInt(s.outChannels() + 1);
    return new LayerShape(s.kind(), s.inChannels(), s.outChannels(), s.kernelPositions(),
        Math.min(weights, s.denseWeights()), biases, s.spatialPositions(), s.inputPositionsPerChannel());
  }

  /**
   * The same chain, dense, with every output channel count n replaced by factor·(n+1) − 1, so that
   * every n+1 (a target width plus its bias channel) scales by exactly {@code factor}.
   */
  static TargetArchitecture scaledDense(TargetArchitecture a, int factor) {
    List<LayerShape> out = new ArrayList<>();
    int in = a.inputChannels();
    for (LayerShape s : a.layers()) {
      int o = factor * (s.outChannels() + 1) - 1;
      out.add(switch (s.kind()) {
        case CONV -> LayerShape.denseConv(in, o, s.kernelPositions(), s.spatialPositions());
        case LINEAR -> s.isFlattenHead()
            ? LayerShape.denseFlattenLinear(in, s.inputPositionsPerChannel(), o)
            : LayerShape.denseLinear(in, o);
      });
      in = o;
    }
    return new TargetArchitecture(out);
  }

  /** Random magnitudes for a chain of 1 to 4 layers; hidden activations random, last IDENTITY. */
  static List<LayerMagnitudes> randomMagnitudes(Random rnd) {
    ActivationKind[] hidden = {
      ActivationKind.RELU, ActivationKind.LEAKY_RELU, ActivationKind.TANH, ActivationKind.SIGMOID
    };
    int depth = 1 + rnd.nextInt(4);
    int in = 1 + rnd.nextInt(6);
    List<LayerMagnitudes> layers = new ArrayList<>();
    for (int l = 0; l < depth; l++) {
      int out = 1 + rnd.nextInt(8);
      double[][] w = new double[out][in];
      int[][] nz = new int[out][in];
      double[] b = new double[out];
      for (int j = 0; j < out; j++) {
        for (int i = 0; i < in; i++) {
          if (rnd.nextDouble() < 0.7) {
            nz[j][i] = 1 + rnd.nextInt(9);
            w[j][i] = nz[j][i] * (0.01 + rnd.nextDouble());
          }
        }
        b[j] = rnd.nextDouble() < 0.5 ? 0.0 : rnd.nextDouble();
      }
      ActivationKind act = l == depth - 1 ? ActivationKind.IDENTITY : hidden[rnd.nextInt(hidden.length)];
      layers.add(new LayerMagnitudes(w, nz, b, act));
      in = out;
    }
    return layers;
  }
}
