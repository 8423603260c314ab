package org.ltcheck.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ltcheck.mother.ChannelId;
import org.ltcheck.mother.MotherLayerSpec;
import org.ltcheck.mother.MotherSpec;
import org.ltcheck.build.TargetLayer;
import org.ltcheck.build.TargetLayers;
import org.ltcheck.inference.InferenceEngine;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.Linear;
import org.ltcheck.model.Network;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.ActivationKind;
import org.ltcheck.theory.Construction;

/**
 * Hand-made tickets whose exact sup difference is known: a linear target y = 0.5·x₀ − 0.25·x₁
 * realised by a 2L-style ticket from ReLU copies of both signs, y = Σ u·ReLU(a·x), exactly or
 * with one weight off by e, brute-forced over a grid of the input box.
 */
class DifferentialCertifierTest {
  static final double[] TARGET = {0.5, -0.25};

  /** The mother: copy layer (a = +1, −1 per input) and a dense sum layer; u exact for TARGET. */
  static MotherSpec mother() {
    long[] in = {ChannelId.of(0, 0), ChannelId.of(1, 0)};
    long[] copies = {ChannelId.of(0, 0), ChannelId.of(0, 1), ChannelId.of(1, 0), ChannelId.of(1, 1)};
    MotherLayerSpec copy = new MotherLayerSpec(0, MotherLayerSpec.Role.COPY, TargetLayer.Kind.CONV, 1, 1, 1, 0, 1, 1,
        false, in, copies, 2.0, Activation.relu(), -1);
    MotherLayerSpec sum = new MotherLayerSpec(1, MotherLayerSpec.Role.SUM, TargetLayer.Kind.DENSE, 1, 1, 1, 0, 1, 1,
        true, copies, new long[] {ChannelId.of(0, 0)}, 1.0, Activation.of(ActivationKind.IDENTITY), 0);
    return new MotherSpec(1, Construction.TWO_L, new int[] {2, 1, 1}, List.of(copy, sum));
  }

  /** Ticket: ReLU(x₀), ReLU(−x₀), ReLU(x₁), ReLU(−x₁), then u·copies; {@code error} is added to the first u. */
  static Network ticket(float error) {
    float[] a = {1, 0, -1, 0, 0, 1, 0, -1};
    float[] u = {0.5f + error, -0.5f, -0.25f, 0.25f};
    return new Network(new int[] {2, 1, 1}, List.of(
        new Conv2d(FloatTensor.wrap(a, 4, 2, 1, 1), FloatTensor.zeros(4), 1, 0), Activation.relu(), new Flatten(),
        new Linear(FloatTensor.wrap(u, 1, 4), FloatTensor.zeros(1))));
  }

  static Network target() {
    return new Network(new int[] {2, 1, 1}, List.of(new Flatten(),
        new Linear(FloatTensor.wrap(new float[] {(float) TARGET[0], (float) TARGET[1]}, 1, 2), FloatTensor.zeros(1))));
  }

  static DifferentialCertifier certifier(Network ticket) {
    return new DifferentialCertifier(TargetLayers.of(target()), mother(), ticket);
  }

