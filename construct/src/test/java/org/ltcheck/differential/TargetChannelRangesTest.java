package org.ltcheck.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ltcheck.build.TargetLayer;
import org.ltcheck.data.Normalization;
import org.ltcheck.model.Activation;
import org.ltcheck.theory.ActivationKind;

class TargetChannelRangesTest {
  /**
   * conv1 (3x3, padding 1) on 1x4x4: channel 0 a real filter, 1 only a bias of −0.3, 2 nothing;
   * conv2 reads conv1: channel 0 only the dead channels 1 and 2 and no bias, channel 1 channel 0.
   */
  private static List<TargetLayer> layers() {
    double[] w1 = new double[3 * 9];
    for (int p = 0; p < 9; p++) {
      w1[p] = 0.1 * (p - 4);
    }
    TargetLayer conv1 = new TargetLayer(TargetLayer.Kind.CONV, 3, 1, 3, 3, 1, 1, 4, 4, w1,
        new double[] {0.05, -0.3, 0}, Activation.relu(), TargetLayer.Reshape.NONE, null);
    double[] w2 = new double[2 * 3 * 9];
    for (int p = 0; p < 9; p++) {
      w2[9 + p] = 0.7;
      w2[18 + p] = -0.4;
      w2[27 + p] = 0.2;
    }
    TargetLayer conv2 = new TargetLayer(TargetLayer.Kind.CONV, 2, 3, 3, 3, 1, 1, 4, 4, w2, new double[2],
        Activation.relu(), TargetLayer.Reshape.NONE, null);
    return List.of(conv1, conv2);
  }

  @Test
  void deadChannelsAreExactlyZeroOrNegativeAndWhatReadsOnlyThemIsExactlyZero() {
    TargetChannelRanges r = TargetChannelRanges.of(layers(), InputRegion.domain(new int[] {1, 4, 4}, Normalization.MNIST));
    assertTrue(r.hi(0, 1) < 0 && r.hi(0, 1) > -0.31, "bias only: " + r.hi(0, 1));
    assertEquals(0.0, r.lo(0, 2));
    assertEquals(0.0, r.hi(0, 2));
    assertEquals(0.0, r.lo(1, 0), "reads only dead channels");
    assertEquals(0.0, r.hi(1, 0));
    assertTrue(r.lo(0, 0) < 0 && r.hi(0, 0) > 0);
    assertTrue(r.hi(1, 1) > 0);
    assertEquals(ActivationKind.RELU, layers().get(0).activation().kind());
  }
}
