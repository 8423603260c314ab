package org.ltcheck.construct;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ltcheck.theory.ActivationKind;

/**
 * Certifies a ticket: recomputes, from the mask and the mother regenerated from its seed, the
 * value every target weight and bias has in the ticket, and checks the structure that the
 * error propagation relies on.
 *
 * <p>Composition rules (ReLU). A sum layer reading copy channels: a kept edge u from a copy
 * with copy weight a into a channel of group j at position p adds a·u to the composed weight
 * (j, group of the copy, p) of the copy's sign part (a &gt; 0: the x⁺ part; a &lt; 0: the x⁻
 * part, needed only when the copied values can be negative). A sum layer reading sum channels
 * adds u. A kept edge from a constant channel adds φ(β)·u to the composed bias and is allowed
 * only through the bias position (centre tap).
 *
 * <p>Structure checked: copy channels keep exactly their one edge from their source channel
 * and no bias; constant channels keep their bias and no edge; sum-layer copies keep no bias;
 * the last layer has exactly one channel per output, in order.
 */
public final class TicketVerifier {
  private static final int LISTED_VIOLATIONS = 10;

  private TicketVerifier() {}

  /**
   * @param inputNonNegative whether the network input is non-negative (as in the construction
   *     settings): then negative copies of the input carry nothing and are not checked
   */
  public static TicketCertificate certify(Ticket ticket, List<TargetLayer> target, double eta, boolean inputNonNegative) {
    MotherSpec spec = ticket.mother();
    MotherRandom random = new MotherRandom(spec.seed());
    Violations v = new Violations();
    List<LayerCertificate> layers = new ArrayList<>();
    // Per mother layer: carried factor of each channel (a for copies, φ(β) for constants, 1 for sum copies).
    List<double[]> carried = new ArrayList<>();
    List<Boolean> nonNegativeInput = new ArrayList<>();
    boolean belowNonNegative = inputNonNegative;
    for (int m = 0; m < spec.layers().size(); m++) {
      MotherLayerSpec l = spec.layers().get(m);
      LayerMask mask = ticket.masks().get(m);
      if (l.role() == MotherLayerSpec.Role.COPY) {
        carried.add(checkCopyLayer(l, mask, random, v));
        nonNegativeInput.add(belowNonNegative);
        continue;
      }
      boolean readsCopies = m > 0 && spec.layers().get(m - 1).role() == MotherLayerSpec.Role.COPY;
      boolean split = readsCopies && !nonNegativeInput.get(m - 1);
      TargetLayer t = target.get(l.targetLayer());
      double tolerance = ConstructionSettings.layerTolerance(spec.construction(), eta, l.targetLayer(), target.size());
      LayerCertificate c = checkSumLayer(
          l, mask, t, random, m == 0 ? null : carried.get(m - 1), readsCopies, split, v,
          m == spec.layers().size() - 1, m == 0 ? 0 : ticket.masks().get(m - 1).parameterCount(), tolerance);
      layers.add(c);
      double[] own = new double[l.outChannels()];
      for (int o = 0; o < own.length; o++) {
        own[o] = ChannelId.isBias(l.channelId(o)) ? l.activation().apply(random.bias(m, l.channelId(o))) : 1.0;
      }
      carried.add(own);
      nonNegativeInput.add(true);
      belowNonNegative = t.activation().kind() == ActivationKind.RELU;
    }
    return new TicketCertificate(
        eta, layers, v.listed, v.count, ticket.parameterCount(), spec.parameterCount());
  }

