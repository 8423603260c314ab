package org.ltcheck.differential;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.doubles;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ltcheck.testing.PropertySettings;

/** The lines lie below and above ReLU(z + δ) − ReLU(z) at every sampled point of their box, corners included. */
class ReluDifferenceLinesTest {
  @Test
  void theDifferenceLinesEncloseTheReluDifferenceOnTheirBox() {
    PropertySettings.qt(3L, 400)
        .forAll(doubles().between(-2, 2), doubles().between(0, 3), doubles().between(-2, 2), doubles().between(0, 3))
        .checkAssert((zl, zw, dl, dw) -> {
          double zh = zl + zw;
          double dh = dl + dw;
          double[] lo = ReluDifferenceLines.lower(zl, zh, dl, dh);
          double[] hi = ReluDifferenceLines.upper(zl, zh, dl, dh);
          Random r = new Random(Double.doubleToLongBits(zl + 3 * dl + zw));
          for (int s = 0; s < 50; s++) {
            double z = s == 0 ? zl : s == 1 ? zh : zl + zw * r.nextDouble();
            double d = s % 3 == 0 ? dl : s % 3 == 1 ? dh : dl + dw * r.nextDouble();
            double diff = Math.max(0, z + d) - Math.max(0, z);
            double tol = 1e-12 * (1 + Math.abs(z) + Math.abs(d));
            assertTrue(lo[0] * d + lo[1] <= diff + tol && diff <= hi[0] * d + hi[1] + tol,
                () -> "z " + z + " d " + d + ": " + diff + " outside the lines " + java.util.Arrays.toString(lo) + " "
                    + java.util.Arrays.toString(hi));
          }
        });
  }

}
