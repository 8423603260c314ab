package org.ltcheck.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ltcheck.adversarial.DifferenceAscentLowerBound;
import org.ltcheck.data.Normalization;
import org.ltcheck.inference.ProgressListener;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.testing.PropertySettings;

/**
 * At radius 0 the certificate is the observation itself: the certified-agreement fraction is the
 * observed top-1 agreement and the bounds are the observed differences; balls around the same
 * images certify no more agreement and no smaller bounds.
 */
class OutputCertificationTest {
  private static final Normalization TWO_CHANNELS = new Normalization(new double[] {0.5, 0.4}, new double[] {0.5, 0.6});

  @Test
  void radiusZeroCertifiesExactlyTheObservedAgreementAndDifferences() {
    PropertySettings.qt(15L, 10).forAll(longs().between(1, 1_000_000), integers().between(0, 15))
        .checkAssert((seed, shape) -> {
          DifferentialCertifierPropertyTest.Case c = DifferentialCertifierPropertyTest.build(seed, shape);
          OutputCertification oc = new OutputCertification(c.target(), c.mother(), c.ticket(), TWO_CHANNELS, 1);
          FloatTensor images = DifferentialCertifierPropertyTest.samples(oc.domain(), new Random(seed), 9);
          DifferenceLowerBound none = (t, k, region, x) -> 0;
          OutputCertificate cert = oc.certify(images, List.of(0.0, 2.0), ProgressListener.NONE, none);
          double[] observed = DifferenceAscentLowerBound.differences(c.ticket(), c.target(), images, 1);
          double[] sorted = observed.clone();
          Arrays.sort(sorted);
          OutputCertificate.Local point = cert.local().get(0);
          assertEquals(sorted[4], point.medianBound(), 1e-12 * (1 + sorted[4]));
          assertEquals(sorted[8], point.maxBound(), 1e-12 * (1 + sorted[8]));
          assertEquals(observedAgreement(c, images), point.certifiedAgreement(), 1e-12);
          OutputCertificate.Local ball = cert.local().get(1);
          assertTrue(ball.certifiedAgreement() <= point.certifiedAgreement() && ball.medianBound() >= point.medianBound(),
              () -> "ball " + ball + " certifies more than the point " + point);
        });
  }

  private static double observedAgreement(DifferentialCertifierPropertyTest.Case c, FloatTensor images) {
    float[] t;
    float[] k;
    try (var te = new org.ltcheck.inference.InferenceEngine(c.target(), 1);
        var ke = new org.ltcheck.inference.InferenceEngine(c.ticket(), 1)) {
      t = te.forward(images).toArray();
      k = ke.forward(images).toArray();
    }
    int n = images.dim(0);
    int outs = t.length / n;
    int agree = 0;
    for (int i = 0; i < n; i++) {
      int a = DifferentialCertifierPropertyTest.argmax(t, i * outs, outs);
      int b = DifferentialCertifierPropertyTest.argmax(k, i * outs, outs);
      boolean strict = true;
      for (int o = 0; o < outs; o++) {
        strict &= o == a || (t[i * outs + a] > t[i * outs + o] && k[i * outs + a] > k[i * outs + o]);
      }
      agree += a == b && strict ? 1 : 0;
    }
    return (double) agree / n;
  }
}
