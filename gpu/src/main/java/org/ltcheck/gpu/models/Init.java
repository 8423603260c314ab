package org.ltcheck.gpu.models;

import java.util.random.RandomGenerator;
import org.ltcheck.model.BatchNorm2d;
import org.ltcheck.model.ChannelScale;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Linear;
import org.ltcheck.tensor.FloatTensor;

/**
 * Seeded initialisation as in open_lth's {@code kaiming_normal} initialiser, which the reference
 * targets were trained with: conv and linear weights N(0, 2/fan_in) (Kaiming normal, fan-in
 * mode, ReLU gain); biases keep PyTorch's default U(-1/sqrt(fan_in), 1/sqrt(fan_in)); batch
 * norm gamma = 1, beta = 0, running mean 0, running variance 1; shortcut scales 1. Draws happen
 * in a fixed order (weight, then bias) from the generator passed in, so a seed fixes the network.
 */
final class Init {
  private Init() {}

  static Conv2d conv(RandomGenerator rng, int in, int out, int kernel, int stride, int padding, boolean bias) {
    int fanIn = in * kernel * kernel;
    FloatTensor w = kaimingNormal(rng, fanIn, out, in, kernel, kernel);
    return new Conv2d(w, bias ? uniformBias(rng, fanIn, out) : null, stride, padding);
  }

  static Linear linear(RandomGenerator rng, int in, int out) {
    FloatTensor w = kaimingNormal(rng, in, out, in);
    return new Linear(w, uniformBias(rng, in, out));
  }

  static BatchNorm2d batchNorm(int channels) {
    float[] ones = new float[channels];
    java.util.Arrays.fill(ones, 1f);
    return new BatchNorm2d(FloatTensor.of(ones, channels), FloatTensor.zeros(channels),
        FloatTensor.zeros(channels), FloatTensor.of(ones, channels), BatchNorm2d.PYTORCH_EPS);
  }

  static ChannelScale ones(int channels) {
    float[] ones = new float[channels];
    java.util.Arrays.fill(ones, 1f);
    return new ChannelScale(FloatTensor.wrap(ones, channels, 1, 1));
  }

  private static FloatTensor kaimingNormal(RandomGenerator rng, int fanIn, int... shape) {
    float[] w = new float[Math.toIntExact(FloatTensor.numelOf(shape))];
    double std = Math.sqrt(2.0 / fanIn);
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (std * rng.nextGaussian());
    }
    return FloatTensor.wrap(w, shape);
  }

  private static FloatTensor uniformBias(RandomGenerator rng, int fanIn, int n) {
    float[] b = new float[n];
    double bound = 1 / Math.sqrt(fanIn);
    for (int i = 0; i < n; i++) {
      b[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
    }
    return FloatTensor.wrap(b, n);
  }
}
