package org.ltcheck.gpu.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ltcheck.gpu.backend.cpu.CpuBackend;
import org.ltcheck.gpu.backend.cpu.GemmKind;
import org.ltcheck.inference.InferenceEngine;
import org.ltcheck.model.Activation;
import org.ltcheck.model.AvgPool2d;
import org.ltcheck.model.BatchNorm2d;
import org.ltcheck.model.ChannelScale;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.Layer;
import org.ltcheck.model.Linear;
import org.ltcheck.model.MaxPool2d;
import org.ltcheck.model.Network;
import org.ltcheck.model.ResidualBlock;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.ActivationKind;

/**
 * The contract between the two forward passes of the project: the training network's evaluation
 * pass (modules on the CPU backend: im2col/shifted GEMMs, running batch-norm statistics) and
 * construct's {@link InferenceEngine} (direct sparse kernels) give the same logits on the same
 * network, up to float rounding of sums taken in another order: |Δ| ≤ {@value #TOLERANCE}·max(1,
 * max |logit|). The network has every kind of layer both support: a stem convolution with
 * batch norm, a residual block with an identity-scale shortcut, a strided block with a 1×1
 * convolution + batch-norm shortcut, average pooling, flatten and a linear head, once per
 * activation; and the same network with its batch norms folded into the convolutions gives the
 * same logits through the inference engine. (Measured: at most 3.8e-6 at logit scale 10.8, i.e.
 * 3.5e-7 relative; the tolerance leaves a margin for other GEMM orders.)
 */
class TrainingInferenceContractTest {
  private static final double TOLERANCE = 2e-5;
  private static final int BATCH = 5;
  private static final int[] INPUT = {3, 8, 8};

  private final Random rnd = new Random(20220717);

  private FloatTensor random(double scale, int... shape) {
    float[] v = new float[Math.toIntExact(FloatTensor.numelOf(shape))];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (scale * rnd.nextGaussian());
    }
    return FloatTensor.of(v, shape);
  }

  private FloatTensor positive(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (0.5 + rnd.nextDouble());
    }
    return FloatTensor.of(v, n);
  }

  private Conv2d conv(int in, int out, int k, int stride, boolean bias) {
    return new Conv2d(random(Math.sqrt(2.0 / (in * k * k)), out, in, k, k), bias ? random(0.1, out) : null, stride,
        k / 2);
  }

  private BatchNorm2d norm(int c) {
    return new BatchNorm2d(positive(c), random(0.1, c), random(0.1, c), positive(c), BatchNorm2d.PYTORCH_EPS);
  }

  private Network network(ActivationKind kind) {
    Activation a = Activation.of(kind);
    List<Layer> layers = List.of(
        conv(3, 8, 3, 1, true), norm(8), a, new MaxPool2d(3, 1, 1),
        new ResidualBlock(List.of(conv(8, 8, 3, 1, false), norm(8), a, conv(8, 8, 3, 1, false), norm(8)),
            List.of(new ChannelScale(positive(8).reshape(8, 1, 1))), a),
        new ResidualBlock(List.of(conv(8, 16, 3, 2, false), norm(16), a, conv(16, 16, 3, 1, false), norm(16)),
            List.of(conv(8, 16, 1, 2, false), norm(16)), a),
        new AvgPool2d(2, 2), new Flatten(), new Linear(random(0.2, 10, 64), random(0.1, 10)));
    return new Network(INPUT, layers);
  }

  private static NamedNetwork named(Network n) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < NamedNetwork.parametrisedLayers(n).size(); i++) {
      names.add("layer" + i);
    }
    return new NamedNetwork(n, names);
  }

  /** The same network with each batch norm folded into the convolution before it (in double). */
  private static List<Layer> folded(List<Layer> layers) {
    List<Layer> out = new ArrayList<>();
    for (Layer l : layers) {
      if (l instanceof BatchNorm2d bn && out.get(out.size() - 1) instanceof Conv2d c) {
        float[] w = c.weight().toArray();
        float[] b = new float[bn.channels()];
        int per = w.length / bn.channels();
        for (int j = 0; j < bn.channels(); j++) {
          for (int q = 0; q < per; q++) {
            w[j * per + q] = (float) (w[j * per + q] * bn.scale(j));
          }
          b[j] = (float) ((c.bias() == null ? 0 : c.bias().get(j)) * bn.scale(j) + bn.shift(j));
        }
        out.set(out.size() - 1, new Conv2d(FloatTensor.of(w, c.weight().shape()), FloatTensor.of(b, b.length),
            c.stride(), c.padding()));
      } else if (l instanceof ResidualBlock r) {
        out.add(new ResidualBlock(folded(r.body()), folded(r.shortcut()), r.after()));
      } else {
        out.add(l);
      }
    }
    return out;
  }

  private static void assertClose(float[] expected, float[] actual, String what) {
    double scale = 1;
    for (float v : expected) {
      scale = Math.max(scale, Math.abs(v));
    }
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
    }
    assertTrue(worst <= TOLERANCE * scale, what + ": largest difference " + worst + " at logit scale " + scale);
  }

  @ParameterizedTest
  @EnumSource(value = ActivationKind.class, names = {"RELU", "LEAKY_RELU", "TANH", "SIGMOID"})
  void trainingForwardAndInferenceEngineGiveTheSameLogits(ActivationKind kind) {
    Network net = network(kind);
    FloatTensor x = random(1.0, BATCH, INPUT[0], INPUT[1], INPUT[2]);
    float[] inference;
    try (InferenceEngine engine = new InferenceEngine(net, 1)) {
      inference = engine.forward(x).toArray();
    }
    float[] training;
    try (CpuBackend backend = CpuBackend.create(2, GemmKind.JAVA);
        TrainableNetwork t = TrainableNetwork.build(backend, named(net))) {
      training = backend.download(t.forward(backend.upload(x), BATCH, false));
    }
    assertEquals(BATCH * 10, training.length);
    assertClose(inference, training, kind + " training vs inference");
    try (InferenceEngine engine = new InferenceEngine(new Network(INPUT, folded(net.layers())), 1)) {
      assertClose(inference, engine.forward(x).toArray(), kind + " batch norm folded vs not");
    }
  }
}
