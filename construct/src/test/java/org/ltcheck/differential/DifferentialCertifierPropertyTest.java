package org.ltcheck.differential;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ltcheck.build.ConstructionSettings;
import org.ltcheck.mother.MotherSpec;
import org.ltcheck.build.TargetLayer;
import org.ltcheck.build.TargetLayers;
import org.ltcheck.build.TicketConstructor;
import org.ltcheck.certify.TicketErrorBound;
import org.ltcheck.ticket.TicketNetworks;
import org.ltcheck.certify.TicketVerifier;
import org.ltcheck.inference.InferenceEngine;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.Layer;
import org.ltcheck.model.Linear;
import org.ltcheck.model.MaxPool2d;
import org.ltcheck.model.Network;
import org.ltcheck.subsetsum.MinimumCardinalitySolver;
import org.ltcheck.targets.CifarResNetTarget;
import org.ltcheck.testing.PropertySettings;
import org.ltcheck.targets.RandomResNetTarget;
import org.ltcheck.targets.ResNetPlan;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.ActivationKind;
import org.ltcheck.theory.Construction;

/**
 * Properties on random small targets (CNNs, with and without max pooling, and residual networks, every activation, both
 * constructions) and the tickets {@link TicketConstructor} builds for them: the certified bounds
 * contain the float32 difference of the two networks at every sampled input (corners, random
 * points, centres) of the domain and of balls; they are far below the a-priori bound; and they
 * react to a corrupted kept weight.
 */
class DifferentialCertifierPropertyTest {
  static final double BOUND = 1.0;
  static final ActivationKind[] KINDS = {
    ActivationKind.RELU, ActivationKind.LEAKY_RELU, ActivationKind.TANH, ActivationKind.SIGMOID
  };

  /** One random case: target, its ticket and the certifier. */
  record Case(
      Network target, List<TargetLayer> layers, MotherSpec mother, Network ticket, DifferentialCertifier certifier,
      double apriori) {}

  static Case build(long seed, int shape) {
    Random r = new Random(seed);
    ActivationKind kind = KINDS[shape % 4];
    Construction c = (shape / 4) % 2 == 0 ? Construction.L_PLUS_ONE : Construction.TWO_L;
    Activation a = kind == ActivationKind.LEAKY_RELU ? new Activation(kind, 0.1) : Activation.of(kind);
    Network target = shape / 8 == 0 ? cnn(r, a) : shape / 8 == 1 ? resnet(seed, a) : maxPooledCnn(r, a);
    ConstructionSettings s = new ConstructionSettings(c, 0.02, seed, 4, 8, 6, false, 1, BOUND);
    TicketConstructor.Result result = new TicketConstructor(new MinimumCardinalitySolver(s.maxSubsetSize()))
        .construct(target, s, null);
    List<TargetLayer> layers = TargetLayers.of(target);
    Network ticket = TicketNetworks.ticket(result.ticket());
    double apriori = TicketErrorBound.worstCase(layers, BOUND, TicketVerifier.certify(result.ticket(), layers, s))
        .outputBound();
    MotherSpec mother = result.ticket().mother();
    return new Case(target, layers, mother, ticket, new DifferentialCertifier(layers, mother, ticket), apriori);
  }

  static Network cnn(Random r, Activation a) {
    int c1 = 1 + r.nextInt(3);
    int stride = 1 + r.nextInt(2);
    int h = (5 + 2 - 3) / stride + 1;
    return new Network(new int[] {2, 5, 5}, List.of(
        new Conv2d(tensor(r, 0.6, c1, 2, 3, 3), tensor(r, 0.5, c1), 1, 1), a,
        new Conv2d(tensor(r, 0.6, 2, c1, 3, 3), tensor(r, 0.5, 2), stride, 1), a,
        new Flatten(), new Linear(tensor(r, 0.6, 3, 2 * h * h), tensor(r, 0.3, 3))));
  }

  /** conv, φ, max pool 2x2, conv, φ, padded max pool 3x3 stride 2, flatten, linear. */
  static Network maxPooledCnn(Random r, Activation a) {
    int c1 = 1 + r.nextInt(3);
    return new Network(new int[] {2, 6, 6}, List.of(
        new Conv2d(tensor(r, 0.6, c1, 2, 3, 3), tensor(r, 0.5, c1), 1, 1), a, new MaxPool2d(2, 2, 0),
        new Conv2d(tensor(r, 0.6, 2, c1, 3, 3), tensor(r, 0.5, 2), 1, 1), a, new MaxPool2d(3, 2, 1),
        new Flatten(), new Linear(tensor(r, 0.6, 3, 2 * 2 * 2), tensor(r, 0.3, 3))));
  }

  static Network resnet(long seed, Activation a) {
    ResNetPlan p = new ResNetPlan(2, 5, new int[] {2, 3}, 1, 3);
    RandomResNetTarget.Options o = new RandomResNetTarget.Options(RandomResNetTarget.IdentityShortcut.RANDOM_SCALE, true, 0.2);
    return CifarResNetTarget.fromStateDict(RandomResNetTarget.stateDict(p, seed, o), p.inputShape(), a);
  }

