package org.ltcheck.targets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ltcheck.model.BatchNorm2d;
import org.ltcheck.model.Layer;
import org.ltcheck.model.Network;
import org.ltcheck.model.ResidualBlock;
import org.ltcheck.tensor.FloatTensor;

/**
 * Replaces the running statistics of every batch norm of a network by the mean and (unbiased)
 * variance of its input over given batches, layer by layer in forward order, each measured with
 * all earlier batch norms already replaced — what PyTorch's running averages converge to when
 * the network is run in training mode over the data without updating weights. γ and β are kept.
 *
 * <p>Evaluation is delegated to a {@link Runner} (the CPU inference engine, or a reference
 * forward in tests), called once per layer on the stored activations, so the cost is about two
 * forward passes over the batches.
 */
public final class BatchNormEstimation {
  private BatchNormEstimation() {}

  /** Evaluates a network on a batch: input (N, input shape...), output (N, output shape...). */
  @FunctionalInterface
  public interface Runner {
    FloatTensor forward(Network network, FloatTensor batch);
  }

  /**
   * @param batches inputs of shape (N, C, H, W) matching the network's input shape
   * @return the network with estimated batch-norm statistics
   */
  public static Network estimate(Network network, List<FloatTensor> batches, Runner runner) {
    if (batches.isEmpty()) {
      throw new IllegalArgumentException("batch-norm estimation needs at least one batch");
    }
    for (FloatTensor b : batches) {
      int[] s = b.shape();
      if (s.length != network.inputShape().length + 1
          || !Arrays.equals(Arrays.copyOfRange(s, 1, s.length), network.inputShape())) {
        throw new IllegalArgumentException(
            "batch of shape " + Arrays.toString(s) + " does not match the input shape "
                + Arrays.toString(network.inputShape()));
      }
    }
    Walk w = new Walk(runner);
    List<Layer> layers = w.sequence(network.layers(), new ArrayList<>(batches), network.inputShape());
    return new Network(network.inputShape(), layers);
  }

  private static final class Walk {
    private final Runner runner;

    Walk(Runner runner) {
      this.runner = runner;
    }

    /** Replaces the batch norms of {@code layers}, which read {@code input} of shape {@code shape}. */
    List<Layer> sequence(List<Layer> layers, List<FloatTensor> input, int[] shape) {
      List<FloatTensor> acts = input;
      List<Layer> out = new ArrayList<>();
      for (Layer layer : layers) {
        Layer replaced = layer;
        if (layer instanceof BatchNorm2d bn) {
          replaced = estimated(bn, acts);
        } else if (layer instanceof ResidualBlock b) {
          List<Layer> body = sequence(b.body(), acts, shape);
          List<Layer> shortcut = sequence(b.shortcut(), acts, shape);
          replaced = new ResidualBlock(body, shortcut, b.after());
        }
        acts = run(replaced, acts, shape);
        shape = replaced.outputShape(shape);
        out.add(replaced);
      }
      return out;
    }

    private List<FloatTensor> run(Layer layer, List<FloatTensor> acts, int[] shape) {
      Network one = new Network(shape, List.of(layer));
      List<FloatTensor> next = new ArrayList<>(acts.size());
      for (FloatTensor a : acts) {
        next.add(runner.forward(one, a));
      }
      return next;
    }

    private static BatchNorm2d estimated(BatchNorm2d bn, List<FloatTensor> acts) {
      int c = bn.channels();
      double[] sum = new double[c];
      double[] sq = new double[c];
      long count = 0;
      for (FloatTensor a : acts) {
        int n = a.dim(0);
        int per = a.size() / (n * c);
        for (int i = 0; i < n; i++) {
          for (int ch = 0; ch < c; ch++) {
            int base = (i * c + ch) * per;
            for (int p = 0; p < per; p++) {
              double v = a.get(base + p);
              sum[ch] += v;
              sq[ch] += v * v;
            }
          }
        }
        count += (long) n * per;
      }
      if (count < 2) {
        throw new IllegalArgumentException("batch-norm estimation needs at least two values per channel");
      }
      float[] mean = new float[c];
      float[] var = new float[c];
      for (int ch = 0; ch < c; ch++) {
        double m = sum[ch] / count;
        mean[ch] = (float) m;
        var[ch] = (float) Math.max(0, (sq[ch] - count * m * m) / (count - 1));
      }
      return new BatchNorm2d(bn.gamma(), bn.beta(), FloatTensor.wrap(mean, c), FloatTensor.wrap(var, c), bn.eps());
    }
  }
}
