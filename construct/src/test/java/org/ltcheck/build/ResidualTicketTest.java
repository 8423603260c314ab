package org.ltcheck.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ltcheck.certify.LayerCertificate;
import org.ltcheck.certify.TicketCertificate;
import org.ltcheck.certify.TicketErrorBound;
import org.ltcheck.certify.TicketVerifier;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.Linear;
import org.ltcheck.model.Network;
import org.ltcheck.model.ResidualBlock;
import org.ltcheck.subsetsum.MinimumCardinalitySolver;
import org.ltcheck.targets.CifarResNetTarget;
import org.ltcheck.targets.RandomResNetTarget;
import org.ltcheck.targets.ResNetPlan;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.inference.NaiveReference;
import org.ltcheck.theory.ActivationKind;
import org.ltcheck.theory.Construction;
import org.ltcheck.theory.ErrorBound;
import org.ltcheck.ticket.LayerMask;
import org.ltcheck.ticket.Ticket;
import org.ltcheck.ticket.TicketNetworks;

/**
 * Tickets for small random residual targets (and a CNN), every activation, both constructions: the
 * certificate (every weight, shortcut weight and bias within ε, structure), the ticket's output
 * against the target's on random inputs of the domain within the propagated bound, and
 * reproducibility.
 */
class ResidualTicketTest {
  static final double INPUT_BOUND = 1.0;

  static Stream<Arguments> cases() {
    Stream.Builder<Arguments> b = Stream.builder();
    ActivationKind[] kinds = {ActivationKind.RELU, ActivationKind.LEAKY_RELU, ActivationKind.TANH, ActivationKind.SIGMOID};
    int k = 0;
    for (Construction c : Construction.values()) {
      for (ActivationKind a : kinds) {
        for (int plan = 0; plan < 3; plan++) {
          b.add(Arguments.of(c, a, plan, 100L + k++));
        }
      }
    }
    return b.build();
  }

  /**
   * Plan 0: one segment, two identity blocks (random scales); plan 1: two segments, downsampling
   * conv shortcut, plain identities; plan 2: a CNN (conv, conv stride 2, flatten, linear).
   */
  static Network target(int plan, ActivationKind kind, long seed) {
    if (plan == 2) {
      return cnn(activation(kind), seed);
    }
    ResNetPlan p = plan == 0
        ? new ResNetPlan(2, 5, new int[] {3}, 2, 3)
        : new ResNetPlan(2, 6, new int[] {2, 3}, 1, 3);
    RandomResNetTarget.Options o = new RandomResNetTarget.Options(
        plan == 0 ? RandomResNetTarget.IdentityShortcut.RANDOM_SCALE : RandomResNetTarget.IdentityShortcut.PLAIN, true, 0.2);
    return CifarResNetTarget.fromStateDict(RandomResNetTarget.stateDict(p, seed, o), p.inputShape(), activation(kind));
  }

  static Network cnn(Activation a, long seed) {
    Random r = new Random(seed);
    return new Network(new int[] {2, 6, 6}, List.of(
        new Conv2d(tensor(r, 0.3, 3, 2, 3, 3), tensor(r, 0.8, 3), 1, 1), a,
        new Conv2d(tensor(r, 0.4, 2, 3, 3, 3), tensor(r, 0.5, 2), 2, 1), a,
        new Flatten(), new Linear(tensor(r, 0.6, 3, 18), tensor(r, 0.3, 3))));
  }

