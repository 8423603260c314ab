package org.ltcheck.proofs;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.Layer;
import org.ltcheck.model.Linear;
import org.ltcheck.model.MaxPool2d;
import org.ltcheck.model.Network;
import org.ltcheck.tensor.FloatTensor;

/** Small random CNN targets and inputs for the theorem-checking properties. */
final class RandomTargets {
  private static final MaxPool2d[] POOLS = {new MaxPool2d(2, 2, 0), new MaxPool2d(3, 2, 1), new MaxPool2d(3, 1, 1)};

  private RandomTargets() {}

  /**
   * A ReLU CNN: {@code convs} 3x3 (or 1x1) convolutions with random channel counts, stride 1 or
   * 2, "same"-style padding, then flatten and a linear head. Weights are U[-maxWeight,
   * maxWeight] and set to zero with probability {@code sparsity}; biases likewise.
   */
  static Network cnn(Random r, int convs, int inChannels, int size, double maxWeight, double sparsity) {
    return cnn(r, convs, inChannels, size, maxWeight, sparsity, false);
  }

  /**
   * The same CNNs with, after each convolution's ReLU, mostly a max pooling: 2x2 stride 2, 3x3
   * stride 2 padded by 1, or 3x3 stride 1 padded by 1.
   */
  static Network maxPooledCnn(Random r, int convs, int inChannels, int size, double maxWeight, double sparsity) {
    return cnn(r, convs, inChannels, size, maxWeight, sparsity, true);
  }

  private static Network cnn(
      Random r, int convs, int inChannels, int size, double maxWeight, double sparsity, boolean maxPools) {
    List<Layer> layers = new ArrayList<>();
    int c = inChannels;
    int h = size;
    for (int k = 0; k < convs; k++) {
      int out = 1 + r.nextInt(4);
      int kernel = r.nextInt(4) == 0 ? 1 : 3;
      int stride = h >= 4 && r.nextInt(3) == 0 ? 2 : 1;
      int padding = kernel / 2;
      layers.add(new Conv2d(tensor(r, maxWeight, sparsity, out, c, kernel, kernel), tensor(r, maxWeight, sparsity, out), stride, padding));
      layers.add(Activation.relu());
      h = (h + 2 * padding - kernel) / stride + 1;
      c = out;
      if (maxPools && h >= 2 && r.nextInt(4) != 0) {
        MaxPool2d pool = POOLS[r.nextInt(POOLS.length)];
        layers.add(pool);
        h = pool.outputShape(new int[] {c, h, h})[1];
      }
    }
    layers.add(new Flatten());
    int classes = 2 + r.nextInt(3);
    layers.add(new Linear(tensor(r, maxWeight, sparsity, classes, c * h * h), tensor(r, maxWeight, sparsity, classes)));
    return new Network(new int[] {inChannels, size, size}, layers);
  }

  static FloatTensor tensor(Random r, double max, double sparsity, int... shape) {
    float[] v = new float[Math.toIntExact(FloatTensor.numelOf(shape))];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextDouble() < sparsity ? 0f : (float) ((2 * r.nextDouble() - 1) * max);
    }
    return FloatTensor.wrap(v, shape);
  }

  /** {@code n} inputs with every entry in [-bound, bound], shape (n, inputShape...). */
  static FloatTensor inputs(Random r, int n, double bound, int[] inputShape) {
    int[] shape = new int[inputShape.length + 1];
    shape[0] = n;
    System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
    float[] v = new float[Math.toIntExact(FloatTensor.numelOf(shape))];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) ((2 * r.nextDouble() - 1) * bound);
    }
    return FloatTensor.wrap(v, shape);
  }
}
