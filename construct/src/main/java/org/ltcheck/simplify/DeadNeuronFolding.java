package org.ltcheck.simplify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ltcheck.build.TargetLayer;
import org.ltcheck.differential.InputRegion;
import org.ltcheck.differential.TargetChannelRanges;
import org.ltcheck.theory.ActivationKind;

/**
 * The pre-construction pass that removes dead target neurons: channels (of a convolution; an
 * output of a dense layer) whose output the interval bounds of the differential certifier
 * ({@link TargetChannelRanges}) prove to be 0 at every position for every input of the domain,
 * for the exact target and for its float32 evaluation alike. With ReLU that is a pre-activation
 * upper bound ≤ 0 (a channel without weights and a negative bias, or one whose inputs are all
 * dead); with other activations a pre-activation that is exactly 0. The ticket then spends no
 * parameters on such a channel nor on the next layer's weights that read it.
 *
 * <p>Only zeros are removed: a channel constant at c ≠ 0 is not a constant bias of a zero-padded
 * convolution at the borders, so it is kept. Residual networks: a layer that ends a residual
 * block (its channels are sums with the shortcut) or whose output a shortcut reads keeps all its
 * channels, as does the output layer; every layer keeps at least one channel.
 *
 * <p>The certificate repeats the proof ({@link #unproved}) on the original target, so a ticket
 * built for the reduced target is certified against the original one.
 */
public final class DeadNeuronFolding {
  private DeadNeuronFolding() {}

  /** The channels of {@code layers} proved 0 over {@code domain} that can be removed. */
  public static DeadNeurons find(List<TargetLayer> layers, InputRegion domain) {
    TargetChannelRanges ranges = TargetChannelRanges.of(layers, domain);
    List<int[]> removed = new ArrayList<>();
    for (int l = 0; l < layers.size(); l++) {
      List<Integer> dead = new ArrayList<>();
      if (l < layers.size() - 1 && removable(layers, l)) {
        for (int c = 0; c < layers.get(l).outChannels(); c++) {
          if (provedZero(layers.get(l), ranges.lo(l, c), ranges.hi(l, c))) {
            dead.add(c);
          }
        }
        if (dead.size() == layers.get(l).outChannels()) {
          // A layer that is 0 everywhere still needs one channel for the next layer to read.
          dead.remove(0);
        }
      }
      removed.add(dead.stream().mapToInt(Integer::intValue).toArray());
    }
    return new DeadNeurons(removed);
  }

  /**
   * Why {@code dead} is not a valid removal from {@code layers} over {@code domain}: one line per
   * removed channel not proved 0 (with its bounds), or the structural reason; empty if it is valid.
   */
  public static List<String> unproved(List<TargetLayer> layers, InputRegion domain, DeadNeurons dead) {
    List<String> why = new ArrayList<>();
    if (dead.isEmpty()) {
      return why;
    }
    try {
      dead.apply(layers);
    } catch (IllegalArgumentException e) {
      why.add(e.getMessage());
      return why;
    }
    TargetChannelRanges ranges = TargetChannelRanges.of(layers, domain);
    for (int l = 0; l < layers.size(); l++) {
      for (int c : dead.removedFrom(l)) {
        if (!provedZero(layers.get(l), ranges.lo(l, c), ranges.hi(l, c))) {
          why.add(String.format(Locale.ROOT,
              "target layer %d channel %d is removed but its pre-activation is in [%s, %s] over the domain, not provably 0 after %s",
              l, c, ranges.lo(l, c), ranges.hi(l, c), layers.get(l).activation().kind().cliName()));
        }
      }
    }
    return why;
  }

  /**
   * The target a ticket with {@code dead} removed was built for, after proving the removal over
   * {@code domain}.
   *
   * @throws IllegalArgumentException naming the first removed channel that is not proved 0
   */
  public static List<TargetLayer> fold(List<TargetLayer> layers, InputRegion domain, DeadNeurons dead) {
    List<String> why = unproved(layers, domain, dead);
    if (!why.isEmpty()) {
      throw new IllegalArgumentException(why.get(0) + (why.size() > 1 ? " (and " + (why.size() - 1) + " more)" : ""));
    }
    return dead.apply(layers);
  }

  /** Whether channels of layer {@code l} may be removed: it neither ends a residual block nor feeds a shortcut. */
  static boolean removable(List<TargetLayer> layers, int l) {
    if (layers.get(l).hasSkip()) {
      return false;
    }
    for (TargetLayer t : layers) {
      if (t.hasSkip() && t.skip().source() == l) {
        return false;
      }
    }
    return true;
  }

  /** Whether the activation maps every pre-activation in [lo, hi] to 0. */
  private static boolean provedZero(TargetLayer t, double lo, double hi) {
    ActivationKind kind = t.activation().kind();
    if (kind == ActivationKind.RELU) {
      return hi <= 0;
    }
    return lo == 0 && hi == 0 && t.activation().apply(0) == 0;
  }
}
