package org.ltcheck.differential;

import java.util.List;
import org.ltcheck.build.TargetLayer;
import org.ltcheck.theory.ActivationKind;

/**
 * A lower bound on the exact target's margin f_c − f_k over a region by linear back-substitution
 * (CROWN, Zhang et al. NeurIPS 2018; DeepPoly, Singh et al. POPL 2019, for the output
 * specification): the margin is a linear function of the head's inputs; each ReLU or LeakyReLU
 * is replaced by its linear lower or upper relaxation on the interval of its pre-activation
 * (from {@link TargetPropagation}), whichever keeps the bound below, the layer transposed, down to
 * the input, where the box gives the minimum. Much tighter than interval propagation for small
 * balls, where most neurons are stable. Targets with shortcuts or smooth activations are not
 * handled ({@link #supports}), nor max pooling (which would need its own linear relaxation;
 * such targets keep the interval margin).
 *
 * <p>Double rounding: the coefficients are computed together with their absolute versions (the
 * same pass on |weights| and |coefficients|), whose product with the input magnitudes bounds
 * every partial sum; the result is widened by γ_K of that, and every relaxation's offset by a
 * relative 2⁻⁴⁰.
 */
final class CrownMargin {
  private static final double SLACK = 0x1p-40;

  private CrownMargin() {}

  static boolean supports(List<TargetLayer> layers) {
    for (int l = 0; l < layers.size(); l++) {
      TargetLayer t = layers.get(l);
      ActivationKind k = t.activation().kind();
      boolean last = l == layers.size() - 1;
      if (t.hasSkip() || t.maxPool() != null || (last ? k != ActivationKind.IDENTITY : k != ActivationKind.RELU && k != ActivationKind.LEAKY_RELU)) {
        return false;
      }
    }
    return true;
  }

  /** Lower bound of f_c − f_k (exact arithmetic) over the region {@code s} was propagated for. */
  static double lowerBound(List<TargetLayer> layers, TargetPropagation.State s, int c, int k) {
    int L = layers.size();
    TargetLayer head = layers.get(L - 1);
    int rows = head.inChannels() * head.positions();
    double[] lam = new double[rows];
    double[] abs = new double[rows];
    for (int r = 0; r < rows; r++) {
      double wc = head.weight(c, r / head.positions(), r % head.positions());
      double wk = head.weight(k, r / head.positions(), r % head.positions());
      lam[r] = wc - wk;
      abs[r] = Math.abs(wc) + Math.abs(wk);
    }
    double[] cst = {head.bias(c) - head.bias(k), Math.abs(head.bias(c)) + Math.abs(head.bias(k))};
    long terms = rows + 2;
    for (int l = L - 2; l >= 0; l--) {
      TargetLayer t = layers.get(l);
      NeuronBounds z = s.pre[l];
      if (layers.get(l + 1).before() == TargetLayer.Reshape.GLOBAL_AVG_POOL) {
        double[][] un = unpool(lam, abs, z.plane());
        lam = un[0];
        abs = un[1];
      }
      relax(t, z, lam, abs, cst);
      NeuronBounds in = l == 0 ? s.input : s.post[l - 1];
      boolean pooledIn = t.before() == TargetLayer.Reshape.GLOBAL_AVG_POOL;
      int inSize = pooledIn ? in.channels : in.size();
      double[][] back = transpose(t, lam, abs, cst, inSize, pooledIn ? 1 : in.height, pooledIn ? 1 : in.width, z);
      lam = back[0];
      abs = back[1];
      terms += t.positions() * (long) t.inChannels() + 2;
    }
    NeuronBounds x = s.input;
    double sum = cst[0];
    double mag = cst[1];
    for (int i = 0; i < lam.length; i++) {
      sum += lam[i] >= 0 ? lam[i] * x.lo[i] : lam[i] * x.hi[i];
      mag += abs[i] * x.magnitude(i);
    }
    return FloatRounding.widenDown(sum, 2 * terms + lam.length, mag);
  }

  private static double[][] unpool(double[] lam, double[] abs, int hw) {
    double[] l = new double[lam.length * hw];
    double[] a = new double[l.length];
    for (int c = 0; c < lam.length; c++) {
      for (int p = 0; p < hw; p++) {
        l[c * hw + p] = lam[c] / hw;
        a[c * hw + p] = abs[c] / hw * (1 + SLACK);
      }
    }
    return new double[][] {l, a};
  }

  /** Replaces λ·φ(z) by its lower relaxation in z (in place: λ becomes the coefficient of z). */
  private static void relax(TargetLayer t, NeuronBounds z, double[] lam, double[] abs, double[] cst) {
    double alpha = t.activation().kind() == ActivationKind.LEAKY_RELU ? t.activation().negativeSlope() : 0;
    for (int n = 0; n < lam.length; n++) {
      double lo = z.lo[n];
      double hi = z.hi[n];
      double slope;
      double offset = 0;
      if (lo >= 0) {
        slope = 1;
      } else if (hi <= 0) {
        slope = alpha;
      } else if (lam[n] >= 0) {
        slope = hi > -lo ? 1 : alpha; // a line through 0 below φ: any slope in [α, 1]
      } else {
        // The chord through (lo, α·lo) and (hi, hi) lies above φ on [lo, hi].
        slope = (hi - alpha * lo) / (hi - lo);
        offset = alpha * lo - slope * lo;
        offset += SLACK * (Math.abs(hi) + Math.abs(lo) + Math.abs(offset));
      }
      cst[0] += lam[n] * offset;
      cst[1] += abs[n] * Math.abs(offset);
      lam[n] *= slope;
      abs[n] *= Math.abs(slope);
    }
  }

  /** λ over layer t's pre-activations to λ over its input; the bias goes into the constant. */
  private static double[][] transpose(
      TargetLayer t, double[] lam, double[] abs, double[] cst, int inSize, int hin, int win, NeuronBounds z) {
    double[] out = new double[inSize];
    double[] outAbs = new double[inSize];
    int positions = t.positions();
    int hw = z.plane();
    double[] w = t.weights();
    for (int j = 0; j < t.outChannels(); j++) {
      for (int q = 0; q < hw; q++) {
        double m = lam[j * hw + q];
        double ma = abs[j * hw + q];
        if (ma == 0) {
          continue;
        }
        cst[0] += m * t.bias(j);
        cst[1] += ma * Math.abs(t.bias(j));
        int qy = q / z.width;
        int qx = q % z.width;
        int rowBase = j * t.inChannels() * positions;
        for (int r = 0; r < t.inChannels() * positions; r++) {
          double wr = w[rowBase + r];
          if (wr == 0) {
            continue;
          }
          int i = r / positions;
          int p = r % positions;
          int idx = TargetPropagation.inputIndex(t, qy, qx, i, p, hin, win);
          if (idx < 0) {
            continue;
          }
          out[idx] += m * wr;
          outAbs[idx] += ma * Math.abs(wr);
        }
      }
    }
    return new double[][] {out, outAbs};
  }
}
