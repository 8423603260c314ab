package org.ltcheck.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.ltcheck.certify.TicketCertificate;
import org.ltcheck.certify.TicketVerifier;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Network;
import org.ltcheck.mother.MotherLayerSpec;
import org.ltcheck.subsetsum.MinimumCardinalitySolver;
import org.ltcheck.targets.MnistCnnTarget;
import org.ltcheck.targets.TargetVariants;
import org.ltcheck.theory.ActivationKind;
import org.ltcheck.theory.Construction;
import org.ltcheck.theory.ErrorPropagation;
import org.ltcheck.ticket.LayerMask;
import org.ltcheck.ticket.Ticket;

/**
 * Pins the tickets of the bundled MNIST target (ε = 0.01, seed 1, the paper's ρ = 15, ρ₁ = 30):
 * widths, parameter counts and a digest of every mask must not move when the construction is
 * extended (residual targets, other activations). The ReLU numbers are those of the CNN-only
 * construction before the extension (L+1 with its copied layers built to ε/4); the tanh and
 * sigmoid ones those of the target re-evaluated with that activation (PAPER §6). Sigmoid copies
 * come in antisymmetric pairs since the intercept fix (copy layer 60 → 90 channels: 30 copies,
 * their 30 mirrors and 30 constants; 105,640 → 106,020 kept parameters, each kept copy edge now
 * with its mirror's at half the sum-layer weight range).
 */
class MnistTicketNumbersTest {

  private static TicketConstructor.Result check(Network target, ConstructionSettings s, int[] widths, long params, long digest) {
    TicketConstructor.Result r =
        new TicketConstructor(new MinimumCardinalitySolver(s.maxSubsetSize())).construct(target, s, null);
    assertArrayEquals(widths, r.ticket().mother().widths(), () -> Arrays.toString(r.ticket().mother().widths()));
    assertEquals(params, r.ticket().parameterCount());
    assertEquals(digest, digest(r.ticket()), "masks, channel ids and scales");
    TicketCertificate cert = TicketVerifier.certify(r.ticket(), TargetLayers.of(target), s);
    assertTrue(cert.valid(), () -> cert.violations() + " max error " + cert.maxError());
    return r;
  }

  /** A digest of every mask, channel id and weight scale, stable across JVMs. */
  static long digest(Ticket t) {
    long h = 0;
    for (LayerMask m : t.masks()) {
      h = h * 1_000_003 + Arrays.hashCode(m.keptWeights());
      h = h * 1_000_003 + Arrays.hashCode(m.keptBiases());
    }
    for (MotherLayerSpec l : t.mother().layers()) {
      h = h * 31 + Arrays.hashCode(l.channelIds()) + Double.hashCode(l.weightScale());
    }
    return h;
  }

  private static ConstructionSettings settings(Construction c) {
    return ConstructionSettings.of(c, 0.01, 1).withThreads(2);
  }

  @Test
  void lPlusOne() throws IOException {
    check(MnistCnnTarget.bundled(), settings(Construction.L_PLUS_ONE), new int[] {1, 73, 569, 539, 10}, 106_931,
        -981469837542623376L);
  }

  @Test
  void twoL() throws IOException {
    check(MnistCnnTarget.bundled(), settings(Construction.TWO_L), new int[] {1, 60, 32, 1009, 32, 1097, 10}, 59_207,
        -8815928709665958188L);
  }

  private static void smooth(ActivationKind kind, int[] widths, long params, long digest) throws IOException {
    Network target = TargetVariants.withActivation(MnistCnnTarget.bundled(), Activation.of(kind));
    ConstructionSettings s = settings(Construction.L_PLUS_ONE).withInputBound(ErrorPropagation.MNIST_INPUT_BOUND);
    TicketConstructor.Result r = check(target, s, widths, params, digest);
    // the first copy layer has no sign split (one copy set per input channel) and pads for sigmoid
    assertEquals(kind == ActivationKind.SIGMOID ? 1 : 0, r.ticket().mother().layers().get(0).padding());
  }

  @Test
  void tanh() throws IOException {
    smooth(ActivationKind.TANH, new int[] {1, 60, 569, 539, 10}, 104_508, 3833053334279221196L);
  }

  @Test
  void sigmoid() throws IOException {
    smooth(ActivationKind.SIGMOID, new int[] {1, 90, 570, 539, 10}, 106_020, 57959436162658349L);
  }
}
