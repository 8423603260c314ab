package org.ltcheck.targets;

import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.ltcheck.tensor.FloatTensor;

/**
 * Random open_lth CIFAR ResNets, for tests and for measuring the construction when no trained
 * ResNet is available. Weights follow open_lth's initialisation: convolutions and the head
 * Kaiming-normal (std √(2/fan_in)), head bias 0. Batch norms either keep open_lth's affine
 * initialisation (γ = 1, β = 0) or get random affine parameters, and get random running
 * statistics; {@link BatchNormEstimation} replaces the statistics by ones measured on data.
 * Identity shortcuts are plain, scaled by ones (the reference's Identity2d initialisation), or
 * scaled randomly. Every draw comes from the seed.
 */
public final class RandomResNetTarget {
  private RandomResNetTarget() {}

  /** How identity shortcuts are stored. */
  public enum IdentityShortcut {
    /** No tensor: x is added with weight 1. */
    PLAIN,
    /** A (C,1,1) scale of ones, as a freshly initialised reference Identity2d. */
    ONES,
    /** A (C,1,1) scale drawn from U[0.5, 1.5]. */
    RANDOM_SCALE
  }

  /**
   * Options of the random target.
   *
   * @param identity how identity shortcuts are stored
   * @param randomAffine draw γ ∈ U[0.5,1.5], β ∈ U[−0.2,0.2] instead of open_lth's γ = 1, β = 0
   * @param sparsity fraction of convolution and head weights set to zero (a pruned target)
   */
  public record Options(IdentityShortcut identity, boolean randomAffine, double sparsity) {
    public Options {
      if (!(sparsity >= 0 && sparsity < 1)) {
        throw new IllegalArgumentException("sparsity must be in [0,1), got " + sparsity);
      }
    }

    /** open_lth's initialisation: identity scales of ones, γ = 1, β = 0, dense. */
    public static Options openLth() {
      return new Options(IdentityShortcut.ONES, false, 0.0);
    }
  }

  /**
   * A random state dict with {@link CifarResNetTarget}'s names. Running statistics: mean
   * U[−0.2, 0.2], variance U[0.5, 2] — not matched to any data, so activations of deep random
   * targets may grow; estimate them from data for realistic targets.
   */
  public static SortedMap<String, FloatTensor> stateDict(ResNetPlan plan, long seed, Options options) {
    SplittableRandom r = new SplittableRandom(seed);
    SortedMap<String, FloatTensor> sd = new TreeMap<>();
    int width = plan.widths()[0];
    sd.put("conv.weight", kaiming(r, options.sparsity(), width, plan.inChannels(), 3, 3));
    batchNorm(sd, r, "bn", width, options);
    for (int b = 0; b < plan.blocks(); b++) {
      String p = "blocks." + b + ".";
      int out = plan.blockWidth(b);
      sd.put(p + "conv1.weight", kaiming(r, options.sparsity(), out, width, 3, 3));
      batchNorm(sd, r, p + "bn1", out, options);
      sd.put(p + "conv2.weight", kaiming(r, options.sparsity(), out, out, 3, 3));
      batchNorm(sd, r, p + "bn2", out, options);
      if (plan.downsamples(b) || out != width) {
        sd.put(p + "shortcut.0.weight", kaiming(r, options.sparsity(), out, width, 1, 1));
        batchNorm(sd, r, p + "shortcut.1", out, options);
      } else if (options.identity() != IdentityShortcut.PLAIN) {
        float[] s = new float[out];
        for (int c = 0; c < out; c++) {
          s[c] = options.identity() == IdentityShortcut.ONES ? 1f : (float) uniform(r, 0.5, 1.5);
        }
        sd.put(p + "shortcut.weight", FloatTensor.wrap(s, out, 1, 1));
      }
      width = out;
    }
    sd.put("fc.weight", kaiming(r, options.sparsity(), plan.classes(), width));
    sd.put("fc.bias", FloatTensor.zeros(plan.classes()));
    return sd;
  }

  private static void batchNorm(SortedMap<String, FloatTensor> sd, SplittableRandom r, String p, int c, Options o) {
    float[] gamma = new float[c];
    float[] beta = new float[c];
    float[] mean = new float[c];
    float[] var = new float[c];
    for (int k = 0; k < c; k++) {
      gamma[k] = o.randomAffine() ? (float) uniform(r, 0.5, 1.5) : 1f;
      beta[k] = o.randomAffine() ? (float) uniform(r, -0.2, 0.2) : 0f;
      mean[k] = (float) uniform(r, -0.2, 0.2);
      var[k] = (float) uniform(r, 0.5, 2.0);
    }
    sd.put(p + ".weight", FloatTensor.wrap(gamma, c));
    sd.put(p + ".bias", FloatTensor.wrap(beta, c));
    sd.put(p + ".running_mean", FloatTensor.wrap(mean, c));
    sd.put(p + ".running_var", FloatTensor.wrap(var, c));
  }

  /** Kaiming-normal weights, std √(2/fan_in), fan_in = product of all dimensions but the first. */
  private static FloatTensor kaiming(SplittableRandom r, double sparsity, int... shape) {
    int n = Math.toIntExact(FloatTensor.numelOf(shape));
    double std = Math.sqrt(2.0 / (n / shape[0]));
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      double g = gaussian(r) * std;
      v[i] = sparsity > 0 && r.nextDouble() < sparsity ? 0f : (float) g;
    }
    return FloatTensor.wrap(v, shape);
  }

  private static double uniform(SplittableRandom r, double lo, double hi) {
    return lo + (hi - lo) * r.nextDouble();
  }

  /** A standard normal variate (Box–Muller), from the seeded stream only. */
  private static double gaussian(SplittableRandom r) {
    double u = 1.0 - r.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
  }
}
