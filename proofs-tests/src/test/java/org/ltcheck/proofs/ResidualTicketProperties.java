package org.ltcheck.proofs;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ltcheck.proofs.PropertySettings.activations;
import static org.ltcheck.proofs.PropertySettings.decimals;
import static org.ltcheck.proofs.PropertySettings.ticketSeeds;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Network;
import org.ltcheck.mother.ChannelId;
import org.ltcheck.mother.MotherLayerSpec;
import org.ltcheck.targets.CifarResNetTarget;
import org.ltcheck.targets.RandomResNetTarget;
import org.ltcheck.targets.ResNetPlan;
import org.ltcheck.theory.ActivationKind;
import org.ltcheck.ticket.LayerMask;
import org.ltcheck.ticket.Ticket;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The theorem for residual networks (PAPER §5) and every activation (PAPER §6), checked on
 * random open_lth-style ResNets: one or two segments (downsampling with a convolution shortcut
 * in the second), one to three blocks per segment, identity shortcuts plain or scaled, batch
 * norms folded. Every composed parameter is within ε, the output stays within the certificate's
 * bound, and the ticket is a pure function of the seed.
 */
class ResidualTicketProperties {

  /** What a random ResNet target is drawn with besides its seed. */
  record ResNetShape(int segments, int blocks, ActivationKind kind, RandomResNetTarget.IdentityShortcut identity) {}

  private static Gen<ActivationKind> everyActivation() {
    return activations(ActivationKind.RELU, ActivationKind.LEAKY_RELU, ActivationKind.TANH, ActivationKind.SIGMOID);
  }

  private static Gen<ResNetShape> resNetShapes() {
    return integers().between(1, 2).zip(integers().between(1, 3), everyActivation(),
        Generate.enumValues(RandomResNetTarget.IdentityShortcut.class), ResNetShape::new);
  }

  static Network target(long seed, int segments, int blocks, ActivationKind kind, RandomResNetTarget.IdentityShortcut id) {
    Random r = new Random(seed);
    int[] widths = new int[segments];
    for (int k = 0; k < segments; k++) {
      widths[k] = 2 + r.nextInt(2);
    }
    ResNetPlan plan = new ResNetPlan(1 + r.nextInt(2), 4 + r.nextInt(3), widths, blocks, 2 + r.nextInt(2));
    Activation a = kind == ActivationKind.LEAKY_RELU ? new Activation(kind, 0.05 + 0.3 * r.nextDouble()) : Activation.of(kind);
    return CifarResNetTarget.fromStateDict(
        RandomResNetTarget.stateDict(plan, seed, new RandomResNetTarget.Options(id, true, 0.3 * r.nextDouble())),
        plan.inputShape(), a);
  }

  @Test
  void everyParameterWithinEpsAndOutputWithinBound() {
    PropertySettings.qt(16).forAll(ticketSeeds(), resNetShapes(), decimals(0.01, 0.05, 2))
        .checkAssert((seeds, shape, eps) -> {
          Network target = target(seeds.targetSeed(), shape.segments(), shape.blocks(), shape.kind(), shape.identity());
          var s = TicketChecks.settings(seeds.construction(), eps, seeds.motherSeed(), 1);
          TicketChecks.certifiedAndWithinBound(target, TicketChecks.build(target, s), s, new Random(seeds.targetSeed()));
        });
  }

  @Test
  void sameSeedGivesBitIdenticalTicketForAnyThreadCount() {
    PropertySettings.qt(6).forAll(ticketSeeds(), everyActivation()).checkAssert((seeds, kind) -> {
      Network target = target(seeds.targetSeed(), 2, 1, kind, RandomResNetTarget.IdentityShortcut.RANDOM_SCALE);
      TicketChecks.reproducible(target, seeds.construction(), 0.03, seeds.motherSeed());
    });
  }

  /**
   * Sigmoid residual tickets (the setting of a sigmoid ResNet-20): within their tolerance, within
   * their output bound on random inputs, and every kept edge from a sigmoid copy — main path and
   * shortcut — kept together with its mirror's, so that no intercept is left to compensate.
   */
  @Test
  void sigmoidResidualTicketsMeetTheirBoundsWithEveryCopyEdgeInACancellingPair() {
    PropertySettings.qt(8).forAll(ticketSeeds(), integers().between(1, 2), integers().between(1, 2), decimals(0.002, 0.05, 3))
        .checkAssert((seeds, segments, blocks, eps) -> {
          Network target = target(
              seeds.targetSeed(), segments, blocks, ActivationKind.SIGMOID, RandomResNetTarget.IdentityShortcut.RANDOM_SCALE);
          var s = TicketChecks.settings(seeds.construction(), eps, seeds.motherSeed(), 1);
          Ticket ticket = TicketChecks.build(target, s);
          TicketChecks.certifiedAndWithinBound(target, ticket, s, new Random(seeds.targetSeed()));
          everyCopyEdgeHasItsMirror(ticket);
        });
  }

  private static void everyCopyEdgeHasItsMirror(Ticket ticket) {
    var layers = ticket.mother().layers();
    for (int m = 1; m < layers.size(); m++) {
      MotherLayerSpec l = layers.get(m);
      LayerMask mask = ticket.masks().get(m);
      if (layers.get(m - 1).role() == MotherLayerSpec.Role.COPY) {
        paired(l.inputChannelIds(), l.inChannels(), l.positions(), mask.keptWeights(), l + " main path");
      }
      if (l.hasSkip() && layers.get(l.skipSource()).role() == MotherLayerSpec.Role.COPY) {
        paired(l.skipInputChannelIds(), l.skipInChannels(), l.skipPositions(), mask.keptSkipWeights(), l + " shortcut");
      }
    }
  }

  /** Every kept edge (out, in, position) from a copy has its partner (out, mirror of in, position). */
  private static void paired(long[] inputIds, int inChannels, int positions, long[] kept, String where) {
    Map<Long, Integer> index = new HashMap<>();
    for (int c = 0; c < inputIds.length; c++) {
      index.put(inputIds[c], c);
    }
    Set<Long> keptSet = new HashSet<>();
    for (long flat : kept) {
      keptSet.add(flat);
    }
    for (long flat : kept) {
      long out = flat / ((long) inChannels * positions);
      int c = (int) ((flat / positions) % inChannels);
      long p = flat % positions;
      long id = inputIds[c];
      if (ChannelId.isBias(id)) {
        continue;
      }
      long partner = ChannelId.isMirror(id) ? ChannelId.unmirrored(id) : ChannelId.mirror(id);
      Integer pc = index.get(partner);
      assertTrue(pc != null && keptSet.contains((out * inChannels + pc) * positions + p),
          () -> where + ": edge " + flat + " from copy " + ChannelId.group(id) + "/" + ChannelId.index(id) + " has no mirror");
    }
  }
}
