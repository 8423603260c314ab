package org.ltcheck.certify;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntToDoubleFunction;
import org.ltcheck.build.ConstructionAlgorithm;
import org.ltcheck.build.ConstructionSettings;
import org.ltcheck.build.CopyRule;
import org.ltcheck.build.TargetLayer;
import org.ltcheck.build.TargetSkip;
import org.ltcheck.model.MaxPool2d;
import org.ltcheck.mother.ChannelId;
import org.ltcheck.mother.MotherLayerSpec;
import org.ltcheck.mother.MotherRandom;
import org.ltcheck.mother.MotherSpec;
import org.ltcheck.differential.InputRegion;
import org.ltcheck.simplify.DeadNeuronFolding;
import org.ltcheck.theory.ActivationKind;
import org.ltcheck.ticket.LayerMask;
import org.ltcheck.ticket.Ticket;
import org.ltcheck.ticket.TicketNetworks;

/**
 * Certifies a ticket: recomputes, from the mask and the mother regenerated from its seed, the
 * value every target weight, shortcut weight and bias has in the ticket, and checks the
 * structure that the error propagation relies on.
 *
 * <p>Composition rules ({@link CopyRule}). A kept edge u into a channel of group j at position p
 * contributes to the composed weight (j, group of its input, p):
 * <ul>
 *   <li>from a sum-layer copy: u;</li>
 *   <li>from a copy of weight a of a ReLU-type copy layer: u times the copy's effective slope,
 *       a or α·a for inputs x &gt; 0 and x &lt; 0 by the signs of a and x; both slopes are
 *       checked when the copied values can be negative, the positive one otherwise;</li>
 *   <li>from a tanh/sigmoid copy: u·φ'(0)·a, plus u·φ(0) to the bias and |u|·R(|a|·B) to the
 *       channel's linearisation error (B bounds the copied values: the input bound for the first
 *       copy layer, 1 for copies of tanh/sigmoid outputs). Sigmoid copies come in antisymmetric
 *       pairs ({@link CopyRule}): the mirror's edge −u from the copy −a adds the same u·φ'(0)·a
 *       and the same remainder bound, and −u·φ(0), so a kept pair leaves no intercept in the
 *       composed bias. The certificate needs no notion of pairs: composing edge by edge, a pair
 *       kept incomplete shows as a bias off by u/2;</li>
 *   <li>from a constant channel: u·φ(β) to the composed bias, allowed only through the bias
 *       position (centre tap) of a convolution with zero padding, which reads the padding at other
 *       taps; through any position of a dense layer or of a convolution without padding.</li>
 * </ul>
 * Shortcut edges of a residual block's last layer compose the target shortcut weights by the same
 * rules from the layer that carries the block's input.
 *
 * <p>Structure checked: copy channels keep exactly their one edge from their source channel
 * and no bias; constant channels keep their bias and no edge (shortcut edges included); sum-layer
 * copies keep no bias; each sum layer reads the layer carrying its target input, with the
 * target's kernel and stride, and with the target's padding split between itself and the copy
 * layer it reads (all of it in the copy layer when the copies have φ(0) ≠ 0, so that the border
 * is φ(0) like the copy of a zero input); its shortcut reads the layer carrying the target
 * block's input with the target's stride, through the centre tap only (constants, constant
 * everywhere, through any tap of the unpadded shortcut); the last layer has exactly one channel
 * per output, in order; a target layer that reads max-pooled input is read through the same max
 * pooling, in front of the copy layer when the sum layer reads one (2L; the first layer of L+1)
 * and in front of the sum layer otherwise (L+1), and no other layer pools.
 *
 * <p>Max pooling needs no composed parameter of its own: the maximum over a window is
 * 1-Lipschitz in the ∞-norm, |max_W h̃ − max_W h| ≤ max_W |h̃ − h|, and |max_W h| ≤ max_W |h|,
 * so the per-channel error and magnitude bounds of the layer below hold for the pooled channels,
 * and the composition rules above apply to the pooled values unchanged (each pooled mother
 * channel is the maximum of one whole approximation of one target channel; constant channels pool
 * to themselves).
 *
 * <p>A ticket built for the target without its dead channels ({@link Ticket#deadNeurons()}) is
 * certified against the original target: the removed channels are proved 0 over the input domain
 * first ({@link DeadNeuronFolding#unproved}), then every parameter is checked against the target
 * without them, the same function on the domain.
 */
public final class TicketVerifier {
  private TicketVerifier() {}

