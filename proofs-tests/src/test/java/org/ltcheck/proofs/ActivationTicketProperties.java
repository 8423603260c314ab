package org.ltcheck.proofs;

import static org.ltcheck.proofs.PropertySettings.activations;
import static org.ltcheck.proofs.PropertySettings.decimals;
import static org.ltcheck.proofs.PropertySettings.ticketSeeds;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Network;
import org.ltcheck.targets.TargetVariants;
import org.ltcheck.theory.ActivationKind;
import org.quicktheories.core.Gen;

/**
 * The theorem for CNN targets with the activations of the companion paper (PAPER §6): LeakyReLU
 * (sign split with 1/(1+α)), tanh and sigmoid (linearised copies, the sigmoid's intercept
 * compensated in the bias, the linearisation error in the bound).
 */
class ActivationTicketProperties {

  private static Gen<ActivationKind> activationsBesidesRelu() {
    return activations(ActivationKind.LEAKY_RELU, ActivationKind.TANH, ActivationKind.SIGMOID);
  }

  static Network target(Random r, int convs, ActivationKind kind) {
    Network relu = RandomTargets.cnn(r, convs, 1 + r.nextInt(2), 4 + r.nextInt(4), 0.3 + r.nextDouble(), 0.4 * r.nextDouble());
    Activation a = kind == ActivationKind.LEAKY_RELU ? new Activation(kind, 0.3 * r.nextDouble()) : Activation.of(kind);
    return TargetVariants.withActivation(relu, a);
  }

  @Test
  void everyParameterWithinEpsAndOutputWithinBound() {
    PropertySettings.qt(16)
        .forAll(ticketSeeds(), integers().between(1, 2), activationsBesidesRelu(), decimals(0.01, 0.05, 2))
        .checkAssert((seeds, convs, kind, eps) -> {
          Random r = new Random(seeds.targetSeed());
          Network target = target(r, convs, kind);
          var s = TicketChecks.settings(seeds.construction(), eps, seeds.motherSeed(), 1);
          TicketChecks.certifiedAndWithinBound(target, TicketChecks.build(target, s), s, r);
        });
  }

  @Test
  void sameSeedGivesBitIdenticalTicketForAnyThreadCount() {
    PropertySettings.qt(6).forAll(ticketSeeds(), activationsBesidesRelu()).checkAssert((seeds, kind) -> {
      Network target = target(new Random(seeds.targetSeed()), 2, kind);
      TicketChecks.reproducible(target, seeds.construction(), 0.03, seeds.motherSeed());
    });
  }
}
