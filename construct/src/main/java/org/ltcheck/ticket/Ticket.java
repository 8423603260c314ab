package org.ltcheck.ticket;

import java.util.List;
import org.ltcheck.mother.MotherLayerSpec;
import org.ltcheck.mother.MotherSpec;
import org.ltcheck.simplify.DeadNeurons;

/**
 * A strong lottery ticket: the mother network (regenerable from its spec) and one mask per
 * mother layer. The ticket is mask ⊙ mother; no weight is changed, only removed.
 *
 * @param deadNeurons the target channels removed before construction because they are 0 on the
 *     whole input domain: the mother's channels stand for the target without them, and every
 *     comparison with the original target first proves and applies the removal
 */
public record Ticket(MotherSpec mother, List<LayerMask> masks, DeadNeurons deadNeurons) {
  /** A ticket built for the whole target (nothing removed). */
  public Ticket(MotherSpec mother, List<LayerMask> masks) {
    this(mother, masks, DeadNeurons.none());
  }

  public Ticket {
    java.util.Objects.requireNonNull(deadNeurons, "deadNeurons");
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

  /** The same ticket, built for the target without {@code removed}. */
  public Ticket withDeadNeurons(DeadNeurons removed) {
    return new Ticket(mother, masks, removed);
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
