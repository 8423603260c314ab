package org.ltcheck.construct;

import java.util.ArrayList;
import java.util.List;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.Layer;
import org.ltcheck.model.Linear;
import org.ltcheck.model.Network;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.ActivationKind;

/**
 * Materialises mother networks and tickets as ordinary {@link Network}s, regenerating every
 * parameter from the seed. The ticket network has the mother's shape with pruned parameters set
 * to zero, so "ticket = mask ⊙ mother" holds element by element.
 */
public final class TicketNetworks {
  private TicketNetworks() {}

  /** The full random mother network (every parameter drawn). */
  public static Network mother(MotherSpec spec) {
    MotherRandom random = new MotherRandom(spec.seed());
    List<Layer> layers = new ArrayList<>();
    for (MotherLayerSpec l : spec.layers()) {
      float[] w = new float[Math.toIntExact(l.weightCount())];
      int positions = l.positions();
      int in = l.inChannels();
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
      float[] b = new float[l.outChannels()];
      for (int o = 0; o < b.length; o++) {
        b[o] = random.bias(l.index(), l.channelId(o));
      }
      append(layers, l, w, b);
    }
    return new Network(spec.inputShape(), layers);
  }

  /** The ticket: mother parameters where the mask keeps them, zero elsewhere. */
  public static Network ticket(Ticket ticket) {
    MotherSpec spec = ticket.mother();
    MotherRandom random = new MotherRandom(spec.seed());
    List<Layer> layers = new ArrayList<>();
    for (int k = 0; k < spec.layers().size(); k++) {
      MotherLayerSpec l = spec.layers().get(k);
      LayerMask mask = ticket.masks().get(k);
      float[] w = new float[Math.toIntExact(l.weightCount())];
      int positions = l.positions();
      int in = l.inChannels();
      for (long flat : mask.keptWeights()) {
        int o = (int) (flat / ((long) in * positions));
        int c = (int) ((flat / positions) % in);
        int p = (int) (flat % positions);
        w[(int) flat] = random.weight(l.index(), l.channelId(o), l.inputChannelId(c), p, l.weightScale());
      }
      float[] b = new float[l.outChannels()];
      for (int o : mask.keptBiases()) {
        b[o] = random.bias(l.index(), l.channelId(o));
      }
      append(layers, l, w, b);
    }
    return new Network(spec.inputShape(), layers);
  }

  private static void append(List<Layer> layers, MotherLayerSpec l, float[] w, float[] b) {
    if (l.flattenBefore()) {
      layers.add(new Flatten());
    }
    FloatTensor bias = FloatTensor.wrap(b, b.length);
    if (l.kind() == TargetLayer.Kind.CONV) {
      layers.add(new Conv2d(
          FloatTensor.wrap(w, l.outChannels(), l.inChannels(), l.kernelHeight(), l.kernelWidth()), bias, l.stride(),
          l.padding()));
    } else {
      layers.add(new Linear(FloatTensor.wrap(w, l.outChannels(), l.inChannels() * l.positions()), bias));
    }
    Activation a = l.activation();
    if (a.kind() != ActivationKind.IDENTITY) {
      layers.add(a);
    }
  }
}
