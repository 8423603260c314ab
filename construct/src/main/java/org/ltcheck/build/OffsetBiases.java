package org.ltcheck.build;

import java.util.ArrayList;
import java.util.List;
import org.ltcheck.mother.ChannelId;
import org.ltcheck.mother.MotherRandom;
import org.ltcheck.subsetsum.SubsetSolution;
import org.ltcheck.subsetsum.SubsetSumSolver;

/**
 * The bias of a sum-layer channel that reads padded sigmoid copies, solved last by
 * {@link OffsetCompensation} over the constants through every tap.
 *
 * <p><b>Why sigmoid copies are padded.</b> A sigmoid copy of a zero input is φ(0) = 1/2. Its kept
 * edges come in antisymmetric pairs whose intercepts cancel ({@link CopyRule}), so a pair reads 0
 * at a zero-padded border just as it represents 0 inside; but the copy layer in front of such a
 * convolution pads instead (a 1x1 convolution with the target's padding: its border is φ(a·0) =
 * φ(0), its constants φ(β)) and the convolution reading it has no padding ({@link LayerLayout}).
 * Every tap then reads a real value, so the bias may use the constants through every tap, a base
 * set nine times that of the centre tap for the wide sum-layer weights U[−S,S]. A shortcut
 * reading such a padded copy layer is a (2p+1)x(2p+1) convolution of which only the centre tap
 * is kept for weights; its constants too may build the bias through every tap.
 *
 * <p>The bias target is b itself: before the pairs, every kept copy edge added u/2, and
 * compensating Σu/2 (thousands in a ResNet's wide layers) was what made biases unreachable.
 */
final class OffsetBiases {
  /** An edge from a constant channel, on the main path or the shortcut, that may build a bias. */
  record BiasEdge(boolean skip, Channel constant, int position) {}

  private final SubsetSumSolver solver;
  private final MotherRandom random;
  private final SubsetSumProblems problems;
  private final ConstructionCounters counters;

  OffsetBiases(SubsetSumSolver solver, MotherRandom random, SubsetSumProblems problems, ConstructionCounters counters) {
    this.solver = solver;
    this.random = random;
    this.problems = problems;
    this.counters = counters;
  }

  /** The bias b over every constant edge of {@link #edges}, see {@link OffsetCompensation}. */
  SubsetSolution solve(LayerBuild sum, Channel ch) {
    double[] v = values(sum, ch.id, edges(sum));
    return OffsetCompensation.solve(solver, v, sum.target.bias(ChannelId.group(ch.id)), problems.tolerance(sum));
  }

  /** What each edge adds to the bias of channel {@code outId}: its mother weight times φ(β). */
  double[] values(LayerBuild sum, long outId, List<BiasEdge> edges) {
    double[] v = new double[edges.size()];
    for (int k = 0; k < v.length; k++) {
      BiasEdge e = edges.get(k);
      float u = e.skip()
          ? random.shortcutWeight(sum.index, outId, e.constant().id, e.position(), sum.skipScale)
          : random.weight(sum.index, outId, e.constant().id, e.position(), sum.scale);
      v[k] = (double) u * e.constant().carried;
    }
    return v;
  }

  /** Keeps the edges of a solution of {@link #solve}. */
  void keep(LayerBuild sum, Channel ch, SubsetSolution s) {
    List<BiasEdge> edges = edges(sum);
    for (int idx : s.indices()) {
      BiasEdge e = edges.get(idx);
      if (e.skip()) {
        ch.keepSkip(e.constant().id, e.position());
      } else {
        ch.keep(e.constant().id, e.position());
      }
    }
    counters.termsKept(s.cardinality());
  }

  /** The layer a failed offset bias grows by a constant channel. */
  static LayerBuild grownByRepair(LayerBuild sum) {
    return sum.skipReadsPaddedCopies() ? sum.skipSource : sum.input;
  }

  /**
   * The edges that may build the bias of a channel reading padded sigmoid copies: from every
   * constant channel of the layer read, through every position it reads without padding (see the
   * class comment), and — when the shortcut reads padded sigmoid copies — from every constant of
   * the shortcut's source through every tap of the unpadded shortcut convolution.
   */
  static List<BiasEdge> edges(LayerBuild sum) {
    return edges(sum, sum.input.constants, sum.skipReadsPaddedCopies() ? sum.skipSource.constants : List.of());
  }

  /** {@link #edges(LayerBuild)} over given constants of the layer read and of the shortcut's source. */
  static List<BiasEdge> edges(LayerBuild sum, List<Channel> constants, List<Channel> skipConstants) {
    List<BiasEdge> edges = new ArrayList<>();
    int[] taps = taps(sum);
    for (Channel c : constants) {
      for (int q : taps) {
        edges.add(new BiasEdge(false, c, q));
      }
    }
    if (!skipConstants.isEmpty()) {
      for (Channel c : skipConstants) {
        for (int q = 0; q < sum.skipKernel * sum.skipKernel; q++) {
          edges.add(new BiasEdge(true, c, q));
        }
      }
    }
    return edges;
  }

  /** Positions through which constants may build a bias: all when no tap reads padding, else the centre. */
  private static int[] taps(LayerBuild sum) {
    TargetLayer t = sum.target;
    if (t.kind() == TargetLayer.Kind.DENSE || sum.padding == 0) {
      int[] all = new int[t.positions()];
      for (int q = 0; q < all.length; q++) {
        all[q] = q;
      }
      return all;
    }
    return new int[] {t.biasPosition()};
  }
}
