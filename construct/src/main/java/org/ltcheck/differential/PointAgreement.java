package org.ltcheck.differential;

/**
 * Certified agreement at a single input (radius 0) from the two float32 evaluations themselves.
 * A point needs no relaxation: the certificate is about what
 * {@link org.ltcheck.inference.InferenceEngine} computes, and that engine is deterministic and
 * bit-identical for every thread count, so its outputs at the image are the float32 values, not
 * estimates of them. The difference and the margin are then known exactly; the only rounding
 * left is that of the certifier's own double subtractions, covered by one ulp outwards.
 *
 * <p>Why not bound the float evaluation against exact arithmetic here, by a forward γₙ
 * error bound per layer: that bound compounds with Σ|w| per layer (on the trained ResNet-22
 * target alone it grows from 3e-5 at the first convolution to 1.3e9 at the logits), so it would
 * hide a difference of 0.1 behind a vacuous interval. Balls (radius &gt; 0) still go through the
 * propagation with its rounding terms ({@link DifferentialCertifier}).
 */
final class PointAgreement {
  private PointAgreement() {}

  /**
   * @param target the float32 target logits at the input, from {@code offset}
   * @param ticket the float32 ticket logits at the same input
   * @param offset where the input's logits start in both arrays
   * @param classes number of logits
   * @param predicted the target's top-1 class at the input
   */
  static AgreementBound of(float[] target, float[] ticket, int offset, int classes, int predicted) {
    if (predicted < 0 || predicted >= classes) {
      throw new IllegalArgumentException("predicted class " + predicted + " is not one of " + classes + " outputs");
    }
    double[] lo = new double[classes];
    double[] hi = new double[classes];
    double[] t = new double[classes];
    for (int k = 0; k < classes; k++) {
      double d = (double) ticket[offset + k] - target[offset + k];
      lo[k] = Math.nextDown(d);
      hi[k] = Math.nextUp(d);
      t[k] = target[offset + k];
    }
    double margin = Double.POSITIVE_INFINITY;
    boolean agree = classes > 1;
    for (int k = 0; k < classes; k++) {
      if (k == predicted) {
        continue;
      }
      margin = Math.min(margin, Math.nextDown(t[predicted] - t[k]));
      // Strict: a tie is not agreement (argmax would take the earlier index in both).
      agree &= target[offset + predicted] > target[offset + k] && ticket[offset + predicted] > ticket[offset + k];
    }
    return new AgreementBound(new OutputDifferenceBound(lo, hi, t, t), predicted, margin, agree);
  }
}