  /** max |ticket − target| over a 41 x 41 grid of [lo, hi]², evaluated in float as the engine does. */
  static double bruteForce(Network ticket, double lo, double hi) {
    int n = 41;
    float[] x = new float[n * n * 2];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        x[2 * (i * n + j)] = (float) (lo + (hi - lo) * i / (n - 1));
        x[2 * (i * n + j) + 1] = (float) (lo + (hi - lo) * j / (n - 1));
      }
    }
    FloatTensor batch = FloatTensor.wrap(x, n * n, 2, 1, 1);
    try (InferenceEngine t = new InferenceEngine(target(), 1); InferenceEngine k = new InferenceEngine(ticket, 1)) {
      float[] a = t.forward(batch).toArray();
      float[] b = k.forward(batch).toArray();
      double m = 0;
      for (int i = 0; i < a.length; i++) {
        m = Math.max(m, Math.abs(b[i] - a[i]));
      }
      return m;
    }
  }

  /**
   * The rounding terms for |x| ≤ b: γ₅·Σ|u|·b for the ticket's 4-term float sum (each copy bounded
   * by b), 2.01·u·Σ|u|·b for the copies (product and ReLU), γ₁₂·Σ|w|·b for the target's 2-term sum (with the
   * allowance for batch norm and shortcuts).
   */
  static double rounding(double b) {
    return (FloatRounding.gamma32(5) * 1.5 + 2.01 * FloatRounding.U32 * 1.5 + FloatRounding.gamma32(12) * 0.75) * b * 1.02;
  }

  @Test
  void identicalNetworksLeaveOnlyTheRoundingTerm() {
    OutputDifferenceBound b = certifier(ticket(0f)).bound(InputRegion.symmetric(new int[] {2, 1, 1}, 1.0));
    assertEquals(0.0, bruteForce(ticket(0f), -1, 1));
    double rounding = rounding(1.0);
    assertTrue(b.maxAbsDifference() > 0 && b.maxAbsDifference() <= rounding,
        () -> "bound " + b.maxAbsDifference() + ", rounding " + rounding);
  }

  @Test
  void oneWeightOffByEGivesEMaxXPlusRounding() {
    float e = 0.01f;
    OutputDifferenceBound b = certifier(ticket(e)).bound(InputRegion.symmetric(new int[] {2, 1, 1}, 2.0));
    double sup = bruteForce(ticket(e), -2, 2);
    // The error e multiplies ReLU(x₀) only: the sup is e·max x₀⁺ = 2e, attained at x₀ = 2.
    assertEquals(2 * e, sup, 1e-6);
    assertTrue(b.maxAbsDifference() >= sup, () -> "bound " + b.maxAbsDifference() + " below the sup " + sup);
    double rounding = rounding(2.0);
    assertTrue(b.maxAbsDifference() <= sup + rounding,
        () -> "bound " + b.maxAbsDifference() + " not tight, sup " + sup);
    // Sign-aware: the difference e·ReLU(x₀) is never negative (up to rounding).
    assertTrue(b.differenceLo()[0] >= -rounding, () -> "lower " + b.differenceLo()[0]);
  }

  @Test
  void aBallAroundAPointBoundsTheDifferenceThere() {
    float e = -0.02f;
    Network t = ticket(e);
    InputRegion ball = new InputRegion(new int[] {2, 1, 1}, new double[] {0.5, -0.1}, new double[] {0.7, 0.1});
    OutputDifferenceBound b = certifier(t).bound(ball);
    // Difference e·x₀ on [0.5, 0.7]: exactly [0.7e, 0.5e].
    assertEquals(0.7 * e, b.differenceLo()[0], 1e-6);
    assertEquals(0.5 * e, b.differenceHi()[0], 1e-6);
  }

  @Test
  void aCorruptedWeightIsNotCertifiedAtTheToleranceItBreaks() {
    double eta = 0.01;
    InputRegion domain = InputRegion.symmetric(new int[] {2, 1, 1}, 1.0);
    assertTrue(certifier(ticket(0f)).bound(domain).maxAbsDifference() <= eta);
    double corrupted = certifier(ticket((float) (10 * eta))).bound(domain).maxAbsDifference();
    assertTrue(corrupted >= 10 * eta * (1 - 1e-6), () -> "corrupted bound " + corrupted);
    assertFalse(corrupted <= eta);
  }

  @Test
  void aNetworkWithoutTheTicketStructureIsRejected() {
    float[] a = {1, 1, -1, 0, 0, 1, 0, -1}; // the first copy reads both inputs
    Network bad = new Network(new int[] {2, 1, 1}, List.of(
        new Conv2d(FloatTensor.wrap(a, 4, 2, 1, 1), FloatTensor.zeros(4), 1, 0), Activation.relu(), new Flatten(),
        new Linear(FloatTensor.wrap(new float[] {0.5f, -0.5f, -0.25f, 0.25f}, 1, 4), FloatTensor.zeros(1))));
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> certifier(bad));
    assertTrue(ex.getMessage().contains("copy layer 0"), ex.getMessage());
  }
}
