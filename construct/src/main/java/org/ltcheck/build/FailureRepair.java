package org.ltcheck.build;

import java.util.List;
import org.ltcheck.build.SubsetSumProblems.Problem;
import org.ltcheck.mother.ChannelId;
import org.ltcheck.mother.MotherLayerSpec;
import org.ltcheck.subsetsum.SubsetSolution;
import org.ltcheck.subsetsum.SubsetSumSolver;

/**
 * Repair: a subset-sum problem without a solution gets a larger base set. One more copy of its
 * input channel (or one more constant channel, for a bias) is materialised in the layer below —
 * itself constructed, recursively, when that layer is a sum layer — and the problem is solved
 * again over the newest copies, until it is solved or the group exceeds {@link #MAX_GROUP_SIZE}.
 */
public final class FailureRepair {
  /** Copies a group may grow to by repairs before a problem counts as unsolvable. */
  /** Largest group of copies (or constant channels) a repair grows before it gives up. */
  public static final int MAX_GROUP_SIZE = 4 * SubsetSumSolver.MAX_BASE_SET_SIZE;

  private final SumChannelSolver sums;
  private final SubsetSumProblems problems;
  private final OffsetBiases offsets;
  private final MotherChannels channels;
  private final ConstructionCounters counters;
  private final ConstructionSettings settings;

  FailureRepair(
      SumChannelSolver sums, SubsetSumProblems problems, OffsetBiases offsets,
      MotherChannels channels, ConstructionCounters counters, ConstructionSettings settings) {
    this.sums = sums;
    this.problems = problems;
    this.offsets = offsets;
    this.channels = channels;
    this.counters = counters;
    this.settings = settings;
  }

  /** Enlarges the base set by extra copies in the source layer until the problem is solved. */
  void repair(LayerBuild sum, Channel ch, Problem p) {
    if (p.isBias() && sum.readsPaddedCopies()) {
      LayerBuild grow = OffsetBiases.grownByRepair(sum);
      while (true) {
        if (grow.constants.size() > MAX_GROUP_SIZE) {
          throw new IllegalStateException(
              "no subset of the edges from " + MAX_GROUP_SIZE + " constant channels"
                  + " approximates the bias " + sum.target.bias(ChannelId.group(ch.id))
                  + " within " + settings.eta() + " in mother layer " + sum.index);
        }
        SubsetSolution s = offsets.solve(sum, ch);
        if (s.found()) {
          offsets.keep(sum, ch, s);
          return;
        }
        extend(grow, ChannelId.BIAS_GROUP);
      }
    }
    SubsetSumSolver solver = sums.solverFor(sum, p);
    while (true) {
      List<Channel> all = SubsetSumProblems.base(sum, p);
      List<Channel> base = SumChannelSolver.window(all, solver.maxBaseSetSize());
      double goal = p.target();
      if (all.size() > MAX_GROUP_SIZE) {
        throw new IllegalStateException(
            "no subset of up to " + settings.maxSubsetSize() + " of any " + solver.maxBaseSetSize()
                + " consecutive of " + MAX_GROUP_SIZE + " copies approximates target value " + goal + " within "
                + settings.eta() + " in mother layer " + sum.index);
      }
      if (!base.isEmpty()) {
        SubsetSolution s = solver.solve(problems.values(sum, ch.id, p, base), goal, p.tolerance());
        if (s.found()) {
          sums.keep(sum, ch, p, base, s);
          return;
        }
      } else if (Math.abs(goal) <= p.tolerance()) {
        return;
      }
      extend(SubsetSumProblems.sourceOf(sum, p), p.inputGroup());
    }
  }

  /**
   * Adds one channel to {@code group} of {@code layer}: a copy (a sigmoid copy with its mirror, two
   * mother channels), a constant, or a constructed sum channel.
   */
  private void extend(LayerBuild layer, int group) {
    counters.extraChannel();
    if (group == ChannelId.BIAS_GROUP) {
      layer.constants.add(channels.constant(layer, layer.constants.size()));
    } else if (layer.role == MotherLayerSpec.Role.COPY) {
      List<Channel> g = layer.copies.get(group);
      g.add(channels.copy(layer, group, g.size()));
      if (layer.rule.paired()) {
        counters.extraChannel();
      }
    } else {
      List<Channel> g = layer.copies.get(group);
      g.add(sums.build(layer, group, g.size(), null));
    }
  }
}
