package org.ltcheck.ticket;

import java.util.List;
import org.ltcheck.mother.MotherLayerSpec;
import org.ltcheck.mother.MotherSpec;

/**
 * A strong lottery ticket: the mother network (regenerable from its spec) and one mask per
 * mother layer. The ticket is mask ⊙ mother; no weight is changed, only removed.
 */
public record Ticket(MotherSpec mother, List<LayerMask> masks) {
  public Ticket {
    masks = List.copyOf(masks);
    if (masks.size() != mother.layers().size()) {
      throw new IllegalArgumentException(
          "ticket has " + masks.size() + " masks for " + mother.layers().size() + " mother layers");
    }
    for (int k = 0; k < masks.size(); k++) {
      MotherLayerSpec l = mother.layers().get(k);
      long[] w = masks.get(k).keptWeights();
      int[] b = masks.get(k).keptBiases();
      if (w.length > 0 && (w[0] < 0 || w[w.length - 1] >= l.weightCount())) {
        throw new IllegalArgumentException("mask of layer " + k + " indexes outside its " + l.weightCount() + " weights");
      }
      if (b.length > 0 && (b[0] < 0 || b[b.length - 1] >= l.outChannels())) {
        throw new IllegalArgumentException("mask of layer " + k + " indexes outside its " + l.outChannels() + " biases");
      }
      long[] s = masks.get(k).keptSkipWeights();
      if (s.length > 0 && (s[0] < 0 || s[s.length - 1] >= l.skipWeightCount())) {
        throw new IllegalArgumentException(
            "mask of layer " + k + " indexes outside its " + l.skipWeightCount() + " shortcut weights");
      }
    }
  }

  /** Kept parameters (weights and biases) over all layers. */
  public long parameterCount() {
    long n = 0;
    for (LayerMask m : masks) {
      n += m.parameterCount();
    }
    return n;
  }
}
