package org.ltcheck.proofs;

import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Network;
import org.ltcheck.targets.TargetVariants;
import org.ltcheck.theory.ActivationKind;
import org.ltcheck.theory.Construction;

/**
 * The theorem for CNN targets with the activations of the companion paper (PAPER §6): LeakyReLU
 * (sign split with 1/(1+α)), tanh and sigmoid (linearised copies, the sigmoid's intercept
 * compensated in the bias, the linearisation error in the bound).
 */
class ActivationTicketProperties {

  @Provide
  Arbitrary<ActivationKind> activations() {
    return Arbitraries.of(ActivationKind.LEAKY_RELU, ActivationKind.TANH, ActivationKind.SIGMOID);
  }

  static Network target(Random r, int convs, ActivationKind kind) {
    Network relu = RandomTargets.cnn(r, convs, 1 + r.nextInt(2), 4 + r.nextInt(4), 0.3 + r.nextDouble(), 0.4 * r.nextDouble());
    Activation a = kind == ActivationKind.LEAKY_RELU ? new Activation(kind, 0.3 * r.nextDouble()) : Activation.of(kind);
    return TargetVariants.withActivation(relu, a);
  }

  @Property(tries = 16)
  void everyParameterWithinEpsAndOutputWithinBound(
      @ForAll long targetSeed,
      @ForAll long motherSeed,
      @ForAll @IntRange(min = 1, max = 2) int convs,
      @ForAll("activations") ActivationKind kind,
      @ForAll @DoubleRange(min = 0.01, max = 0.05) double eps,
      @ForAll boolean twoL) {
    Random r = new Random(targetSeed);
    Network target = target(r, convs, kind);
    var s = TicketChecks.settings(twoL ? Construction.TWO_L : Construction.L_PLUS_ONE, eps, motherSeed, 1);
    TicketChecks.certifiedAndWithinBound(target, TicketChecks.build(target, s), s, r);
  }

  @Property(tries = 6)
  void sameSeedGivesBitIdenticalTicketForAnyThreadCount(
      @ForAll long targetSeed, @ForAll long motherSeed, @ForAll("activations") ActivationKind kind, @ForAll boolean twoL) {
    Network target = target(new Random(targetSeed), 2, kind);
    TicketChecks.reproducible(target, twoL ? Construction.TWO_L : Construction.L_PLUS_ONE, 0.03, motherSeed);
  }
}
