package org.ltcheck.targets;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.ltcheck.model.BatchNorm2d;
import org.ltcheck.model.ChannelScale;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Linear;
import org.ltcheck.targets.zoo.ZooLayer;
import org.ltcheck.targets.zoo.ZooParameters;
import org.ltcheck.tensor.FloatTensor;

/**
 * The tensors of a PyTorch state dict looked up by name: each checked for its shape and finite
 * values, multiplied by its mask {@code X_mask} when the file has one (the pruning masks of
 * Synaptic-Flow / the reference's layers), and recorded as used, so that {@link #checkAllUsed}
 * reports every tensor no layer read. {@code X.num_batches_tracked} is never needed. Problems
 * are {@link IllegalArgumentException}s naming the tensor; the reader adds the file.
 */
final class StateDictTensors implements ZooParameters {
  private static final String[] BN_PARTS = {"weight", "bias", "running_mean", "running_var"};

  private final Map<String, FloatTensor> all;
  private final TreeSet<String> unused;

  StateDictTensors(Map<String, FloatTensor> all) {
    this.all = all;
    this.unused = new TreeSet<>(all.keySet());
    unused.removeIf(n -> n.endsWith(".num_batches_tracked"));
  }

  boolean has(String name) {
    return all.containsKey(name);
  }

  int[] shape(String name, int rank) {
    FloatTensor t = get(name);
    if (t.rank() != rank) {
      throw new IllegalArgumentException(
          "tensor '" + name + "' has shape " + Arrays.toString(t.shape()) + ", expected rank " + rank);
    }
    return t.shape();
  }

  FloatTensor require(String name, int... shape) {
    FloatTensor t = get(name);
    if (t.size() == 0) {
      throw new IllegalArgumentException("tensor '" + name + "' of shape " + Arrays.toString(t.shape())
          + " is empty: a layer needs at least one channel");
    }
    if (!t.sameShape(shape)) {
      throw new IllegalArgumentException(
          "tensor '" + name + "' has shape " + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(shape));
    }
    String maskName = name + "_mask";
    if (all.containsKey(maskName)) {
      FloatTensor mask = all.get(maskName);
      unused.remove(maskName);
      if (!mask.sameShape(shape)) {
        throw new IllegalArgumentException(
            "mask '" + maskName + "' has shape " + Arrays.toString(mask.shape()) + ", expected " + Arrays.toString(shape));
      }
      float[] v = t.toArray();
      for (int i = 0; i < v.length; i++) {
        v[i] *= mask.get(i);
      }
      t = FloatTensor.wrap(v, shape);
    }
    int bad = t.firstNonFinite();
    if (bad >= 0) {
      throw new IllegalArgumentException(
          "tensor '" + name + "' has non-finite value " + t.get(bad) + " at flat index " + bad);
    }
    return t;
  }

  BatchNorm2d batchNorm(String prefix, int channels) {
    FloatTensor[] p = new FloatTensor[BN_PARTS.length];
    for (int k = 0; k < p.length; k++) {
      p[k] = require(prefix + "." + BN_PARTS[k], channels);
    }
    for (int c = 0; c < channels; c++) {
      if (!(p[3].get(c) >= 0)) {
        throw new IllegalArgumentException(
            "tensor '" + prefix + ".running_var' has negative variance " + p[3].get(c) + " at index " + c);
      }
    }
    return new BatchNorm2d(p[0], p[1], p[2], p[3], BatchNorm2d.PYTORCH_EPS);
  }

  @Override
  public Conv2d conv(ZooLayer.Conv c) {
    return new Conv2d(require(c.name() + ".weight", c.out(), c.in(), c.kernel(), c.kernel()),
        c.bias() ? require(c.name() + ".bias", c.out()) : null, c.stride(), c.padding());
  }

  @Override
  public Linear linear(ZooLayer.Dense d) {
    return new Linear(require(d.name() + ".weight", d.out(), d.in()), require(d.name() + ".bias", d.out()));
  }

  @Override
  public BatchNorm2d batchNorm(ZooLayer.Norm n) {
    return batchNorm(n.name(), n.channels());
  }

  @Override
  public Optional<ChannelScale> identityScale(ZooLayer.IdentityScale s) {
    String name = s.name() + ".weight";
    return has(name) ? Optional.of(new ChannelScale(require(name, s.channels(), 1, 1))) : Optional.empty();
  }

  private FloatTensor get(String name) {
    FloatTensor t = all.get(name);
    if (t == null) {
      throw new IllegalArgumentException("missing tensor '" + name + "'");
    }
    unused.remove(name);
    return t;
  }

  /**
   * Every tensor must have been read.
   *
   * @param what the architecture, for the message
   * @param hint what the user may have meant, appended to the message (or "")
   */
  void checkAllUsed(String what, String hint) {
    if (!unused.isEmpty()) {
      throw new IllegalArgumentException("tensors not part of " + what + ": " + unused + hint);
    }
  }
}
