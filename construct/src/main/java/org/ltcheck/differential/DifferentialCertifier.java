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
 *
 * <p>For sequential ReLU tickets {@link #bound} then goes symbolic ({@link DifferenceBackSubstitution},
 * NeuroDiff-style linear deviation bounds back-substituted through ticket and target): first the
 * widest pre-activation deviations of the last hidden sum layer, neuron by neuron (DeepPoly's
 * per-neuron bounds), then every output, each intersected with its interval. {@link #agreement}
 * keeps the interval bounds (fast, per image and radius) and back-substitutes the ticket's margin
 * only where they leave agreement open. A single input needs neither ({@link PointAgreement}).
 */
public final class DifferentialCertifier {
  /**
   * Values swept by the neuron-by-neuron refinement of one global bound, about 10 s on one core:
   * each neuron's two back-substitutions sweep the sum and target layers below it.
   */
  private static final long REFINEMENT_WORK = 600_000_000L;
  private final TicketLayout layout;
  private final TargetPropagation target;
  /** Whether {@link DifferenceBackSubstitution} applies to this ticket. */
  private final boolean symbolic;
  /** The hidden sum layer whose deviations {@link #bound} refines neuron by neuron (−1: none). */
  private final int refined;
  /** How many of its neurons: those with the widest deviations, as many as {@link #REFINEMENT_WORK} allows. */
  private final int refinedNeurons;

  /**
   * @param target the target's folded weight layers ({@code TargetLayers.of(targetNetwork)})
   * @param mother the ticket's mother (roles, channel ids)
   * @param ticket the ticket as a network of the mother's shape ({@code TicketNetworks.ticket})
   * @throws IllegalArgumentException if the ticket does not have the structure of an ltcheck ticket
   */
  public DifferentialCertifier(List<TargetLayer> target, MotherSpec mother, Network ticket) {
    this.layout = TicketLayout.read(mother, ticket, target);
    this.target = new TargetPropagation(target);
    this.symbolic = DifferenceBackSubstitution.supports(layout);
    this.refined = symbolic ? refinedLayer(layout) : -1;
    this.refinedNeurons = refined < 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, REFINEMENT_WORK / touched(layout, refined));
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

  /** The last hidden sum layer, where the intervals' deviations are widest before the head (−1: none). */
  private static int refinedLayer(TicketLayout layout) {
    List<TicketLayout.MotherLayer> layers = layout.layers();
    for (int m = layers.size() - 2; m >= 1; m--) {
      if (layers.get(m).spec.role() == MotherLayerSpec.Role.SUM) {
        return m;
      }
    }
    return -1;
  }

  /** Values one back-substitution from sum layer m sweeps: the sum layers up to it and the target layers below. */
  private static long touched(TicketLayout layout, int m) {
    List<TicketLayout.MotherLayer> layers = layout.layers();
    long touched = 0;
    for (int k = 0; k <= m; k++) {
      TicketLayout.MotherLayer below = layers.get(k);
      if (below.spec.role() == MotherLayerSpec.Role.SUM) {
        touched += (long) below.channels * below.height * below.width;
      }
    }
    for (TargetLayer t : layout.target().subList(0, layers.get(m).spec.targetLayer())) {
      touched += (long) t.outChannels() * t.outputHeight() * t.outputWidth();
    }
    return 2 * touched;
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
    return propagate(region, pool, true).result(true, new java.util.ArrayList<>());
  }

  /**
   * The bounds over {@code region} as {@link #bound}, with the inputs where each output's
   * back-substituted bound, upwards and downwards, is attained by its linear relaxation (2 per
   * output, clipped into the region; none when the ticket has no back-substitution): starts for
   * the lower-bound search.
   */
  public GlobalBound boundWithWorstInputs(InputRegion region, ForkJoinPool pool) {
    Propagation p = propagate(region, pool, true);
    List<float[]> worst = new java.util.ArrayList<>();
    OutputDifferenceBound bound = p.result(true, worst);
    for (float[] x : worst) {
      for (int i = 0; i < x.length; i++) {
        x[i] = region.clampToBox(i, x[i]);
      }
    }
    return new GlobalBound(bound, worst.toArray(new float[0][]));
  }

  /** A region's bounds and the inputs where the certificate expects the largest differences. */
  public record GlobalBound(OutputDifferenceBound bound, float[][] worstInputs) {}

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
    return propagate(region, pool, false);
  }

  /** As {@link #propagate(InputRegion, ForkJoinPool)}, refining the deepest hidden sum layer if {@code refine}. */
  Propagation propagate(InputRegion region, ForkJoinPool pool, boolean refine) {
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
      if (refine && m == refined) {
        refine(m, t, states, pool);
      }
    }
    return new Propagation(t, states, symbolic ? layout : null);
  }

  /**
   * Tightens the pre-activation deviations of sum layer m neuron by neuron by back-substitution
   * (DeepPoly's per-neuron bounds, here on NeuroDiff's deviations), then its activation's
   * difference; the layers above are propagated from the tighter intervals.
   */
  private void refine(int m, TargetPropagation.State t, NeuronBounds[] states, ForkJoinPool pool) {
    TicketLayout.MotherLayer ml = layout.layers().get(m);
    NeuronBounds out = states[m];
    int l = ml.spec.targetLayer();
    Propagation partial = new Propagation(t, states, layout);
    int hw = out.plane();
    int[] chosen = widest(ml, out, refinedNeurons);
    int chunk = 64;
    run(pool, IntStream.range(0, (chosen.length + chunk - 1) / chunk), c -> {
      DifferenceBackSubstitution back = new DifferenceBackSubstitution(layout, partial);
      double[] pair = new double[2];
      for (int n = c * chunk; n < Math.min(chosen.length, (c + 1) * chunk); n++) {
        int k = chosen[n];
        int o = k / hw;
        double lo = Math.max(out.preDevLo[k], back.preDeviationLowerBound(m, k, 1));
        double hi = Math.min(out.preDevHi[k], -back.preDeviationLowerBound(m, k, -1));
        SumPropagation.activate(ml, t.pre[l], t.post[l], out, k, ml.group[o] * hw + k % hw, lo, hi, pair);
      }
    });
    out.finish();
  }

  /** Up to {@code count} neurons of sum layer ml with the widest pre-activation deviations, widest first. */
  private static int[] widest(TicketLayout.MotherLayer ml, NeuronBounds out, int count) {
    int hw = out.plane();
    java.util.List<Integer> all = new java.util.ArrayList<>();
    for (int k = 0; k < out.size(); k++) {
      if (ml.kind[k / hw] == TicketLayout.SUM && out.preDevHi[k] > out.preDevLo[k]) {
        all.add(k);
      }
    }
    all.sort((a, b) -> Double.compare(out.preDevHi[b] - out.preDevLo[b], out.preDevHi[a] - out.preDevLo[a]));
    return all.subList(0, Math.min(count, all.size())).stream().mapToInt(Integer::intValue).toArray();
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

  /**
   * The target's and the ticket's bounds after a propagation; {@code symbolic} is the layout when
   * {@link DifferenceBackSubstitution} applies (its bounds are intersected with the intervals').
   */
  record Propagation(TargetPropagation.State target, NeuronBounds[] ticket, TicketLayout symbolic) {
    /** The output bounds by intervals. */
    OutputDifferenceBound result() {
      return result(false, null);
    }

    /**
     * The output bounds: by intervals, intersected with the back-substituted ones if
     * {@code symbolicBounds}, whose minimising inputs are then added to {@code worst}.
     */
    OutputDifferenceBound result(boolean symbolicBounds, List<float[]> worst) {
      NeuronBounds out = ticket[ticket.length - 1];
      NeuronBounds t = target.post[target.post.length - 1];
      int n = out.size();
      double[] lo = new double[n];
      double[] hi = new double[n];
      DifferenceBackSubstitution back = symbolic == null || !symbolicBounds ? null : new DifferenceBackSubstitution(symbolic, this);
      for (int k = 0; k < n; k++) {
        double devLo = out.devLo[k];
        double devHi = out.devHi[k];
        if (back != null) {
          devLo = Math.max(devLo, back.lowerBound(k, 1));
          worst.add(back.lastMinimiser());
          devHi = Math.min(devHi, -back.lowerBound(k, -1));
          worst.add(back.lastMinimiser());
        }
        double m = Math.abs(devLo) + Math.abs(devHi) + Math.abs(t.devLo[k]) + Math.abs(t.devHi[k]);
        lo[k] = FloatRounding.widenDown(devLo - t.devHi[k], 1, m);
        hi[k] = FloatRounding.widenUp(devHi - t.devLo[k], 1, m);
      }
      return new OutputDifferenceBound(lo, hi, t.lo, t.hi);
    }
  }
}
