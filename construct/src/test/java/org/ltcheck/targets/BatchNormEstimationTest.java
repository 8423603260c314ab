package org.ltcheck.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ltcheck.inference.NaiveReference;
import org.ltcheck.model.Activation;
import org.ltcheck.model.BatchNorm2d;
import org.ltcheck.model.Layer;
import org.ltcheck.model.Network;
import org.ltcheck.model.ResidualBlock;
import org.ltcheck.tensor.FloatTensor;

class BatchNormEstimationTest {
  private static final ResNetPlan PLAN = new ResNetPlan(3, 6, new int[] {3, 4}, 1, 2);

  /** The naive double-precision reference as a runner. */
  static FloatTensor forward(Network n, FloatTensor batch) {
    int samples = batch.dim(0);
    int per = batch.size() / samples;
    int outPer = Math.toIntExact(FloatTensor.numelOf(n.outputShape()));
    float[] out = new float[samples * outPer];
    for (int s = 0; s < samples; s++) {
      double[] x = new double[per];
      for (int i = 0; i < per; i++) {
        x[i] = batch.get(s * per + i);
      }
      double[] y = NaiveReference.forward(n, x);
      for (int i = 0; i < outPer; i++) {
        out[s * outPer + i] = (float) y[i];
      }
    }
    int[] shape = new int[n.outputShape().length + 1];
    shape[0] = samples;
    System.arraycopy(n.outputShape(), 0, shape, 1, shape.length - 1);
    return FloatTensor.wrap(out, shape);
  }

  static List<FloatTensor> batches(long seed) {
    Random r = new Random(seed);
    List<FloatTensor> b = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      float[] v = new float[20 * 3 * 6 * 6];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (r.nextGaussian() * 0.8 + 0.3);
      }
      b.add(FloatTensor.wrap(v, 20, 3, 6, 6));
    }
    return b;
  }

  /**
   * With γ = 1 and β = 0, every batch norm's output over the batches has per-channel mean 0 and
   * variance var/(var + eps)·(n−1)/n ≈ 1, each measured on a prefix of the estimated network.
   */
  @Test
  void everyBatchNormNormalisesItsInputOverTheBatches() {
    Network random = CifarResNetTarget.fromStateDict(
        RandomResNetTarget.stateDict(PLAN, 5, RandomResNetTarget.Options.openLth()), PLAN.inputShape(),
        Activation.relu());
    List<FloatTensor> batches = batches(9);
    Network estimated = BatchNormEstimation.estimate(random, batches, BatchNormEstimationTest::forward);
    assertEquals(estimated, BatchNormEstimation.estimate(random, batches, BatchNormEstimationTest::forward));
    List<List<Layer>> prefixes = new ArrayList<>();
    collect(estimated.layers(), new ArrayList<>(), prefixes);
    assertEquals(1 + 2 + 3, prefixes.size(), "stem, block 0 (two), block 1 (two and the shortcut's)");
    for (List<Layer> prefix : prefixes) {
      Network n = new Network(PLAN.inputShape(), prefix);
      int c = n.outputShape()[0];
      double[] sum = new double[c];
      double[] sq = new double[c];
      long count = 0;
      for (FloatTensor b : batches) {
        FloatTensor y = forward(n, b);
        int per = y.size() / (b.dim(0) * c);
        for (int i = 0; i < y.size(); i++) {
          int ch = (i / per) % c;
          sum[ch] += y.get(i);
          sq[ch] += (double) y.get(i) * y.get(i);
        }
        count += (long) b.dim(0) * per;
      }
      for (int ch = 0; ch < c; ch++) {
        double mean = sum[ch] / count;
        double var = sq[ch] / count - mean * mean;
        assertEquals(0, mean, 1e-4, "mean of channel " + ch + " after " + prefix.get(prefix.size() - 1));
        assertTrue(Math.abs(var - 1) < 0.02, "variance " + var + " of channel " + ch);
      }
    }
  }

  /** Every prefix of the network that ends in a batch norm (inside blocks: block input + body or shortcut part). */
  private static void collect(List<Layer> layers, List<Layer> before, List<List<Layer>> out) {
    List<Layer> seen = new ArrayList<>(before);
    for (Layer l : layers) {
      if (l instanceof ResidualBlock b) {
        collect(b.body(), seen, out);
        collect(b.shortcut(), seen, out);
      }
      seen.add(l);
      if (l instanceof BatchNorm2d) {
        out.add(new ArrayList<>(seen));
      }
    }
  }
}
