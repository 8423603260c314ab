package org.ltcheck.build;

import java.util.List;
import java.util.function.LongConsumer;
import org.ltcheck.mother.MotherRandom;
import org.ltcheck.subsetsum.SubsetSumSolver;
import org.ltcheck.ticket.Ticket;

/**
 * One construction (see {@link TicketConstructor} for the algorithms), phase by phase:
 * <ol>
 *   <li>{@link LayerLayout} lays out the mother layer by layer after the construction's plan
 *       ({@link ConstructionAlgorithm});</li>
 *   <li>for every sum layer, {@link BiasReach} checks that its biases are within reach of the
 *       constant channels, then {@link SumLayerScheduler} builds the output channels in parallel,
 *       {@link SumChannelSolver} solving each channel's problems ({@link SubsetSumProblems}) in
 *       batches, {@link OffsetBiases} building the biases over padded sigmoid copies, and
 *       {@link FailureRepair} growing the layer below when a problem has no solution;</li>
 *   <li>{@link MotherAssembly} freezes the layers into a {@link Ticket};</li>
 *   <li>{@link ConstructionCounters} reports what it took.</li>
 * </ol>
 */
final class ConstructionRun {
  private final int[] inputShape;
  private final ConstructionSettings settings;
  private final ConstructionCounters counters;
  private final LayerLayout layout;

  ConstructionRun(
      SubsetSumSolver solver, List<TargetLayer> target, int[] inputShape, ConstructionSettings settings,
      LongConsumer progress) {
    this.inputShape = inputShape.clone();
    this.settings = settings;
    this.counters = new ConstructionCounters(progress);
    MotherRandom random = new MotherRandom(settings.seed());
    MotherChannels channels = new MotherChannels(random);
    SubsetSumProblems problems = new SubsetSumProblems(random, settings.algorithm(), settings::etaOf, target.size());
    OffsetBiases offsets = new OffsetBiases(solver, random, problems, counters);
    SumChannelSolver sums = new SumChannelSolver(solver, problems, offsets, channels, counters, settings);
    SumLayerScheduler scheduler = new SumLayerScheduler(sums, counters, settings.threads());
    BiasReach reach = new BiasReach(channels, offsets, problems, settings.maxSubsetSize());
    this.layout = new LayerLayout(target, inputShape, settings, channels, scheduler, reach);
  }

  /** Builds every mother layer and freezes the result. */
  Ticket build() {
    List<LayerBuild> layers = layout.lay();
    return MotherAssembly.freeze(layers, inputShape, settings);
  }

  TicketConstructor.Statistics statistics(Ticket ticket) {
    return counters.statistics(ticket);
  }
}
