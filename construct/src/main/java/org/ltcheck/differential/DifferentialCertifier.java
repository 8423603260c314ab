package org.ltcheck.differential;

import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.ltcheck.mother.MotherLayerSpec;
import org.ltcheck.mother.MotherSpec;
import org.ltcheck.build.TargetLayer;
import org.ltcheck.model.Network;
import org.ltcheck.model.PoolWindow;

/**
 * Differential certification of a ticket against its target (the approach of ReluDiff, Paulsen,
 * Wang and Wang, ICSE 2020, and NeuroDiff, ASE 2020): instead of bounding the two networks
 * separately, it propagates, neuron by neuron and position by position, interval bounds on the
 * target's exact values ({@link TargetPropagation}) and on the deviation of every ticket neuron
 * from the target neuron it stands for, along the correspondence the construction defines
 * ({@link TicketLayout}). A sum-layer deviation is bounded by {@link SumRow}'s decomposition with
 * the ticket's actual kept weights; activations by the case split of {@link ActivationBounds}.
 *
 * <p>The bound covers the float32 evaluation of both networks by
 * {@link org.ltcheck.inference.InferenceEngine}: every ticket sum adds its rounding
 * γ_{n+1}·Σ|u·t| ({@link FloatRounding}), copies their product's rounding, activations theirs,
 * and the target's float deviation is propagated alongside. All of the certifier's own double
 * arithmetic is widened outwards.
 *
 * <p>Max pooling ({@link NeuronBounds#maxPooled}) is exact in float; the target's bounds pool to
 * the window's largest lower and upper bounds, a deviation to at most the largest deviation of
 * the window's inputs that can be its maximum (|max b − max a| ≤ max |b − a|).
 */
public final class DifferentialCertifier {
  private final TicketLayout layout;
  private final TargetPropagation target;

  /**
   * @param target the target's folded weight layers ({@code TargetLayers.of(targetNetwork)})
   * @param mother the ticket's mother (roles, channel ids)
   * @param ticket the ticket as a network of the mother's shape ({@code TicketNetworks.ticket})
   * @throws IllegalArgumentException if the ticket does not have the structure of an ltcheck ticket
   */
  public DifferentialCertifier(List<TargetLayer> target, MotherSpec mother, Network ticket) {
    this.layout = TicketLayout.read(mother, ticket, target);
    this.target = new TargetPropagation(target);
    List<TicketLayout.MotherLayer> layers = layout.layers();
    TicketLayout.MotherLayer last = layers.get(layers.size() - 1);
    TargetLayer out = target.get(target.size() - 1);
    if (last.spec.role() != MotherLayerSpec.Role.SUM || last.spec.targetLayer() != target.size() - 1
        || last.channels != out.outChannels()) {
      throw new IllegalArgumentException("the ticket's last layer is not one channel per target output");
    }
    for (int o = 0; o < last.channels; o++) {
      if (last.kind[o] != TicketLayout.SUM || last.group[o] != o) {
        throw new IllegalArgumentException("ticket output channel " + o + " does not stand for target output " + o);
      }
    }
  }

  List<TargetLayer> targetLayers() {
    return layout.target();
  }

  /** Bounds for one region, single-threaded. */
  public OutputDifferenceBound bound(InputRegion region) {
    return bound(region, null);
  }

  /** Bounds for one region, the channels of each layer spread over {@code pool} (null: this thread). */
  public OutputDifferenceBound bound(InputRegion region, ForkJoinPool pool) {
    return propagate(region, pool).result();
  }

  /**
   * Bounds and certified agreement for one region around an image the float target classifies
   * as {@code predicted}.
   */
  public AgreementBound agreement(InputRegion region, int predicted, ForkJoinPool pool) {
    List<TargetLayer> t = layout.target();
    if (predicted < 0 || predicted >= t.get(t.size() - 1).outChannels()) {
      throw new IllegalArgumentException("predicted class " + predicted + " is not an output of the target");
    }
    return MarginBound.of(propagate(region, pool), t, predicted);
  }

