package org.ltcheck.certify;

import java.util.HashMap;
import java.util.Map;
import org.ltcheck.build.CopyRule;
import org.ltcheck.mother.ChannelId;
import org.ltcheck.mother.MotherLayerSpec;
import org.ltcheck.mother.MotherRandom;
import org.ltcheck.ticket.LayerMask;

/**
 * What the channels of one mother layer carry: for a copy layer its rule, whether its input is
 * non-negative and bounded by {@code inputBound}, and the copy weights a; constants carry φ(β),
 * sum-layer copies 1.
 */
record Carry(
    boolean copyLayer, CopyRule rule, boolean inputNonNegative, double inputBound, double[] factor,
    boolean[] constant) {

  static Carry sum(MotherLayerSpec l, MotherRandom random) {
    double[] f = new double[l.outChannels()];
    boolean[] c = new boolean[l.outChannels()];
    for (int o = 0; o < f.length; o++) {
      c[o] = ChannelId.isBias(l.channelId(o));
      f[o] = c[o] ? l.activation().apply(random.bias(l.index(), l.channelId(o))) : 1.0;
    }
    return new Carry(false, null, true, Double.NaN, f, c);
  }

  /** Whether weights read from these channels have two sign parts to check. */
  boolean split() {
    return copyLayer && rule.piecewiseLinear() && !inputNonNegative;
  }

  /** Checks a copy layer's structure (see {@link TicketVerifier}) and reads what its channels carry. */
  static Carry ofCopyLayer(
      MotherLayerSpec l, LayerMask mask, MotherRandom random, Violations v, boolean nonNegative, double bound) {
    int in = l.inChannels();
    CopyRule rule = new CopyRule(l.activation());
    if (!rule.piecewiseLinear() && !(bound > 0)) {
      throw new IllegalArgumentException(
          "copy layer " + l.index() + " has " + l.activation().kind().cliName()
              + " copies; certifying their linearisation error needs the input bound, got " + bound);
    }
    Map<Integer, Integer> sourceOfGroup = new HashMap<>();
    for (int c = 0; c < in; c++) {
      sourceOfGroup.putIfAbsent(ChannelId.group(l.inputChannelId(c)), c);
    }
    int[] edges = new int[l.outChannels()];
    double[] factor = new double[l.outChannels()];
    boolean[] constant = new boolean[l.outChannels()];
    for (long flat : mask.keptWeights()) {
      int o = (int) (flat / in);
      int c = (int) (flat % in);
      edges[o]++;
      long id = l.channelId(o);
      Integer source = sourceOfGroup.get(ChannelId.group(id));
      if (ChannelId.isBias(id) || source == null || source != c) {
        v.add("copy layer " + l.index() + ": channel " + o + " keeps an edge from input " + c + " that is not its source");
      }
      factor[o] = random.weight(l.index(), id, l.inputChannelId(c), 0, l.weightScale());
    }
    for (int o = 0; o < l.outChannels(); o++) {
      long id = l.channelId(o);
      boolean bias = mask.keepsBias(o);
      if (ChannelId.isBias(id)) {
        constant[o] = true;
        if (!bias || edges[o] != 0) {
          v.add("copy layer " + l.index() + ": constant channel " + o + " must keep its bias and no edge");
        }
        factor[o] = l.activation().apply(random.bias(l.index(), id));
      } else if (bias || edges[o] != 1) {
        v.add("copy layer " + l.index() + ": copy channel " + o + " keeps " + edges[o] + " edges and bias=" + bias);
      }
    }
    return new Carry(true, rule, nonNegative, bound, factor, constant);
  }
}
