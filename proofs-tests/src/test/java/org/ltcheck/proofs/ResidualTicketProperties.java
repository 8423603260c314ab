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
import org.ltcheck.targets.CifarResNetTarget;
import org.ltcheck.targets.RandomResNetTarget;
import org.ltcheck.targets.ResNetPlan;
import org.ltcheck.theory.ActivationKind;
import org.ltcheck.theory.Construction;

/**
 * The theorem for residual networks (PAPER §5) and every activation (PAPER §6), checked on
 * random open_lth-style ResNets: one or two segments (downsampling with a convolution shortcut
 * in the second), one to three blocks per segment, identity shortcuts plain or scaled, batch
 * norms folded. Every composed parameter is within ε, the output stays within the certificate's
 * bound, and the ticket is a pure function of the seed.
 */
class ResidualTicketProperties {

  @Provide
  Arbitrary<ActivationKind> activations() {
    return Arbitraries.of(ActivationKind.RELU, ActivationKind.LEAKY_RELU, ActivationKind.TANH, ActivationKind.SIGMOID);
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

  @Property(tries = 16)
  void everyParameterWithinEpsAndOutputWithinBound(
      @ForAll long targetSeed,
      @ForAll long motherSeed,
      @ForAll @IntRange(min = 1, max = 2) int segments,
      @ForAll @IntRange(min = 1, max = 3) int blocks,
      @ForAll("activations") ActivationKind kind,
      @ForAll RandomResNetTarget.IdentityShortcut identity,
      @ForAll @DoubleRange(min = 0.01, max = 0.05) double eps,
      @ForAll boolean twoL) {
    Network target = target(targetSeed, segments, blocks, kind, identity);
    var s = TicketChecks.settings(twoL ? Construction.TWO_L : Construction.L_PLUS_ONE, eps, motherSeed, 1);
    TicketChecks.certifiedAndWithinBound(target, TicketChecks.build(target, s), s, new Random(targetSeed));
  }

  @Property(tries = 6)
  void sameSeedGivesBitIdenticalTicketForAnyThreadCount(
      @ForAll long targetSeed, @ForAll long motherSeed, @ForAll("activations") ActivationKind kind,
      @ForAll boolean twoL) {
    Network target = target(targetSeed, 2, 1, kind, RandomResNetTarget.IdentityShortcut.RANDOM_SCALE);
    TicketChecks.reproducible(target, twoL ? Construction.TWO_L : Construction.L_PLUS_ONE, 0.03, motherSeed);
  }
}