  /**
   * Certifies a ticket whose inputs need no bound (ReLU-type copies).
   *
   * @param inputNonNegative whether the network input is non-negative (as in the construction
   *     settings): then negative copies of the input carry nothing and are not checked
   * @throws IllegalArgumentException for a ticket whose first copy layer is tanh/sigmoid: its
   *     linearisation error needs the input bound, use the overload with {@code inputBound}
   */
  public static TicketCertificate certify(Ticket ticket, List<TargetLayer> target, double eta, boolean inputNonNegative) {
    return certify(ticket, target, eta, inputNonNegative, Double.NaN);
  }

  /** Certifies a ticket built with {@code settings} (ε, input sign and bound taken from them). */
  public static TicketCertificate certify(Ticket ticket, List<TargetLayer> target, ConstructionSettings settings) {
    Violations v = removalsUnprovable(ticket);
    return certify(ticket, removedOrAsGiven(ticket, target), settings.eta(), settings::etaOf,
        settings.inputNonNegative(), settings.inputBound(), v);
  }

  /**
   * @param inputBound B₀ ≥ |x| over the input domain, used for the linearisation error of
   *     tanh/sigmoid copies of the input; NaN if unknown (then such tickets are rejected)
   */
  public static TicketCertificate certify(
      Ticket ticket, List<TargetLayer> target, double eta, boolean inputNonNegative, double inputBound) {
    Violations v = removalsUnprovable(ticket);
    return certify(ticket, removedOrAsGiven(ticket, target), eta, l -> eta, inputNonNegative, inputBound, v);
  }

  /**
   * Certifies a ticket against the original target over the input {@code domain}: first proves
   * that every target channel the ticket's construction removed ({@link Ticket#deadNeurons()}) is
   * 0 on the whole domain ({@link DeadNeuronFolding#unproved}), so the target without them is the
   * same function, then checks every parameter against that target. A removal not proved is a
   * violation.
   */
  public static TicketCertificate certify(
      Ticket ticket, List<TargetLayer> original, ConstructionSettings settings, InputRegion domain) {
    Violations v = new Violations();
    for (String why : DeadNeuronFolding.unproved(original, domain, ticket.deadNeurons())) {
      v.add(why);
    }
    return certify(ticket, removedOrAsGiven(ticket, original), settings.eta(), settings::etaOf,
        settings.inputNonNegative(), settings.inputBound(), v);
  }

  /** Without an input domain, a ticket's removed channels cannot be proved dead: each is a violation. */
  private static Violations removalsUnprovable(Ticket ticket) {
    Violations v = new Violations();
    if (!ticket.deadNeurons().isEmpty()) {
      v.add("the ticket removes " + ticket.deadNeurons().count()
          + " dead target channels, which only a certificate over the input domain can prove");
    }
    return v;
  }

  /** The target without the ticket's removed channels, or as given when they do not fit it (a violation already). */
  private static List<TargetLayer> removedOrAsGiven(Ticket ticket, List<TargetLayer> target) {
    try {
      return ticket.deadNeurons().apply(target);
    } catch (IllegalArgumentException e) {
      return target;
    }
  }

