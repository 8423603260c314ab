package org.ltcheck.build;

import java.util.ArrayList;
import java.util.List;
import org.ltcheck.mother.ChannelId;
import org.ltcheck.mother.MotherRandom;
import org.ltcheck.subsetsum.SubsetSolution;
import org.ltcheck.subsetsum.SubsetSumSolver;

/**
 * Offset compensation: the bias of a sum-layer channel whose kept copy edges add an intercept
 * (sigmoid copies), solved last, for b minus those intercepts, by {@link OffsetCompensation}.
 *
 * <p><b>Copies with an intercept (sigmoid).</b> A sigmoid copy of a zero input is φ(0) = 1/2, but
 * a convolution's zero padding reads 0 where the target reads x = 0, so at the border the kept
 * copy edges would lose their share u/2 of the intercept that the bias compensates everywhere
 * else. The copy layer in front of such a convolution therefore pads instead (a 1x1 convolution
 * with the target's padding: its border is φ(a·0) = φ(0), its constants φ(β)) and the
 * convolution reading it has no padding ({@link LayerLayout}). Every tap then reads a real value,
 * so the bias — b minus the intercepts Σu/2 of the kept copy edges, often several times the
 * weight range — may use the constants through every tap. A shortcut reading such a padded copy
 * layer is a (2p+1)x(2p+1) convolution of which only the centre tap is kept.
 */
final class OffsetBiases {
  /** An edge from a constant channel, on the main path or the shortcut, that may build a bias. */
  private record BiasEdge(boolean skip, Channel constant, int position) {}

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

  /** The bias b minus the intercepts of the kept copy edges, see {@link OffsetCompensation}. */
  SubsetSolution solve(LayerBuild sum, Channel ch) {
    List<BiasEdge> edges = edges(sum);
    double[] v = new double[edges.size()];
    for (int k = 0; k < v.length; k++) {
      BiasEdge e = edges.get(k);
      float u = e.skip()
          ? random.shortcutWeight(sum.index, ch.id, e.constant().id, e.position(), sum.skipScale)
          : random.weight(sum.index, ch.id, e.constant().id, e.position(), sum.scale);
      v[k] = (double) u * e.constant().carried;
    }
    return OffsetCompensation.solve(
        solver, v, sum.target.bias(ChannelId.group(ch.id)) - ch.offset(), problems.tolerance(sum));
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
    return sum.skipReadsIntercepts() ? sum.skipSource : sum.input;
  }

  /**
   * The edges that may build the bias of a channel whose kept copy edges add an intercept: from
   * every constant channel of the layer read, through every position it reads without padding
   * (see the class comment), and — when the shortcut reads intercept-carrying copies, whose
   * offsets the narrow main path may not reach — from every constant of the shortcut's source
   * through every tap of the unpadded shortcut convolution.
   */
  private static List<BiasEdge> edges(LayerBuild sum) {
    List<BiasEdge> edges = new ArrayList<>();
    int[] taps = taps(sum);
    for (Channel c : sum.input.constants) {
      for (int q : taps) {
        edges.add(new BiasEdge(false, c, q));
      }
    }
    if (sum.skipReadsIntercepts()) {
      for (Channel c : sum.skipSource.constants) {
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
