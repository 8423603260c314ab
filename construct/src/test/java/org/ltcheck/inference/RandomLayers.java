package org.ltcheck.inference;

import java.util.Random;
import org.ltcheck.model.BatchNorm2d;
import org.ltcheck.model.ChannelScale;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Linear;
import org.ltcheck.tensor.FloatTensor;

/** Random layers for tests; every draw comes from the caller's seeded generator. */
final class RandomLayers {
  private RandomLayers() {}

  /** Values U[-1,1], each kept with probability {@code density} and zero otherwise. */
  static FloatTensor tensor(Random rnd, double density, int... shape) {
    float[] v = new float[Math.toIntExact(FloatTensor.numelOf(shape))];
    for (int i = 0; i < v.length; i++) {
      v[i] = rnd.nextDouble() < density ? (float) (2 * rnd.nextDouble() - 1) : 0f;
    }
    return FloatTensor.wrap(v, shape);
  }

  static Conv2d conv(Random rnd, int in, int out, int k, int stride, int pad, double density) {
    return new Conv2d(tensor(rnd, density, out, in, k, k), tensor(rnd, 1, out), stride, pad);
  }

  static Linear linear(Random rnd, int in, int out, double density) {
    return new Linear(tensor(rnd, density, out, in), tensor(rnd, 1, out));
  }

  static BatchNorm2d batchNorm(Random rnd, int c) {
    float[] var = new float[c];
    for (int i = 0; i < c; i++) {
      var[i] = (float) (0.2 + rnd.nextDouble());
    }
    return new BatchNorm2d(tensor(rnd, 1, c), tensor(rnd, 1, c), tensor(rnd, 1, c), FloatTensor.wrap(var, c),
        BatchNorm2d.PYTORCH_EPS);
  }

  static ChannelScale channelScale(Random rnd, int c) {
    return new ChannelScale(tensor(rnd, 1, c, 1, 1));
  }
}
