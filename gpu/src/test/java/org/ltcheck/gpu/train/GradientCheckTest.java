package org.ltcheck.gpu.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ltcheck.gpu.backend.Backend;
import org.ltcheck.gpu.backend.DeviceTensor;
import org.ltcheck.gpu.backend.cpu.CpuBackend;
import org.ltcheck.gpu.backend.cpu.GemmKind;
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
import org.ltcheck.model.Network;
import org.ltcheck.model.ResidualBlock;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.ActivationKind;

/**
 * Finite-difference checks of every layer's backward pass and of the loss. For each trainable
 * tensor a random unit direction v is drawn; the central difference (L(θ+hv) − L(θ−hv))/2h of
 * the mean softmax cross-entropy must match the analytic directional derivative ⟨∇L, v⟩. The
 * first layer of every test network has parameters, so the input gradient of every later layer
 * is exercised through it. Batch norm runs in training mode (batch statistics) in both passes.
 */
class GradientCheckTest {
  private final Random rnd = new Random(1234);
  private Backend backend;

  @BeforeEach
  void open() {
    backend = CpuBackend.create(2, GemmKind.JAVA);
  }

  @AfterEach
  void closeBackend() {
    backend.close();
  }

  private FloatTensor gaussian(double std, int... shape) {
    float[] a = new float[Math.toIntExact(FloatTensor.numelOf(shape))];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) (std * rnd.nextGaussian());
    }
    return FloatTensor.wrap(a, shape);
  }

  private Conv2d conv(int in, int out, int k, int stride, int pad, boolean bias) {
    return new Conv2d(gaussian(1 / Math.sqrt(in * k * k), out, in, k, k), bias ? gaussian(0.1, out) : null, stride, pad);
  }

  private BatchNorm2d bn(int c) {
    float[] g = gaussian(0.2, c).toArray();
    float[] ones = new float[c];
    for (int i = 0; i < c; i++) {
      g[i] += 1;
      ones[i] = 1;
    }
    return new BatchNorm2d(FloatTensor.wrap(g, c), gaussian(0.1, c), FloatTensor.zeros(c), FloatTensor.wrap(ones, c), 1e-5);
  }

  private static Activation act(ActivationKind k) {
    return new Activation(k, 0.1);
  }

  private void check(List<Layer> layers, int[] inShape, int batch) {
    Network net = new Network(inShape, layers);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < NamedNetwork.parametrisedLayers(net).size(); i++) {
      names.add("l" + i);
    }
    int classes = net.outputShape()[0];
    try (TrainableNetwork t = TrainableNetwork.build(backend, new NamedNetwork(net, names))) {
      int n = batch * t.inputSize();
      DeviceTensor x = backend.upload(gaussian(1, n).toArray(), n);
      float[] lab = new float[batch];
      for (int i = 0; i < batch; i++) {
        lab[i] = rnd.nextInt(classes);
      }
      DeviceTensor labels = backend.upload(lab, batch);
      DeviceTensor dLogits = backend.allocate(batch, classes);
      DeviceTensor stats = backend.allocate(2);
      DeviceTensor logits = t.forward(x, batch, true);
      backend.softmaxCrossEntropy(logits, labels, batch, classes, dLogits, 1f / batch, stats);
      float[] dx = backend.download(t.backwardToInput(dLogits, batch));
      int checked = 0;
      List<String> failures = new ArrayList<>();
      {
        float[] x0 = backend.download(x);
        double[] v = unit(x0.length);
        double analytic = 0;
        for (int i = 0; i < v.length; i++) {
          analytic += dx[i] * v[i];
        }
        double h = 3e-3;
        double plus = inputLossAt(t, x, x0, v, h, labels, batch, classes);
        double minus = inputLossAt(t, x, x0, v, -h, labels, batch, classes);
        backend.copyFromHost(x0, 0, x, 0, x0.length);
        double numeric = (plus - minus) / (2 * h);
        if (!(Math.abs(analytic - numeric) <= 2e-2 * Math.abs(analytic) + 2e-3)) {
          failures.add("input: analytic " + analytic + ", numeric " + numeric);
        }
      }
      for (Parameter p : t.parameters()) {
        if (!p.role().trainable()) {
          continue;
        }
        float[] theta = backend.download(p.value());
        float[] grad = backend.download(p.grad());
        double[] v = new double[theta.length];
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
          v[i] = rnd.nextGaussian();
          norm += v[i] * v[i];
        }
        double analytic = 0;
        for (int i = 0; i < v.length; i++) {
          v[i] /= Math.sqrt(norm);
          analytic += grad[i] * v[i];
        }
        double h = 3e-3;
        double plus = lossAt(t, p, theta, v, h, x, labels, batch, classes);
        double minus = lossAt(t, p, theta, v, -h, x, labels, batch, classes);
        backend.copyFromHost(theta, 0, p.value(), 0, theta.length);
        double numeric = (plus - minus) / (2 * h);
        if (!(Math.abs(analytic - numeric) <= 2e-2 * Math.abs(analytic) + 2e-3)) {
          failures.add(p.name() + " (" + p.role() + "): analytic " + analytic + ", numeric " + numeric);
        }
        checked++;
      }
      assertTrue(checked > 0);
      assertTrue(failures.isEmpty(), "directional derivatives differ: " + failures);
    }
  }

  private double[] unit(int n) {
    double[] v = new double[n];
    double norm = 0;
    for (int i = 0; i < n; i++) {
      v[i] = rnd.nextGaussian();
      norm += v[i] * v[i];
    }
    for (int i = 0; i < n; i++) {
      v[i] /= Math.sqrt(norm);
    }
    return v;
  }

  private double inputLossAt(TrainableNetwork t, DeviceTensor x, float[] x0, double[] v, double h,
      DeviceTensor labels, int batch, int classes) {
    float[] moved = new float[x0.length];
    for (int i = 0; i < x0.length; i++) {
      moved[i] = (float) (x0[i] + h * v[i]);
    }
    backend.copyFromHost(moved, 0, x, 0, moved.length);
    DeviceTensor stats = backend.allocate(2);
    backend.softmaxCrossEntropy(t.forward(x, batch, true), labels, batch, classes, null, 1f, stats);
    return backend.download(stats)[0] / batch;
  }

  private double lossAt(TrainableNetwork t, Parameter p, float[] theta, double[] v, double h,
      DeviceTensor x, DeviceTensor labels, int batch, int classes) {
    float[] moved = new float[theta.length];
    for (int i = 0; i < theta.length; i++) {
      moved[i] = (float) (theta[i] + h * v[i]);
    }
    backend.copyFromHost(moved, 0, p.value(), 0, moved.length);
    DeviceTensor stats = backend.allocate(2);
    backend.softmaxCrossEntropy(t.forward(x, batch, true), labels, batch, classes, null, 1f, stats);
    return backend.download(stats)[0] / batch;
  }

  @Test
  void convStridePaddingBatchNormLeakyReluAvgPoolTanhLinear() {
    check(List.of(
        conv(2, 4, 3, 2, 1, true), bn(4), act(ActivationKind.LEAKY_RELU),
        new AvgPool2d(2, 2), conv(4, 3, 1, 1, 0, false), act(ActivationKind.TANH),
        new Flatten(), new Linear(gaussian(0.3, 5, 12), gaussian(0.1, 5))), new int[] {2, 7, 8}, 3);
  }

  @Test
  void maxPoolingPaddedAndNotBetweenConvolutions() {
    check(List.of(
        conv(2, 3, 3, 1, 1, true), act(ActivationKind.LEAKY_RELU), new MaxPool2d(3, 2, 1),
        conv(3, 4, 3, 1, 1, true), act(ActivationKind.TANH), new MaxPool2d(2, 2, 0),
        new Flatten(), new Linear(gaussian(0.3, 5, 16), gaussian(0.1, 5))), new int[] {2, 7, 7}, 3);
  }

  @Test
  void sigmoidReluIdentityAndPlainLinear() {
    check(List.of(
        conv(1, 3, 3, 1, 1, true), act(ActivationKind.SIGMOID), conv(3, 2, 3, 1, 0, true),
        act(ActivationKind.RELU), new Flatten(), new Linear(gaussian(0.3, 4, 18), null),
        act(ActivationKind.IDENTITY)), new int[] {1, 5, 5}, 4);
  }

  /**
   * Residual blocks use LeakyReLU here: with ReLU, dead units feed exact zeros into batch norm on
   * these tiny batches and some pre-activations sit within the step of the kink, where a central
   * difference is meaningless (observed for a few seeds; tanh and LeakyReLU pass for all). The
   * ReLU derivative itself is checked in the other tests and in the backend suite.
   */
  @Test
  void residualBlocksWithChannelScaleAndProjectionShortcuts() {
    ResidualBlock identity = new ResidualBlock(
        List.of(conv(4, 4, 3, 1, 1, false), bn(4), act(ActivationKind.LEAKY_RELU), conv(4, 4, 3, 1, 1, false), bn(4)),
        List.of(new ChannelScale(FloatTensor.wrap(gaussian(0.3, 4).toArray(), 4, 1, 1))), act(ActivationKind.LEAKY_RELU));
    ResidualBlock down = new ResidualBlock(
        List.of(conv(4, 6, 3, 2, 1, false), bn(6), act(ActivationKind.LEAKY_RELU), conv(6, 6, 3, 1, 1, false), bn(6)),
        List.of(conv(4, 6, 1, 2, 0, false), bn(6)), act(ActivationKind.LEAKY_RELU));
    ResidualBlock plain = new ResidualBlock(
        List.of(conv(6, 6, 3, 1, 1, true)), List.of(), act(ActivationKind.TANH));
    check(List.of(conv(3, 4, 3, 1, 1, false), bn(4), act(ActivationKind.LEAKY_RELU), identity, down, plain,
        new GlobalAvgPool(), new Linear(gaussian(0.5, 3, 6), gaussian(0.1, 3))), new int[] {3, 6, 6}, 4);
  }

  @Test
  void identityBlockWithReluAndInputGradient() {
    ResidualBlock identity = new ResidualBlock(
        List.of(conv(4, 4, 3, 1, 1, false), bn(4), act(ActivationKind.RELU), conv(4, 4, 3, 1, 1, false), bn(4)),
        List.of(new ChannelScale(FloatTensor.wrap(gaussian(0.3, 4).toArray(), 4, 1, 1))), act(ActivationKind.RELU));
    check(List.of(identity, new GlobalAvgPool(), new Linear(gaussian(0.5, 3, 4), gaussian(0.1, 3))), new int[] {4, 6, 6}, 4);
  }

  @Test
  void batchNormAloneInputGradient() {
    check(List.of(bn(4), act(ActivationKind.TANH), new GlobalAvgPool(), new Linear(gaussian(0.5, 3, 4), gaussian(0.1, 3))),
        new int[] {4, 6, 6}, 4);
  }
}
