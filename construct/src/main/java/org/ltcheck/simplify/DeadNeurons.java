package org.ltcheck.simplify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ltcheck.build.TargetLayer;

/**
 * Output channels removed from a target's weight layers because their output is 0 on the whole
 * input domain ({@link DeadNeuronFolding} proves it): per target layer, the removed channels in
 * the original numbering, ascending. Removing a channel drops its weights and bias, and the
 * weights of the next layer that read it; the remaining channels are renumbered in order. A
 * channel that is 0 everywhere contributes 0 to every tap of the next layer, zero-padded borders
 * included, so the removed network is the same function as the original.
 *
 * @param removed per target layer (of the original target), the removed output channels
 */
public record DeadNeurons(List<int[]> removed) {
  public DeadNeurons {
    List<int[]> copy = new ArrayList<>();
    for (int l = 0; l < removed.size(); l++) {
      int[] r = removed.get(l).clone();
      for (int k = 0; k < r.length; k++) {
        if (r[k] < 0 || (k > 0 && r[k] <= r[k - 1])) {
          throw new IllegalArgumentException(
              "removed channels of target layer " + l + " must be ascending and non-negative: " + Arrays.toString(r));
        }
      }
      copy.add(r);
    }
    removed = List.copyOf(copy);
  }

  /** Nothing removed from a target of {@code layers} weight layers. */
  public static DeadNeurons none(int layers) {
    List<int[]> r = new ArrayList<>();
    for (int l = 0; l < layers; l++) {
      r.add(new int[0]);
    }
    return new DeadNeurons(r);
  }

  /** Nothing removed (from a target of any depth). */
  public static DeadNeurons none() {
    return new DeadNeurons(List.of());
  }

  @Override
  public List<int[]> removed() {
    return removed.stream().map(int[]::clone).toList();
  }

  /** The removed channels of target layer {@code l} (none for a layer beyond the list, or −1: the input). */
  public int[] removedFrom(int l) {
    return l >= 0 && l < removed.size() ? removed.get(l).clone() : new int[0];
  }

  /** Of per-channel values of target layer {@code l}'s original output, those of the channels kept. */
  public double[] kept(int l, double[] perChannel) {
    int[] r = removedFrom(l);
    double[] out = new double[perChannel.length - r.length];
    int k = 0;
    int next = 0;
    for (int c = 0; c < perChannel.length; c++) {
      if (next < r.length && r[next] == c) {
        next++;
      } else {
        out[k++] = perChannel[c];
      }
    }
    return out;
  }

  /** Whether no channel is removed. */
  public boolean isEmpty() {
    return count() == 0;
  }

  /** Number of removed channels over all layers. */
  public int count() {
    return removed.stream().mapToInt(r -> r.length).sum();
  }

  /**
   * The target without the removed channels.
   *
   * @throws IllegalArgumentException if the list does not fit {@code layers}: more layers, a
   *     channel out of range, a whole layer or an output channel removed, or a channel that a
   *     shortcut adds to or reads
   */
  public List<TargetLayer> apply(List<TargetLayer> layers) {
    if (removed.size() > layers.size()) {
      throw new IllegalArgumentException(
          "removed channels name " + removed.size() + " target layers, the target has " + layers.size());
    }
    if (isEmpty()) {
      return List.copyOf(layers);
    }
    List<boolean[]> keep = new ArrayList<>();
    for (int l = 0; l < layers.size(); l++) {
      keep.add(keptChannels(layers, l));
    }
    List<TargetLayer> out = new ArrayList<>();
    for (int l = 0; l < layers.size(); l++) {
      boolean[] in = l == 0 ? all(layers.get(0).inChannels()) : keep.get(l - 1);
      out.add(restrict(layers.get(l), keep.get(l), in));
    }
    return List.copyOf(out);
  }

  private boolean[] keptChannels(List<TargetLayer> layers, int l) {
    TargetLayer t = layers.get(l);
    boolean[] keep = all(t.outChannels());
    int[] r = removedFrom(l);
    if (r.length == 0) {
      return keep;
    }
    if (l == layers.size() - 1) {
      throw new IllegalArgumentException("the output layer's channels cannot be removed");
    }
    if (!DeadNeuronFolding.removable(layers, l)) {
      throw new IllegalArgumentException("target layer " + l + " ends or feeds a shortcut: its channels cannot be removed");
    }
    if (r[r.length - 1] >= t.outChannels() || r.length == t.outChannels()) {
      throw new IllegalArgumentException("target layer " + l + " has " + t.outChannels()
          + " channels, cannot remove " + Arrays.toString(r));
    }
    for (int c : r) {
      keep[c] = false;
    }
    return keep;
  }

  /** Layer {@code t} with only the output channels {@code out} and input channels {@code in}. */
  private static TargetLayer restrict(TargetLayer t, boolean[] out, boolean[] in) {
    int outs = count(out);
    int ins = count(in);
    if (outs == t.outChannels() && ins == t.inChannels()) {
      return t;
    }
    int positions = t.positions();
    double[] w = t.weights();
    double[] b = t.bias();
    double[] weights = new double[outs * ins * positions];
    double[] bias = new double[outs];
    int k = 0;
    int j2 = 0;
    for (int j = 0; j < t.outChannels(); j++) {
      if (!out[j]) {
        continue;
      }
      bias[j2++] = b[j];
      for (int i = 0; i < t.inChannels(); i++) {
        if (in[i]) {
          int from = (j * t.inChannels() + i) * positions;
          System.arraycopy(w, from, weights, k, positions);
          k += positions;
        }
      }
    }
    return new TargetLayer(t.kind(), outs, ins, t.kernelHeight(), t.kernelWidth(), t.stride(), t.padding(),
        t.inputHeight(), t.inputWidth(), weights, bias, t.activation(), t.before(), t.skip());
  }

  private static boolean[] all(int n) {
    boolean[] b = new boolean[n];
    Arrays.fill(b, true);
    return b;
  }

  private static int count(boolean[] b) {
    int n = 0;
    for (boolean x : b) {
      n += x ? 1 : 0;
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof DeadNeurons d)) {
      return false;
    }
    int n = Math.max(removed.size(), d.removed.size());
    for (int l = 0; l < n; l++) {
      if (!Arrays.equals(removedFrom(l), d.removedFrom(l))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    // Trailing layers without removals do not count, as in equals.
    int last = removed.size() - 1;
    while (last >= 0 && removed.get(last).length == 0) {
      last--;
    }
    int h = 0;
    for (int l = 0; l <= last; l++) {
      h = h * 31 + Arrays.hashCode(removed.get(l));
    }
    return h;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("DeadNeurons[");
    for (int l = 0; l < removed.size(); l++) {
      s.append(l == 0 ? "" : ", ").append(Arrays.toString(removed.get(l)));
    }
    return s.append(']').toString();
  }
}
