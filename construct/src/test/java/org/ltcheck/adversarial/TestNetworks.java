package org.ltcheck.adversarial;

import java.util.List;
import java.util.Random;
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

/** Small random networks covering every layer type; every draw from the caller's generator. */
final class TestNetworks {
  private TestNetworks() {}

  /** Values U[-1,1], each nonzero with probability {@code density}. */
  static FloatTensor values(Random rnd, double density, int... shape) {
    float[] v = new float[Math.toIntExact(FloatTensor.numelOf(shape))];
    for (int i = 0; i < v.length; i++) {
      v[i] = rnd.nextDouble() < density ? (float) (2 * rnd.nextDouble() - 1) : 0f;
    }
    return FloatTensor.wrap(v, shape);
  }

  static Conv2d conv(Random rnd, int in, int out, int kh, int kw, int stride, int pad, double density) {
    return new Conv2d(values(rnd, density, out, in, kh, kw), values(rnd, 1, out), stride, pad);
  }

  static Linear linear(Random rnd, int in, int out, double density) {
    return new Linear(values(rnd, density, out, in), values(rnd, 1, out));
  }

  static BatchNorm2d batchNorm(Random rnd, int c) {
    float[] var = new float[c];
    for (int i = 0; i < c; i++) {
      var[i] = (float) (0.2 + rnd.nextDouble());
    }
    return new BatchNorm2d(values(rnd, 1, c), values(rnd, 1, c), values(rnd, 1, c), FloatTensor.wrap(var, c),
        BatchNorm2d.PYTORCH_EPS);
  }

  /** Named networks that together use every layer type, stride, padding and activation. */
  static List<Network> everyLayerType(Random rnd) {
    Activation leaky = new Activation(ActivationKind.LEAKY_RELU, 0.1);
    Activation tanh = Activation.of(ActivationKind.TANH);
    Activation sigmoid = Activation.of(ActivationKind.SIGMOID);
    Activation identity = Activation.of(ActivationKind.IDENTITY);
    Network sparseConvs = new Network(new int[] {3, 9, 7}, List.of(
        conv(rnd, 3, 6, 3, 3, 1, 1, 0.3), Activation.relu(),
        conv(rnd, 6, 5, 3, 2, 2, 1, 0.5), leaky,
        new Flatten(), linear(rnd, 5 * 5 * 4, 4, 0.1)));
    Network smooth = new Network(new int[] {2, 8, 8}, List.of(
        conv(rnd, 2, 4, 3, 3, 1, 0, 1.0), batchNorm(rnd, 4), tanh,
        new ChannelScale(values(rnd, 1, 4, 1, 1)), new AvgPool2d(2, 2), sigmoid,
        conv(rnd, 4, 3, 1, 1, 1, 0, 1.0), identity, new GlobalAvgPool(), linear(rnd, 3, 5, 1.0)));
    List<Layer> body = List.of(conv(rnd, 4, 4, 3, 3, 1, 1, 0.6), batchNorm(rnd, 4), Activation.relu(),
        conv(rnd, 4, 4, 3, 3, 1, 1, 0.6));
    List<Layer> downBody = List.of(conv(rnd, 4, 6, 3, 3, 2, 1, 0.6), tanh, conv(rnd, 6, 6, 3, 3, 1, 1, 0.6));
    Network residual = new Network(new int[] {2, 8, 8}, List.of(
        conv(rnd, 2, 4, 3, 3, 1, 1, 1.0), Activation.relu(),
        new ResidualBlock(body, List.of(), Activation.relu()),
        new ResidualBlock(body, List.of(new ChannelScale(values(rnd, 1, 4, 1, 1))), leaky),
        new ResidualBlock(downBody, List.of(conv(rnd, 4, 6, 1, 1, 2, 0, 1.0), batchNorm(rnd, 6)), sigmoid),
        new GlobalAvgPool(), linear(rnd, 6, 3, 1.0)));
    Network maxPooled = new Network(new int[] {2, 9, 7}, List.of(
        conv(rnd, 2, 4, 3, 3, 1, 1, 0.8), Activation.relu(), new MaxPool2d(3, 2, 1),
        conv(rnd, 4, 3, 3, 3, 1, 1, 0.8), leaky, new MaxPool2d(2, 2, 0), new Flatten(), linear(rnd, 3 * 2 * 2, 4, 1.0)));
    return List.of(sparseConvs, smooth, residual, maxPooled);
  }

  static double[] gaussian(Random rnd, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = rnd.nextGaussian();
    }
    return x;
  }
}
