package org.ltcheck.construct;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.ltcheck.model.Network;
import org.ltcheck.subsetsum.MinimumCardinalitySolver;
import org.ltcheck.targets.MnistCnnTarget;
import org.ltcheck.theory.Construction;

/**
 * Pins the tickets of the bundled MNIST target (ε = 0.01, seed 1, the paper's ρ = 15, ρ₁ = 30):
 * widths and parameter counts must not move when the construction is extended (residual
 * targets, other activations).
 */
class MnistTicketNumbersTest {

  private static void check(Construction c, int[] widths, long params) throws IOException {
    Network target = MnistCnnTarget.bundled();
    ConstructionSettings s = ConstructionSettings.of(c, 0.01, 1).withThreads(2);
    TicketConstructor.Result r =
        new TicketConstructor(new MinimumCardinalitySolver(s.maxSubsetSize())).construct(target, s, null);
    assertArrayEquals(widths, r.ticket().mother().widths());
    assertEquals(params, r.ticket().parameterCount());
    TicketCertificate cert = TicketVerifier.certify(r.ticket(), TargetLayers.of(target), 0.01, false);
    assertTrue(cert.valid(), () -> cert.violations() + " max error " + cert.maxError());
  }

  @Test
  void lPlusOne() throws IOException {
    check(Construction.L_PLUS_ONE, new int[] {1, 72, 532, 539, 10}, 91_558);
  }

  @Test
  void twoL() throws IOException {
    check(Construction.TWO_L, new int[] {1, 60, 32, 1009, 32, 1097, 10}, 59_207);
  }
}