  /** The bounds of every layer for one region (for the margin and for tests). */
  Propagation propagate(InputRegion region, ForkJoinPool pool) {
    TargetPropagation.State t = target.propagate(region);
    List<TicketLayout.MotherLayer> layers = layout.layers();
    NeuronBounds[] states = new NeuronBounds[layers.size()];
    for (int m = 0; m < layers.size(); m++) {
      TicketLayout.MotherLayer ml = layers.get(m);
      NeuronBounds src = m == 0 ? t.input : states[m - 1];
      src = readBy(ml.spec, src);
      NeuronBounds out = new NeuronBounds(ml.channels, ml.height, ml.width);
      NeuronBounds source = src;
      IntStream channels = IntStream.range(0, ml.channels);
      if (ml.spec.role() == MotherLayerSpec.Role.COPY) {
        run(pool, channels, o -> CopyPropagation.channel(ml, o, source, out));
      } else {
        int l = ml.spec.targetLayer();
        TargetLayer tl = layout.target().get(l);
        NeuronBounds view = t.view(l - 1, tl.readsPooled());
        int k = ml.spec.skipSource();
        NeuronBounds skip = ml.spec.hasSkip() ? states[k] : null;
        NeuronBounds skipView = ml.spec.hasSkip() ? t.view(tl.skip().source(), false) : null;
        SumPropagation sum = new SumPropagation(
            ml, source, view, layers.get(m - 1), copied(layers, states, t, m - 1), skip, skipView,
            ml.spec.hasSkip() ? layers.get(k) : null, ml.spec.hasSkip() ? copied(layers, states, t, k) : null,
            t.pre[l], t.post[l], out);
        run(pool, channels, sum::channel);
      }
      states[m] = out.finish();
    }
    return new Propagation(t, states);
  }

  /** The bounds of what mother layer {@code k}'s copies copy, as that copy layer reads them (null if it is no copy layer). */
  private static NeuronBounds copied(
      List<TicketLayout.MotherLayer> layers, NeuronBounds[] states, TargetPropagation.State t, int k) {
    TicketLayout.MotherLayer copy = layers.get(k);
    if (copy.spec.role() != MotherLayerSpec.Role.COPY) {
      return null;
    }
    NeuronBounds src = k == 0 ? t.input : states[k - 1];
    return readBy(copy.spec, src);
  }

  /** {@code b} as mother layer {@code spec} reads it: averaged over positions, max-pooled, or as it is. */
  private static NeuronBounds readBy(MotherLayerSpec spec, NeuronBounds b) {
    if (spec.poolBefore()) {
      return b.pooled();
    }
    if (spec.maxPoolBefore() != null) {
      return b.maxPooled(PoolWindow.of(spec.maxPoolBefore(), new int[] {b.channels, b.height, b.width}));
    }
    return b;
  }

  private static void run(ForkJoinPool pool, IntStream range, java.util.function.IntConsumer body) {
    if (pool == null) {
      range.forEach(body);
    } else {
      pool.submit(() -> range.parallel().forEach(body)).join();
    }
  }

  /** The target's and the ticket's bounds after a propagation. */
  record Propagation(TargetPropagation.State target, NeuronBounds[] ticket) {
    OutputDifferenceBound result() {
      NeuronBounds out = ticket[ticket.length - 1];
      NeuronBounds t = target.post[target.post.length - 1];
      int n = out.size();
      double[] lo = new double[n];
      double[] hi = new double[n];
      for (int k = 0; k < n; k++) {
        double m = Math.abs(out.devLo[k]) + Math.abs(out.devHi[k]) + Math.abs(t.devLo[k]) + Math.abs(t.devHi[k]);
        lo[k] = FloatRounding.widenDown(out.devLo[k] - t.devHi[k], 1, m);
        hi[k] = FloatRounding.widenUp(out.devHi[k] - t.devLo[k], 1, m);
      }
      return new OutputDifferenceBound(lo, hi, t.lo, t.hi);
    }
  }
}