  /** @param etaOf the per-parameter tolerance η_l ≤ eta of each target layer */
  private static TicketCertificate certify(Ticket ticket, List<TargetLayer> target, double eta,
      IntToDoubleFunction etaOf, boolean inputNonNegative, double inputBound, Violations v) {
    MotherSpec spec = ticket.mother();
    MotherRandom random = new MotherRandom(spec.seed());
    List<LayerCertificate> layers = new ArrayList<>();
    List<Carry> carries = new ArrayList<>();
    int[] represented = new int[spec.layers().size()];
    for (int m = 0; m < spec.layers().size(); m++) {
      MotherLayerSpec l = spec.layers().get(m);
      LayerMask mask = ticket.masks().get(m);
      if (l.role() == MotherLayerSpec.Role.COPY) {
        represented[m] = m == 0 ? -1 : represented[m - 1];
        boolean nonNegative = m == 0 ? inputNonNegative : spec.layers().get(m - 1).activation().kind() == ActivationKind.RELU;
        double bound = m == 0 ? inputBound : CopyRule.rangeBound(spec.layers().get(m - 1).activation());
        carries.add(Carry.ofCopyLayer(l, mask, random, v, nonNegative, bound));
        if (l.hasSkip() || mask.keptSkipWeights().length > 0) {
          v.add("copy layer " + m + " has a shortcut");
        }
        continue;
      }
      represented[m] = l.targetLayer();
      if (l.targetLayer() < 0 || l.targetLayer() >= target.size()) {
        v.add("sum layer " + m + " names target layer " + l.targetLayer() + " of " + target.size());
        carries.add(Carry.sum(l, random));
        continue;
      }
      TargetLayer t = target.get(l.targetLayer());
      int reads = m == 0 ? -1 : represented[m - 1];
      if (reads != l.targetLayer() - 1) {
        v.add("sum layer " + m + " for target layer " + l.targetLayer() + " reads the output of target layer " + reads);
      }
      Carry skipCarry = null;
      if (t.hasSkip() != l.hasSkip()) {
        v.add("sum layer " + m + ": target layer " + l.targetLayer() + (t.hasSkip() ? " has" : " has no")
            + " shortcut but the mother layer" + (l.hasSkip() ? " has one" : " has none"));
      } else if (l.hasSkip()) {
        if (represented[l.skipSource()] != t.skip().source() || l.skipStride() != t.skip().stride()) {
          v.add("sum layer " + m + ": shortcut reads target layer " + represented[l.skipSource()] + " with stride "
              + l.skipStride() + ", the target's reads " + t.skip().source() + " with stride " + t.skip().stride());
        } else {
          skipCarry = carries.get(l.skipSource());
        }
      }
      Carry in = m == 0 ? null : carries.get(m - 1);
      if (in == null) {
        v.add("sum layer " + m + " reads the network input directly");
        carries.add(Carry.sum(l, random));
        continue;
      }
      checkGeometry(l, t, spec.layers().get(m - 1), in, v);
      boolean countBelow = in.copyLayer();
      long below = countBelow ? ticket.masks().get(m - 1).parameterCount() : 0;
      double tolerance = ConstructionAlgorithm.of(spec.construction()).layerTolerance(
          etaOf.applyAsDouble(l.targetLayer()), l.targetLayer(), target.size());
      layers.add(checkSumLayer(l, mask, t, random, in, skipCarry, v, m == spec.layers().size() - 1, below, tolerance));
      carries.add(Carry.sum(l, random));
    }
    return new TicketCertificate(eta, layers, v.listed, v.count, ticket.parameterCount(), spec.parameterCount());
  }

  /** Kernel, stride, padding and max pooling of a sum layer against its target (see the class comment). */
  private static void checkGeometry(MotherLayerSpec l, TargetLayer t, MotherLayerSpec below, Carry in, Violations v) {
    if (l.kind() != t.kind() || l.kernelHeight() != t.kernelHeight() || l.kernelWidth() != t.kernelWidth()
        || l.stride() != t.stride()) {
      v.add("sum layer " + l.index() + " has kernel " + l.kernelHeight() + "x" + l.kernelWidth() + " stride "
          + l.stride() + ", its target " + t.kernelHeight() + "x" + t.kernelWidth() + " stride " + t.stride());
    }
    MaxPool2d pool = in.copyLayer() ? below.maxPoolBefore() : l.maxPoolBefore();
    if (!Objects.equals(pool, t.maxPool()) || (in.copyLayer() && l.maxPoolBefore() != null)) {
      v.add("sum layer " + l.index() + " reads through max pooling " + pool + (in.copyLayer() ? " (before its copy layer)" : "")
          + (in.copyLayer() && l.maxPoolBefore() != null ? " and " + l.maxPoolBefore() : "") + ", its target "
          + t.maxPool());
    }
    if (t.kind() != TargetLayer.Kind.CONV) {
      return;
    }
    int prePad = in.copyLayer() ? below.padding() : 0;
    if (prePad + l.padding() != t.padding()) {
      v.add("sum layer " + l.index() + " pads " + l.padding() + " after " + prePad + ", its target " + t.padding());
    }
    if (in.copyLayer() && in.rule().intercept() != 0 && l.padding() != 0) {
      v.add("sum layer " + l.index() + " zero-pads copies whose value at 0 is " + in.rule().intercept());
    }
    if (l.inputHeight() != t.inputHeight() + 2 * prePad || l.inputWidth() != t.inputWidth() + 2 * prePad) {
      v.add("sum layer " + l.index() + " reads a " + l.inputHeight() + "x" + l.inputWidth() + " map, its target "
          + t.inputHeight() + "x" + t.inputWidth() + " padded by " + prePad);
    }
  }