  private static double[] checkCopyLayer(MotherLayerSpec l, LayerMask mask, MotherRandom random, Violations v) {
    int in = l.inChannels();
    Map<Integer, Integer> sourceOfGroup = new HashMap<>();
    for (int c = 0; c < in; c++) {
      sourceOfGroup.putIfAbsent(ChannelId.group(l.inputChannelId(c)), c);
    }
    int[] edges = new int[l.outChannels()];
    double[] factor = new double[l.outChannels()];
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
        if (!bias || edges[o] != 0) {
          v.add("copy layer " + l.index() + ": constant channel " + o + " must keep its bias and no edge");
        }
        factor[o] = l.activation().apply(random.bias(l.index(), id));
      } else if (bias || edges[o] != 1) {
        v.add("copy layer " + l.index() + ": copy channel " + o + " keeps " + edges[o] + " edges and bias=" + bias);
      }
    }
    return factor;
  }

  private static LayerCertificate checkSumLayer(
      MotherLayerSpec l, LayerMask mask, TargetLayer t, MotherRandom random, double[] inputFactor,
      boolean productInput, boolean split, Violations v, boolean last, long belowParameters, double tolerance) {
    int in = l.inChannels();
    int positions = l.positions();
    int rows = t.inChannels() * positions;
    int parts = split ? 2 : 1;
    int out = l.outChannels();
    double[][] composed = new double[out][parts * rows];
    double[] composedBias = new double[out];
    // Σ|u| per (channel, input group) for sum layers reading distinct copies (see LayerCertificate).
    double[][] absTerms = productInput ? null : new double[out][t.inChannels()];
    int biasPosition = t.biasPosition();
    for (long flat : mask.keptWeights()) {
      int o = (int) (flat / ((long) in * positions));
      int c = (int) ((flat / positions) % in);
      int p = (int) (flat % positions);
      long inId = l.inputChannelId(c);
      double u = random.weight(l.index(), l.channelId(o), inId, p, l.weightScale());
      double f = inputFactor == null ? 1.0 : inputFactor[c];
      if (ChannelId.isBias(l.channelId(o))) {
        v.add("sum layer " + l.index() + ": constant channel " + o + " keeps an incoming edge");
      } else if (ChannelId.isBias(inId)) {
        if (p != biasPosition) {
          v.add("sum layer " + l.index() + ": constant channel read at position " + p + " instead of " + biasPosition);
        }
        composedBias[o] += f * u;
      } else {
        int part = productInput && f < 0 ? 1 : 0;
        if (part < parts) {
          composed[o][part * rows + ChannelId.group(inId) * positions + p] += (productInput ? f : 1.0) * u;
        }
        if (absTerms != null) {
          absTerms[o][ChannelId.group(inId)] += Math.abs(u);
        }
      }
    }
    double maxW = 0;
    double maxB = 0;
    long checkedW = 0;
    long checkedB = 0;
    int copies = 0;
    int[] perGroup = new int[t.outChannels()];
    double[][] propagation = new double[t.outChannels()][t.inChannels()];
    for (int o = 0; o < out; o++) {
      long id = l.channelId(o);
      if (ChannelId.isBias(id)) {
        if (!mask.keepsBias(o)) {
          v.add("sum layer " + l.index() + ": constant channel " + o + " must keep its bias");
        }
        continue;
      }
      if (mask.keepsBias(o)) {
        v.add("sum layer " + l.index() + ": channel " + o + " keeps its random bias");
      }
      int j = ChannelId.group(id);
      perGroup[j]++;
      copies++;
      for (int part = 0; part < parts; part++) {
        for (int r = 0; r < rows; r++) {
          double e = Math.abs(composed[o][part * rows + r] - t.weight(j, r / positions, r % positions));
          maxW = Math.max(maxW, e);
          checkedW++;
        }
      }
      for (int i = 0; i < t.inChannels(); i++) {
        double factor = 0;
        if (absTerms != null) {
          factor = absTerms[o][i];
        } else {
          // Copies of one channel carry the same value: errors propagate through |composed|.
          for (int p = 0; p < positions; p++) {
            double m = 0;
            for (int part = 0; part < parts; part++) {
              m = Math.max(m, Math.abs(composed[o][part * rows + i * positions + p]));
            }
            factor += m;
          }
        }
        propagation[j][i] = Math.max(propagation[j][i], factor);
      }
      maxB = Math.max(maxB, Math.abs(composedBias[o] - t.bias(j)));
      checkedB++;
      if (last && (o != j || ChannelId.index(id) != 0)) {
        v.add("output layer: channel " + o + " is not the single channel of output " + o);
      }
    }
    for (int j = 0; j < perGroup.length; j++) {
      if (perGroup[j] == 0) {
        v.add("sum layer " + l.index() + ": target channel " + j + " has no copy");
      }
    }
    if (last && out != t.outChannels()) {
      v.add("output layer has " + out + " channels for " + t.outChannels() + " outputs");
    }
    long kept = mask.parameterCount() + (productInput ? belowParameters : 0);
    return new LayerCertificate(
        l.targetLayer(), l.index(), copies, checkedW, checkedB, maxW, maxB, out, kept, tolerance, propagation);
  }

  private static final class Violations {
    final List<String> listed = new ArrayList<>();
    long count;

    void add(String message) {
      count++;
      if (listed.size() < LISTED_VIOLATIONS) {
        listed.add(message);
      }
    }
  }
}