  static FloatTensor tensor(Random r, double max, int... shape) {
    float[] v = new float[Math.toIntExact(FloatTensor.numelOf(shape))];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextInt(5) == 0 ? 0f : (float) ((2 * r.nextDouble() - 1) * max);
    }
    return FloatTensor.wrap(v, shape);
  }

  /** Corners and random points of the region, as float inputs inside it. */
  static FloatTensor samples(InputRegion region, Random r, int n) {
    int size = region.size();
    float[] x = new float[n * size];
    for (int k = 0; k < n; k++) {
      for (int i = 0; i < size; i++) {
        double lo = region.lower()[i];
        double hi = region.upper()[i];
        double v = k == 0 ? (lo + hi) / 2 : k % 2 == 1 ? (r.nextBoolean() ? lo : hi) : lo + (hi - lo) * r.nextDouble();
        x[k * size + i] = region.clampToBox(i, (float) v);
      }
    }
    int[] shape = region.shape();
    return FloatTensor.wrap(x, n, shape[0], shape[1], shape[2]);
  }

  /** Asserts that every sampled difference lies in the certified interval; returns the largest |difference|. */
  static double assertContains(Case c, InputRegion region, FloatTensor x) {
    OutputDifferenceBound b = c.certifier().bound(region);
    float[] t;
    float[] k;
    try (InferenceEngine te = new InferenceEngine(c.target(), 1); InferenceEngine ke = new InferenceEngine(c.ticket(), 1)) {
      t = te.forward(x).toArray();
      k = ke.forward(x).toArray();
    }
    int outs = b.outputs();
    double worst = 0;
    for (int i = 0; i < t.length; i++) {
      double d = (double) k[i] - t[i];
      int o = i % outs;
      worst = Math.max(worst, Math.abs(d));
      double lo = b.differenceLo()[o];
      double hi = b.differenceHi()[o];
      assertTrue(d >= lo && d <= hi, () -> "difference " + d + " of output " + o + " outside [" + lo + ", " + hi + "]");
      double tv = t[i];
      assertTrue(Math.abs(tv - Math.max(b.targetLo()[o], Math.min(b.targetHi()[o], tv))) <= 1e-3 * (1 + Math.abs(tv)),
          () -> "target output " + tv + " far outside [" + b.targetLo()[o] + ", " + b.targetHi()[o] + "]");
    }
    return worst;
  }

  @Test
  void theBoundContainsEverySampledDifference() {
    PropertySettings.qt(20261204L, 24).forAll(longs().between(1, 1_000_000), integers().between(0, 15))
        .checkAssert(DifferentialCertifierPropertyTest::assertContainsSamples);
  }

  /** Shapes 16-23: CNNs with max pooling (padded and not), every activation, both constructions. */
  @Test
  void theBoundContainsEverySampledDifferenceThroughMaxPooling() {
    PropertySettings.qt(20261205L, 12).forAll(longs().between(1, 1_000_000), integers().between(16, 23))
        .checkAssert(DifferentialCertifierPropertyTest::assertContainsSamples);
  }

  /** The domain's corners, random points and centre, and balls around one point of it. */
  static void assertContainsSamples(long seed, int shape) {
    Case c = build(seed, shape);
    Random r = new Random(seed);
    InputRegion domain = InputRegion.symmetric(c.target().inputShape(), BOUND);
    assertContains(c, domain, samples(domain, r, 64));
    FloatTensor centre = samples(domain, r, 3);
    float[] image = java.util.Arrays.copyOfRange(centre.toArray(), 2 * domain.size(), 3 * domain.size());
    for (double radius : new double[] {0, 0.05, 0.3}) {
      InputRegion ball = ball(image, radius, domain);
      assertContains(c, ball, samples(ball, r, radius == 0 ? 1 : 32));
    }
  }

  /**
   * Measured on the global domain: ReLU and LeakyReLU residual tickets of both constructions come
   * out 25-140x below the a-priori bound (CNNs 8-10x; tanh and sigmoid residual tickets, whose
   * bounded activations keep the a-priori bound small too, between 0.6x and 10x).
   */
  @Test
  void theBoundIsFarBelowTheAPrioriBoundOnResidualTickets() {
    int[] shapes = {8, 9, 12, 13};
    PropertySettings.qt(7L, 6).forAll(longs().between(1, 1_000_000), integers().between(0, 3))
        .checkAssert((seed, pick) -> {
          Case c = build(seed, shapes[pick]);
          InputRegion domain = InputRegion.symmetric(c.target().inputShape(), BOUND);
          double certified = c.certifier().bound(domain).maxAbsDifference();
          assertTrue(certified * 10 <= c.apriori(), () -> "certified " + certified + ", a priori " + c.apriori());
        });
  }

  @Test
  void theMarginBoundAndCertifiedAgreementHoldAtEverySampledInput() {
    PropertySettings.qt(5L, 16).forAll(longs().between(1, 1_000_000), integers().between(0, 15))
        .checkAssert((seed, shape) -> {
          Case c = build(seed, shape);
          Random r = new Random(seed);
          InputRegion domain = InputRegion.symmetric(c.target().inputShape(), BOUND);
          float[] image = samples(domain, r, 3).toArray();
          image = java.util.Arrays.copyOfRange(image, 2 * domain.size(), 3 * domain.size());
          for (double radius : new double[] {0, 0.02, 0.1}) {
            InputRegion ball = ball(image, radius, domain);
            FloatTensor x = samples(ball, r, 32);
            float[] t;
            float[] k;
            try (InferenceEngine te = new InferenceEngine(c.target(), 1);
                InferenceEngine ke = new InferenceEngine(c.ticket(), 1)) {
              t = te.forward(x).toArray();
              k = ke.forward(x).toArray();
            }
            int outs = t.length / 32;
            int predicted = argmax(t, 0, outs);
            AgreementBound a = c.certifier().agreement(ball, predicted, null);
            for (int n = 0; n < 32; n++) {
              for (int o = 0; o < outs; o++) {
                if (o != predicted) {
                  double margin = (double) t[n * outs + predicted] - t[n * outs + o];
                  assertTrue(margin >= a.marginLowerBound(), () -> "margin " + margin + " below " + a.marginLowerBound());
                }
              }
              if (a.agreementCertified()) {
                int nn = n;
                assertTrue(argmax(k, n * outs, outs) == predicted && argmax(t, n * outs, outs) == predicted,
                    () -> "agreement certified but sample " + nn + " disagrees");
              }
            }
          }
        });
  }

  static int argmax(float[] v, int from, int n) {
    int best = 0;
    for (int i = 1; i < n; i++) {
      if (v[from + i] > v[from + best]) {
        best = i;
      }
    }
    return best;
  }

  @Test
  void aKeptWeightChangedByTenEtaIsNoticed() {
    PropertySettings.qt(11L, 8).forAll(longs().between(1, 1_000_000), integers().between(0, 15))
        .checkAssert((seed, shape) -> {
          Case c = build(seed, shape);
          Network corrupted = corruptHead(c.ticket(), 10 * 0.02);
          InputRegion domain = InputRegion.symmetric(c.target().inputShape(), BOUND);
          Random r = new Random(seed);
          Case bad = new Case(c.target(), c.layers(), c.mother(), corrupted,
              new DifferentialCertifier(c.layers(), c.mother(), corrupted), c.apriori());
          double observed = assertContains(bad, domain, samples(domain, r, 64));
          OutputDifferenceBound before = c.certifier().bound(domain);
          OutputDifferenceBound after = bad.certifier().bound(domain);
          int o = corruptedOutput(c.ticket());
          double widthBefore = before.differenceHi()[o] - before.differenceLo()[o];
          double widthAfter = after.differenceHi()[o] - after.differenceLo()[o];
          assertTrue(after.maxAbsDifference() >= observed && widthAfter != widthBefore,
              () -> "corrupted output " + o + ": width " + widthAfter + ", before " + widthBefore);
        });
  }

  /** The output whose row holds the head's largest kept weight. */
  static int corruptedOutput(Network ticket) {
    Linear head = head(ticket);
    float[] w = head.weight().toArray();
    int best = 0;
    for (int i = 1; i < w.length; i++) {
      if (Math.abs(w[i]) > Math.abs(w[best])) {
        best = i;
      }
    }
    return best / head.inFeatures();
  }

  static Linear head(Network ticket) {
    List<Layer> layers = ticket.layers();
    int last = layers.size() - 1;
    while (!(layers.get(last) instanceof Linear)) {
      last--;
    }
    return (Linear) layers.get(last);
  }

  /** The ticket with the largest kept weight of its linear head increased by {@code by}. */
  static Network corruptHead(Network ticket, double by) {
    List<Layer> layers = new java.util.ArrayList<>(ticket.layers());
    int last = layers.size() - 1;
    while (!(layers.get(last) instanceof Linear)) {
      last--;
    }
    Linear head = (Linear) layers.get(last);
    float[] w = head.weight().toArray();
    int best = 0;
    for (int i = 1; i < w.length; i++) {
      if (Math.abs(w[i]) > Math.abs(w[best])) {
        best = i;
      }
    }
    w[best] += (float) by;
    layers.set(last, new Linear(FloatTensor.wrap(w, head.weight().shape()), head.bias()));
    return new Network(ticket.inputShape(), layers);
  }

  static InputRegion ball(float[] centre, double radius, InputRegion domain) {
    double[] lo = new double[centre.length];
    double[] hi = new double[centre.length];
    for (int i = 0; i < centre.length; i++) {
      lo[i] = Math.max(domain.lower()[i], centre[i] - radius);
      hi[i] = Math.min(domain.upper()[i], centre[i] + radius);
    }
    return new InputRegion(domain.shape(), lo, hi);
  }
}
