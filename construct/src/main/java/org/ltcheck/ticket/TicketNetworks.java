package org.ltcheck.ticket;

import java.util.ArrayList;
import java.util.List;
import org.ltcheck.build.TargetLayer;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.GlobalAvgPool;
import org.ltcheck.model.Layer;
import org.ltcheck.model.Linear;
import org.ltcheck.model.Network;
import org.ltcheck.model.ResidualBlock;
import org.ltcheck.mother.MotherLayerSpec;
import org.ltcheck.mother.MotherRandom;
import org.ltcheck.mother.MotherSpec;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.ActivationKind;

/**
 * Materialises mother networks and tickets as ordinary {@link Network}s, regenerating every
 * parameter from the seed. The ticket network has the mother's shape with pruned parameters set
 * to zero, so "ticket = mask ⊙ mother" holds element by element. A mother layer with a shortcut
 * closes a {@link ResidualBlock} whose body is every layer after its shortcut's source, whose
 * shortcut is the random 1x1 convolution (no bias) and whose activation is the layer's.
 */
public final class TicketNetworks {
  private TicketNetworks() {}

  /** The full random mother network (every parameter drawn). */
  public static Network mother(MotherSpec spec) {
    return build(spec, null);
  }

  /** The ticket: mother parameters where the mask keeps them, zero elsewhere. */
  public static Network ticket(Ticket ticket) {
    return build(ticket.mother(), ticket.masks());
  }

  private static Network build(MotherSpec spec, List<LayerMask> masks) {
    MotherRandom random = new MotherRandom(spec.seed());
    List<Layer> layers = new ArrayList<>();
    int[] endOf = new int[spec.layers().size()];
    for (int k = 0; k < spec.layers().size(); k++) {
      MotherLayerSpec l = spec.layers().get(k);
      LayerMask mask = masks == null ? null : masks.get(k);
      if (l.maxPoolBefore() != null) {
        layers.add(l.maxPoolBefore());
      }
      if (l.flattenBefore()) {
        layers.add(new Flatten());
      }
      if (l.poolBefore()) {
        layers.add(new GlobalAvgPool());
      }
      Layer weightLayer = weightLayer(l, mask, random);
      Activation a = l.activation();
      if (l.hasSkip()) {
        List<Layer> body = new ArrayList<>(layers.subList(endOf[l.skipSource()], layers.size()));
        body.add(weightLayer);
        layers.subList(endOf[l.skipSource()], layers.size()).clear();
        layers.add(new ResidualBlock(body, List.of(shortcut(l, mask, random)), a));
      } else {
        layers.add(weightLayer);
        if (a.kind() != ActivationKind.IDENTITY) {
          layers.add(a);
        }
      }
      endOf[k] = layers.size();
    }
    return new Network(spec.inputShape(), layers);
  }

  /**
   * Mother layer {@code l}'s convolution or linear layer (without activation, reshape or
   * shortcut): all parameters when {@code mask} is null, else the kept ones.
   */
  public static Layer weightLayer(MotherLayerSpec l, LayerMask mask, MotherRandom random) {
    float[] w = weights(l, mask, random);
    float[] b = new float[l.outChannels()];
    for (int o = 0; o < b.length; o++) {
      if (mask == null || mask.keepsBias(o)) {
        b[o] = random.bias(l.index(), l.channelId(o));
      }
    }
    FloatTensor bias = FloatTensor.wrap(b, b.length);
    if (l.kind() == TargetLayer.Kind.CONV) {
      return new Conv2d(
          FloatTensor.wrap(w, l.outChannels(), l.inChannels(), l.kernelHeight(), l.kernelWidth()), bias, l.stride(),
          l.padding());
    }
    return new Linear(FloatTensor.wrap(w, l.outChannels(), l.inChannels() * l.positions()), bias);
  }

  /** Mother layer {@code l}'s shortcut: a convolution without bias or padding (all or kept weights). */
  public static Conv2d shortcut(MotherLayerSpec l, LayerMask mask, MotherRandom random) {
    float[] s = skipWeights(l, mask, random);
    int k = l.skipKernel();
    return new Conv2d(FloatTensor.wrap(s, l.outChannels(), l.skipInChannels(), k, k), null, l.skipStride(), 0);
  }

  private static float[] weights(MotherLayerSpec l, LayerMask mask, MotherRandom random) {
    float[] w = new float[Math.toIntExact(l.weightCount())];
    int positions = l.positions();
    int in = l.inChannels();
    if (mask == null) {
      for (int o = 0; o < l.outChannels(); o++) {
        long outId = l.channelId(o);
        for (int c = 0; c < in; c++) {
          long inId = l.inputChannelId(c);
          int base = (o * in + c) * positions;
          for (int p = 0; p < positions; p++) {
            w[base + p] = random.weight(l.index(), outId, inId, p, l.weightScale());
          }
        }
      }
      return w;
    }
    for (long flat : mask.keptWeights()) {
      w[(int) flat] = l.weight(random, flat);
    }
    return w;
  }

  private static float[] skipWeights(MotherLayerSpec l, LayerMask mask, MotherRandom random) {
    float[] s = new float[Math.toIntExact(l.skipWeightCount())];
    if (mask == null) {
      for (int flat = 0; flat < s.length; flat++) {
        s[flat] = skipWeight(l, flat, random);
      }
      return s;
    }
    for (long flat : mask.keptSkipWeights()) {
      s[(int) flat] = skipWeight(l, flat, random);
    }
    return s;
  }

  /** The random shortcut weight at flat index {@code flat} of mother layer {@code l}. */
  public static float skipWeight(MotherLayerSpec l, long flat, MotherRandom random) {
    int positions = l.skipPositions();
    int o = (int) (flat / ((long) l.skipInChannels() * positions));
    int c = (int) ((flat / positions) % l.skipInChannels());
    int p = (int) (flat % positions);
    return random.shortcutWeight(l.index(), l.channelId(o), l.skipInputChannelId(c), p, l.skipWeightScale());
  }
}