  /** U[-max, max] weights, a fifth of them zero. */
  static FloatTensor tensor(Random r, double max, int... shape) {
    float[] v = new float[Math.toIntExact(FloatTensor.numelOf(shape))];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextInt(5) == 0 ? 0f : (float) ((2 * r.nextDouble() - 1) * max);
    }
    return FloatTensor.wrap(v, shape);
  }

  static Activation activation(ActivationKind kind) {
    return kind == ActivationKind.LEAKY_RELU ? new Activation(kind, 0.1) : Activation.of(kind);
  }

  static ConstructionSettings settings(Construction c, double eps, long seed, int threads) {
    return new ConstructionSettings(c, eps, seed, 6, 12, 6, false, threads, INPUT_BOUND);
  }

  static TicketConstructor.Result build(Network target, ConstructionSettings s) {
    return new TicketConstructor(new MinimumCardinalitySolver(s.maxSubsetSize())).construct(target, s, null);
  }

  @ParameterizedTest(name = "{0} {1} plan {2}")
  @MethodSource("cases")
  void certifiedAndWithinTheBound(Construction c, ActivationKind kind, int plan, long seed) {
    Network target = target(plan, kind, seed);
    ConstructionSettings s = settings(c, 0.02, seed, 2);
    TicketConstructor.Result r = build(target, s);
    List<TargetLayer> layers = TargetLayers.of(target);
    TicketCertificate cert = TicketVerifier.certify(r.ticket(), layers, s);
    assertEquals(0, cert.violationCount(), () -> "structure: " + cert.violations());
    assertTrue(cert.maxError() <= s.eta(), () -> "max error " + cert.maxError());
    assertTrue(cert.valid());
    long checkedSkip = cert.layers().stream().mapToLong(LayerCertificate::checkedSkipWeights).sum();
    assertEquals(plan != 2, checkedSkip > 0, "shortcut weights are checked exactly for residual targets");
    boolean smooth = kind == ActivationKind.TANH || kind == ActivationKind.SIGMOID;
    assertEquals(smooth, cert.maxLinearisationError() > 0, "linearisation error present exactly for smooth copies");

    ErrorBound bound = TicketErrorBound.worstCase(layers, INPUT_BOUND, cert);
    Network ticket = TicketNetworks.ticket(r.ticket());
    assertEquals(plan != 2, ticket.layers().stream().anyMatch(l -> l instanceof ResidualBlock), "the mother is residual");
    Random rnd = new Random(seed);
    double worst = 0;
    for (int n = 0; n < 12; n++) {
      double[] x = new double[Math.toIntExact(FloatTensor.numelOf(target.inputShape()))];
      for (int i = 0; i < x.length; i++) {
        x[i] = n == 0 ? INPUT_BOUND * (i % 2 == 0 ? 1 : -1) : (2 * rnd.nextDouble() - 1) * INPUT_BOUND;
      }
      double[] expected = NaiveReference.forward(target, x);
      double[] actual = NaiveReference.forward(ticket, x);
      for (int o = 0; o < expected.length; o++) {
        worst = Math.max(worst, Math.abs(expected[o] - actual[o]));
      }
    }
    double observed = worst;
    assertTrue(observed <= bound.outputBound() * (1 + 1e-9) + 1e-9,
        () -> "output difference " + observed + " exceeds the bound " + bound.outputBound());
  }

  @ParameterizedTest(name = "{0} {1} plan {2}")
  @MethodSource("cases")
  void reproducibleForAnyThreadCount(Construction c, ActivationKind kind, int plan, long seed) {
    if (seed % 2 != 0) {
      return; // half of the cases keep the suite fast; every activation and construction is among them
    }
    Network target = target(plan, kind, seed);
    Ticket one = build(target, settings(c, 0.03, 7, 1)).ticket();
    Ticket two = build(target, settings(c, 0.03, 7, 2)).ticket();
    Ticket again = build(target, settings(c, 0.03, 7, 1)).ticket();
    Ticket other = build(target, settings(c, 0.03, 8, 1)).ticket();
    assertEquals(one, two);
    assertEquals(one, again);
    assertNotEquals(one, other);
    assertEquals(TicketNetworks.ticket(one), TicketNetworks.ticket(two));
  }

  @ParameterizedTest(name = "{0} {1} plan {2}")
  @MethodSource("cases")
  void certificateNoticesAMissingShortcutEdge(Construction c, ActivationKind kind, int plan, long seed) {
    if (seed % 4 != 1 || plan == 2) {
      return;
    }
    Network target = target(plan, kind, seed);
    ConstructionSettings s = settings(c, 0.02, seed, 1);
    Ticket t = build(target, s).ticket();
    int m = 0;
    while (t.masks().get(m).keptSkipWeights().length == 0) {
      m++;
    }
    List<LayerMask> masks = new java.util.ArrayList<>(t.masks());
    LayerMask mask = masks.get(m);
    long[] skip = mask.keptSkipWeights();
    masks.set(m, new LayerMask(mask.keptWeights(), mask.keptBiases(), java.util.Arrays.copyOf(skip, skip.length - 1)));
    TicketCertificate cert = TicketVerifier.certify(new Ticket(t.mother(), masks), TargetLayers.of(target), s);
    assertFalse(cert.valid(), "removing a kept shortcut edge must break the certificate");
  }
}