  private static LayerCertificate checkSumLayer(
      MotherLayerSpec l, LayerMask mask, TargetLayer t, MotherRandom random, Carry in, Carry skipIn, Violations v,
      boolean last, long belowParameters, double tolerance) {
    int inChannels = l.inChannels();
    int positions = l.positions();
    int out = l.outChannels();
    double[] bias = new double[out];
    double[] linearisation = new double[out];
    Composed main = new Composed(out, t.inChannels(), positions, in.split() ? 2 : 1, bias, linearisation);
    int biasPosition = t.biasPosition();
    boolean anyPosition = l.kind() == TargetLayer.Kind.DENSE || l.padding() == 0;
    for (long flat : mask.keptWeights()) {
      int o = (int) (flat / ((long) inChannels * positions));
      int c = (int) ((flat / positions) % inChannels);
      int p = (int) (flat % positions);
      long inId = l.inputChannelId(c);
      double u = random.weight(l.index(), l.channelId(o), inId, p, l.weightScale());
      if (ChannelId.isBias(l.channelId(o))) {
        v.add("sum layer " + l.index() + ": constant channel " + o + " keeps an incoming edge");
      } else if (in.constant()[c]) {
        if (p != biasPosition && !anyPosition) {
          v.add("sum layer " + l.index() + ": constant channel read at position " + p + " instead of " + biasPosition);
        }
        bias[o] += in.factor()[c] * u;
      } else {
        main.add(o, ChannelId.group(inId) * positions + p, u, in, c);
      }
    }
    Composed skip = null;
    if (skipIn != null) {
      TargetSkip s = t.skip();
      skip = new Composed(out, s.inChannels(), 1, skipIn.split() ? 2 : 1, bias, linearisation);
      int skipChannels = l.skipInChannels();
      int taps = l.skipPositions();
      for (long flat : mask.keptSkipWeights()) {
        int o = (int) (flat / ((long) skipChannels * taps));
        int c = (int) ((flat / taps) % skipChannels);
        long inId = l.skipInputChannelId(c);
        double u = TicketNetworks.skipWeight(l, flat, random);
        if (flat % taps != l.skipCentre() && !skipIn.constant()[c]) {
          v.add("sum layer " + l.index() + ": shortcut edge at tap " + flat % taps + " instead of the centre "
              + l.skipCentre());
        }
        if (ChannelId.isBias(l.channelId(o))) {
          v.add("sum layer " + l.index() + ": constant channel " + o + " keeps a shortcut edge");
        } else if (skipIn.constant()[c]) {
          bias[o] += skipIn.factor()[c] * u;
        } else {
          skip.add(o, ChannelId.group(inId), u, skipIn, c);
        }
      }
    } else if (mask.keptSkipWeights().length > 0) {
      v.add("sum layer " + l.index() + " keeps shortcut edges of a shortcut that is not checked");
    }
    double maxW = 0;
    double maxS = 0;
    double maxB = 0;
    long checkedW = 0;
    long checkedS = 0;
    long checkedB = 0;
    int copies = 0;
    int[] perGroup = new int[t.outChannels()];
    double[] lin = new double[t.outChannels()];
    double[][] propagation = new double[t.outChannels()][t.inChannels()];
    double[][] skipPropagation = new double[skip == null ? 0 : t.outChannels()][skip == null ? 0 : t.skip().inChannels()];
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
      if (j < 0 || j >= t.outChannels()) {
        v.add("sum layer " + l.index() + ": channel " + o + " serves target channel " + j + " of " + t.outChannels());
        continue;
      }
      perGroup[j]++;
      copies++;
      for (int part = 0; part < main.parts; part++) {
        for (int r = 0; r < main.rows; r++) {
          double e = Math.abs(main.weights[o][part * main.rows + r] - t.weight(j, r / positions, r % positions));
          maxW = Math.max(maxW, e);
          checkedW++;
        }
      }
      if (skip != null) {
        for (int part = 0; part < skip.parts; part++) {
          for (int r = 0; r < skip.rows; r++) {
            maxS = Math.max(maxS, Math.abs(skip.weights[o][part * skip.rows + r] - t.skip().weight(j, r)));
            checkedS++;
          }
        }
      }
      maxB = Math.max(maxB, Math.abs(bias[o] - t.bias(j)));
      checkedB++;
      lin[j] = Math.max(lin[j], linearisation[o]);
      for (int i = 0; i < t.inChannels(); i++) {
        propagation[j][i] = Math.max(propagation[j][i], main.propagation(o, i, in.copyLayer()));
      }
      if (skip != null) {
        for (int i = 0; i < t.skip().inChannels(); i++) {
          skipPropagation[j][i] = Math.max(skipPropagation[j][i], skip.propagation(o, i, skipIn.copyLayer()));
        }
      }
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
    long kept = mask.parameterCount() + belowParameters;
    return new LayerCertificate(
        l.targetLayer(), l.index(), copies, checkedW, checkedB, maxW, maxB, out, kept, tolerance, checkedS, maxS, lin,
        propagation, skipPropagation);
  }
}
