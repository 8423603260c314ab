package org.ltcheck.proofs;

import static org.ltcheck.proofs.PropertySettings.activations;
import static org.ltcheck.proofs.PropertySettings.decimals;
import static org.ltcheck.proofs.PropertySettings.ticketSeeds;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Network;
import org.ltcheck.targets.CifarResNetTarget;
import org.ltcheck.targets.RandomResNetTarget;
import org.ltcheck.targets.ResNetPlan;
import org.ltcheck.theory.ActivationKind;
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
}
