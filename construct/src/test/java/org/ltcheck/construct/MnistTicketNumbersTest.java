package org.ltcheck.construct;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ltcheck.io.safetensors.SafetensorsFile;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.Linear;
import org.ltcheck.model.Network;
import org.ltcheck.subsetsum.MinimumCardinalitySolver;
import org.ltcheck.theory.Construction;

/**
 * Pins the tickets of the bundled MNIST target (ε = 0.01, seed 1, the paper's ρ = 15, ρ₁ = 30):
 * widths and parameter counts must not move when the construction is extended.
 */
class MnistTicketNumbersTest {

  static Network mnist() throws IOException {
    Path tmp = Files.createTempFile("mnist-target", ".safetensors");
    try (var in = MnistTicketNumbersTest.class.getResourceAsStream("/org/ltcheck/targets/mnist-cnn-target.safetensors")) {
      Files.write(tmp, in.readAllBytes());
      SafetensorsFile f = SafetensorsFile.read(tmp);
      return new Network(new int[] {1, 28, 28}, List.of(
          new Conv2d(f.floatTensor("conv1.weight"), f.floatTensor("conv1.bias"), 1, 1), Activation.relu(),
          new Conv2d(f.floatTensor("conv2.weight"), f.floatTensor("conv2.bias"), 1, 1), Activation.relu(),
          new Flatten(), new Linear(f.floatTensor("fc.weight"), f.floatTensor("fc.bias"))));
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void check(Construction c, int[] widths, long params) throws IOException {
    Network target = mnist();
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
