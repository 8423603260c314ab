package org.ltcheck.differential;

import org.ltcheck.build.TargetLayer;

/**
 * A lower bound on the target's top-1 margin over a region. For a linear head without shortcut
 * the margin f_c − f_k = Σ (w_c − w_k)·h + (b_c − b_k) is bounded as one linear function of the
 * last hidden layer's intervals (one step of back-substitution, as DeepPoly does for its output
 * specification), tighter than the difference of two output intervals; otherwise by the output
 * intervals; for sequential ReLU-type targets also by {@link CrownMargin}'s back-substitution to
 * the input, keeping the larger. The float target's own deviation is subtracted.
 */
final class MarginBound {
  private MarginBound() {}

  static AgreementBound of(DifferentialCertifier.Propagation p, java.util.List<TargetLayer> layers, int c) {
    TargetLayer head = layers.get(layers.size() - 1);
    boolean crown = CrownMargin.supports(layers);
    OutputDifferenceBound d = p.result();
    NeuronBounds out = p.target().post[p.target().post.length - 1];
    NeuronBounds in = p.target().view(
        p.target().post.length - 2, head.readsPooled());
    boolean linear = head.kind() == TargetLayer.Kind.DENSE && !head.hasSkip() && in.size() == head.inChannels() * head.positions();
    int n = out.size();
    double margin = Double.POSITIVE_INFINITY;
    boolean agree = true;
    for (int k = 0; k < n; k++) {
      if (k == c) {
        continue;
      }
      double exact = linear ? linearMargin(head, in, c, k) : Math.nextDown(out.lo[c] - out.hi[k]);
      if (crown) {
        exact = Math.max(exact, CrownMargin.lowerBound(layers, p.target(), c, k));
      }
      double m = Math.nextDown(exact + out.devLo[c] - out.devHi[k]);
      margin = Math.min(margin, m);
      double ticket = Math.nextDown(m + d.differenceLo()[c] - d.differenceHi()[k]);
      agree &= m > 0 && ticket > 0;
    }
    return new AgreementBound(d, c, margin, agree && n > 1);
  }

  private static double linearMargin(TargetLayer head, NeuronBounds in, int c, int k) {
    double lo = head.bias(c) - head.bias(k);
    double mag = Math.abs(head.bias(c)) + Math.abs(head.bias(k));
    int rows = head.inChannels() * head.positions();
    for (int r = 0; r < rows; r++) {
      double w = head.weight(c, r / head.positions(), r % head.positions())
          - head.weight(k, r / head.positions(), r % head.positions());
      if (w != 0) {
        lo += w > 0 ? w * in.lo[r] : w * in.hi[r];
        mag += Math.abs(w) * in.magnitude(r);
      }
    }
    return FloatRounding.widenDown(lo, 2L * rows + 2, mag);
  }
}
