package org.ltcheck.build;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.ltcheck.build.OffsetBiases.BiasEdge;
import org.ltcheck.mother.ChannelId;

/**
 * Reachability of the biases, checked for each sum layer before any of its subset sums is
 * solved, so that a bias out of reach is one clear exception at once instead of a repair that
 * grows the constant channels to {@link FailureRepair#MAX_GROUP_SIZE} channel after channel.
 *
 * <p>The condition is necessary, not sufficient. A bias b of a primary channel copy is built from
 * the edges of at most {@code MAX_GROUP_SIZE} constant channels of the layer read (those a repair
 * may grow; their parameters are the mother's, known before they exist): through the bias
 * position with at most k = {@code maxSubsetSize} terms, or — for a layer reading padded sigmoid
 * copies ({@link OffsetBiases}) — through every tap, shortcut included, with any number of terms.
 * Every subset sum of values v lies in [Σ of the k most negative, Σ of the k largest positive]
 * (k unbounded: all of them), so b must lie in that interval widened by the tolerance η.
 * The resolution — whether the sums are dense enough to come within η of b — is what
 * {@code ToleranceLimits} checks for the whole target before a run.
 */
final class BiasReach {
  private final MotherChannels channels;
  private final OffsetBiases offsets;
  private final SubsetSumProblems problems;
  private final int maxSubsetSize;

  BiasReach(MotherChannels channels, OffsetBiases offsets, SubsetSumProblems problems, int maxSubsetSize) {
    this.channels = channels;
    this.offsets = offsets;
    this.problems = problems;
    this.maxSubsetSize = maxSubsetSize;
  }

  /**
   * Checks every nonzero bias of the {@code copiesPerChannel} primary copies of every output
   * channel of {@code sum}.
   *
   * @throws UnreachableBiasException for the first bias out of reach, with its values
   */
  void check(LayerBuild sum, int copiesPerChannel) {
    TargetLayer t = sum.target;
    double tolerance = problems.tolerance(sum);
    boolean padded = sum.readsPaddedCopies();
    LayerBuild grown = padded ? OffsetBiases.grownByRepair(sum) : sum.input;
    List<Channel> constants = grown == sum.input ? grownConstants(sum.input) : sum.input.constants;
    List<BiasEdge> edges;
    if (padded) {
      List<Channel> skip = sum.skipReadsPaddedCopies() ? grownConstants(sum.skipSource) : List.of();
      edges = OffsetBiases.edges(sum, constants, skip);
    } else {
      edges = new ArrayList<>();
      for (Channel c : constants) {
        edges.add(new BiasEdge(false, c, t.biasPosition()));
      }
    }
    int terms = padded ? edges.size() : maxSubsetSize;
    for (int j = 0; j < t.outChannels(); j++) {
      double b = t.bias(j);
      if (Math.abs(b) <= tolerance) {
        continue;
      }
      for (int k = 0; k < copiesPerChannel; k++) {
        double[] v = offsets.values(sum, ChannelId.of(j, k), edges);
        Arrays.sort(v);
        double low = 0;
        double high = 0;
        for (int i = 0; i < Math.min(terms, v.length); i++) {
          low += Math.min(0, v[i]);
          high += Math.max(0, v[v.length - 1 - i]);
        }
        if (b < low - tolerance || b > high + tolerance) {
          throw new UnreachableBiasException(String.format(Locale.ROOT,
              "target layer %d, output channel %d: bias %.6g cannot be built within %.3g: sums of %s the %d edges"
                  + " from the at most %d constant channels of mother layer %d (%s) reach only [%.6g, %.6g]",
              sum.targetIndex, j, b, tolerance, padded ? "any of" : "up to " + maxSubsetSize + " of", edges.size(),
              FailureRepair.MAX_GROUP_SIZE, grown.index, padded ? "every tap" : "the bias position", low, high),
              sum.targetIndex, j, b, low, high);
        }
      }
    }
  }

  /** The constant channels of {@code layer} with those a repair may add, up to the group limit. */
  private List<Channel> grownConstants(LayerBuild layer) {
    List<Channel> all = new ArrayList<>(layer.constants);
    for (int k = all.size(); k < FailureRepair.MAX_GROUP_SIZE; k++) {
      all.add(channels.constant(layer, k));
    }
    return all;
  }
}
