package org.ltcheck.proofs;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ltcheck.proofs.PropertySettings.decimals;
import static org.ltcheck.proofs.PropertySettings.ticketSeeds;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ltcheck.adversarial.DifferenceAscentLowerBound;
import org.ltcheck.adversarial.DifferenceSearchSettings;
import org.ltcheck.build.ConstructionSettings;
import org.ltcheck.build.TargetLayers;
import org.ltcheck.certify.TicketErrorBound;
import org.ltcheck.certify.TicketVerifier;
import org.ltcheck.differential.DifferentialCertifier;
import org.ltcheck.differential.InputRegion;
import org.ltcheck.model.Network;
import org.ltcheck.proofs.PropertySettings.TicketSeeds;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.ticket.Ticket;
import org.ltcheck.ticket.TicketNetworks;

/**
 * The theorem's claim itself, checked on random CNN targets for both constructions: the
 * differential certificate's bound on sup ‖f_ticket − f_target‖∞ over the whole input box and
 * over a ball around a random input is never below what projected gradient ascent finds there
 * (soundness against a real search, not only sampled points), and it is far below the a-priori
 * §2b bound of the same ticket (the certificate says something the a-priori bound cannot).
 */
class OutputCertificateProperties {
  /** A quick search: these targets are small, and an unsound bound shows at its first corners. */
  private static final DifferenceSearchSettings SEARCH =
      DifferenceSearchSettings.defaults().withStarts(2, 4, 2).withSteps(30);

  @Test
  void certifiedBoundsHoldAgainstTheAdversarialSearchAndBeatTheAprioriBound() {
    PropertySettings.qt(12).forAll(ticketSeeds(), integers().between(1, 2), decimals(0.01, 0.05, 3))
        .checkAssert((seeds, convs, eps) -> soundAndTight(seeds, convs, eps, false));
  }

  /** The same through max pooling (2x2, and 3x3 padded with stride 1 or 2). */
  @Test
  void certifiedBoundsHoldThroughMaxPooling() {
    PropertySettings.qt(8).forAll(ticketSeeds(), integers().between(1, 2), decimals(0.01, 0.05, 3))
        .checkAssert((seeds, convs, eps) -> soundAndTight(seeds, convs, eps, true));
  }

  private static void soundAndTight(TicketSeeds seeds, int convs, double eps, boolean maxPools) {
    Random r = new Random(seeds.targetSeed());
    Network target = maxPools
        ? RandomTargets.maxPooledCnn(r, convs, 1 + r.nextInt(2), 4 + r.nextInt(3), 1.0, 0.3)
        : RandomTargets.cnn(r, convs, 1 + r.nextInt(2), 4 + r.nextInt(3), 1.0, 0.3);
    ConstructionSettings s = TicketChecks.settings(seeds.construction(), eps, seeds.motherSeed(), 1);
    Ticket ticket = TicketChecks.build(target, s);
    Network ticketNet = TicketNetworks.ticket(ticket);
    DifferentialCertifier certifier = new DifferentialCertifier(TargetLayers.of(target), ticket.mother(), ticketNet);
    DifferenceAscentLowerBound search = new DifferenceAscentLowerBound(SEARCH.withSeed(seeds.motherSeed()));

    InputRegion domain = InputRegion.symmetric(target.inputShape(), TicketChecks.INPUT_BOUND);
    double certified = certifier.bound(domain).maxAbsDifference();
    double found = search.found(target, ticketNet, domain, null);
    assertTrue(found <= certified, () -> "found " + found + " above the certified " + certified + " over the domain");

    FloatTensor x = RandomTargets.inputs(r, 1, TicketChecks.INPUT_BOUND, target.inputShape());
    InputRegion ball = ball(x.toArray(), 0.05, domain);
    double certifiedBall = certifier.bound(ball).maxAbsDifference();
    double foundBall = search.found(target, ticketNet, ball, x);
    assertTrue(foundBall <= certifiedBall,
        () -> "found " + foundBall + " above the certified " + certifiedBall + " over a ball");
    assertTrue(certifiedBall <= certified * (1 + 1e-12), () -> "ball bound " + certifiedBall + " above " + certified);

    double apriori = TicketErrorBound.worstCase(TargetLayers.of(target), TicketChecks.INPUT_BOUND,
        TicketVerifier.certify(ticket, TargetLayers.of(target), s)).outputBound();
    assertTrue(certified <= apriori, () -> "certified " + certified + " above the a-priori bound " + apriori);
  }

  private static InputRegion ball(float[] centre, double radius, InputRegion domain) {
    double[] lo = new double[centre.length];
    double[] hi = new double[centre.length];
    for (int i = 0; i < centre.length; i++) {
      lo[i] = Math.max(domain.lower()[i], centre[i] - radius);
      hi[i] = Math.min(domain.upper()[i], centre[i] + radius);
    }
    return new InputRegion(domain.shape(), lo, hi);
  }
}
