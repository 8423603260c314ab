package org.ltcheck.differential;

import java.util.List;
import org.ltcheck.build.TargetLayer;
import org.ltcheck.mother.MotherLayerSpec;
import org.ltcheck.theory.ActivationKind;

/**
 * Symbolic (linear) bounds on the ticket's output deviation, by back-substitution through the
 * ticket and the target together: NeuroDiff's idea (Paulsen, Wang, Wang and Wang, ASE 2020) of
 * linear bounds on each ticket neuron's deviation and on the target's values, carried backwards
 * for one output at a time as CROWN (Zhang et al., NeurIPS 2018) carries a specification, so
 * that deviations of different neurons that depend on the same inputs are no longer added as
 * independent intervals.
 *
 * <p>One output's deviation is a linear function of the head's deviations and target inputs
 * ({@link SumRow}: first-order terms (Σu·ψ(h) − w)·h, kept edges u·d, constants), each copy's
 * deviation is its source's times the copy's slope (ReLU copies of non-negative values), each
 * sum neuron's post-activation deviation d = ReLU(z + δ) − ReLU(z) is replaced by a line in its
 * pre-activation deviation δ over δ's interval from {@link SumPropagation} (NeuroDiff's convex
 * approximation: both pre-activations stable gives 0 or δ exactly; otherwise the chords of the
 * convex upper and concave lower envelopes, using the target pre-activation's sign where known),
 * and every target neuron ReLU(z) by CROWN's relaxation over z's interval
 * ({@link CrownMargin#relax}). At the input the first-order terms of the input copies are kinked
 * at 0; each input's function is minimised exactly over its interval.
 *
 * <p>Float32: every ticket sum adds its rounding γ_{n+1}·Σ|u·t| and every copy its product's
 * u·|a·t| (with the magnitudes of {@link SumPropagation}) times the coefficient's magnitude;
 * the target's own float deviation is handled by the caller. Double: coefficients are carried
 * with their absolute versions, the result widened by γ_K of their product with the magnitudes,
 * every relaxation offset by a relative 2⁻⁴⁰. Supported: sequential ReLU targets and tickets
 * without pooling or shortcuts ({@link #supports}); otherwise the interval bound stands alone.
 */
final class DifferenceBackSubstitution {
  private static final double SLACK = 0x1p-40;

  private final TicketLayout layout;
  private final DifferentialCertifier.Propagation p;
  private final List<TicketLayout.MotherLayer> layers;
  private final List<TargetLayer> target;
  /** The corner of the input box where the last bound's linear function is smallest. */
  private float[] lastMinimiser;

  DifferenceBackSubstitution(TicketLayout layout, DifferentialCertifier.Propagation p) {
    this.layout = layout;
    this.p = p;
    this.layers = layout.layers();
    this.target = layout.target();
  }

  /**
   * The input (a corner of the box, or 0 where an input copy's kink lies inside) at which the
   * linear function behind the last {@link #lowerBound} is smallest: where the certificate
   * expects the largest difference, a start for the lower-bound search.
   */
  float[] lastMinimiser() {
    return lastMinimiser.clone();
  }

  static boolean supports(TicketLayout layout) {
    List<TargetLayer> t = layout.target();
    for (int l = 0; l < t.size(); l++) {
      TargetLayer tl = t.get(l);
      ActivationKind k = tl.activation().kind();
      boolean last = l == t.size() - 1;
      if (tl.hasSkip() || tl.readsPooled()
          || (last ? k != ActivationKind.IDENTITY : k != ActivationKind.RELU)) {
        return false;
      }
    }
    List<TicketLayout.MotherLayer> m = layout.layers();
    for (int i = 0; i < m.size(); i++) {
      MotherLayerSpec s = m.get(i).spec;
      boolean last = i == m.size() - 1;
      ActivationKind k = s.activation().kind();
      if (s.poolBefore() || s.maxPoolBefore() != null || s.hasSkip()
          || (last ? k != ActivationKind.IDENTITY : k != ActivationKind.RELU)) {
        return false;
      }
    }
    return true;
  }

  /** Lower bound of s·(deviation of ticket output k from the exact target's), s = ±1. */
  double lowerBound(int k, int sign) {
    double[] head = new double[p.ticket()[layers.size() - 1].size()];
    head[k] = sign;
    return lowerBound(layers.size() - 1, head, null, 0);
  }

  /**
   * Lower bound of s·(deviation of neuron {@code i}'s pre-activation in hidden sum layer
   * {@code m} from the exact target's), by back-substitution from that layer down (only layers
   * up to m need to have been propagated).
   */
  double preDeviationLowerBound(int m, int i, int sign) {
    double[] objective = new double[p.ticket()[m].size()];
    objective[i] = sign;
    return lowerBound(m, objective, null, 0);
  }

  /**
   * Lower bound of the float ticket's margin f_c − f_k: the exact target's margin, a linear
   * function of the head's input, plus the deviation of ticket output c minus that of k, both
   * back-substituted together (tighter than the two bounded apart).
   */
  double ticketMarginLowerBound(int c, int k) {
    double[] head = new double[p.ticket()[layers.size() - 1].size()];
    head[c] = 1;
    head[k] = -1;
    TargetLayer t = target.get(target.size() - 1);
    int rows = t.inChannels() * t.positions();
    double[] margin = new double[rows];
    for (int r = 0; r < rows; r++) {
      margin[r] = t.weight(c, r / t.positions(), r % t.positions()) - t.weight(k, r / t.positions(), r % t.positions());
    }
    return lowerBound(layers.size() - 1, head, margin, t.bias(c) - t.bias(k));
  }

  /**
   * Lower bound of λ·δ_out + μ·h + ν over the region: δ_out the deviations of the ticket's
   * outputs, h the target head's input (the last hidden layer, flattened; null: μ = 0).
   */
  private double lowerBound(int top, double[] head, double[] headInput, double constant) {
    int n = top + 1;
    double[][] pre = new double[n][];
    double[][] preAbs = new double[n][];
    double[][] post = new double[n][];
    double[][] postAbs = new double[n][];
    double[][] h = new double[target.size()][];
    double[][] hAbs = new double[target.size()][];
    NeuronBounds input = p.target().input;
    double[] inPos = new double[input.size()];
    double[] inNeg = new double[input.size()];
    double[] inAbs = new double[input.size()];
    double[] cst = {constant, Math.abs(constant)};
    pre[n - 1] = head;
    preAbs[n - 1] = new double[head.length];
    for (int i = 0; i < head.length; i++) {
      preAbs[n - 1][i] = Math.abs(head[i]);
    }
    if (headInput != null) {
      int l = target.size() - 2;
      h[l] = headInput.clone();
      hAbs[l] = new double[headInput.length];
      for (int i = 0; i < headInput.length; i++) {
        hAbs[l][i] = Math.abs(headInput[i]);
      }
    }
    long terms = 4;
    for (int m = n - 1; m >= 1; m--) {
      TicketLayout.MotherLayer ml = layers.get(m);
      if (ml.spec.role() != MotherLayerSpec.Role.SUM) {
        continue;
      }
      int l = ml.spec.targetLayer();
      int below = layers.get(m - 1).spec.role() == MotherLayerSpec.Role.SUM ? m - 1 : m - 2;
      if (below >= 0) {
        post[below] = new double[p.ticket()[below].size()];
        postAbs[below] = new double[post[below].length];
      }
      if (l > 0 && h[l - 1] == null) {
        h[l - 1] = new double[p.target().post[l - 1].size()];
        hAbs[l - 1] = new double[h[l - 1].length];
      }
      double[] hl = l == 0 ? null : h[l - 1];
      double[] hla = l == 0 ? null : hAbs[l - 1];
      sumLayer(m, pre[m], preAbs[m], below, below < 0 ? null : post[below], below < 0 ? null : postAbs[below],
          hl, hla, inPos, inNeg, inAbs, cst);
      terms += 8L * ml.spec.weightCount() / Math.max(1, ml.channels) + 16;
      if (hl != null) {
        // Target layer l−1: ReLU relaxed on its pre-activation, then transposed onto its input.
        TargetLayer t = target.get(l - 1);
        NeuronBounds z = p.target().pre[l - 1];
        CrownMargin.relax(t, z, hl, hla, cst);
        NeuronBounds in = l - 1 == 0 ? input : p.target().post[l - 2];
        double[][] back = CrownMargin.transpose(t, hl, hla, cst, in.size(), in.height, in.width, z);
        terms += t.positions() * (long) t.inChannels() + 2;
        if (l - 1 == 0) {
          for (int i = 0; i < back[0].length; i++) {
            inPos[i] += back[0][i];
            inNeg[i] += back[0][i];
            inAbs[i] += back[1][i];
          }
        } else {
          addInto(h, hAbs, l - 2, back);
        }
      }
      if (below >= 0) {
        pre[below] = post[below];
        preAbs[below] = postAbs[below];
        relaxDifference(layers.get(below), p.ticket()[below], p.target().pre[layers.get(below).spec.targetLayer()],
            pre[below], preAbs[below], cst);
      }
    }
    double sum = cst[0];
    double mag = cst[1];
    lastMinimiser = new float[inPos.length];
    for (int i = 0; i < inPos.length; i++) {
      double lo = input.lo[i];
      double hi = input.hi[i];
      double a = lo >= 0 ? inPos[i] * lo : inNeg[i] * lo;
      double b = hi >= 0 ? inPos[i] * hi : inNeg[i] * hi;
      double v = Math.min(a, b);
      lastMinimiser[i] = (float) (a <= b ? lo : hi);
      if (lo < 0 && hi > 0 && 0 < v) {
        v = 0;
        lastMinimiser[i] = 0;
      }
      sum += v;
      mag += inAbs[i] * input.magnitude(i);
    }
    return FloatRounding.widenDown(sum, 4 * terms * layers.size() + inPos.length, mag);
  }

  private static void addInto(double[][] h, double[][] hAbs, int l, double[][] back) {
    if (h[l] == null) {
      h[l] = back[0];
      hAbs[l] = back[1];
      return;
    }
    for (int i = 0; i < back[0].length; i++) {
      h[l][i] += back[0][i];
      hAbs[l][i] += back[1][i];
    }
  }

  /**
   * λ over sum layer m's pre-activation deviations onto: the post-activation deviations of the
   * sum layer {@code below} (through kept edges and copies), the target layer it reads (first-order
   * terms; {@code h}, or the input's kinked coefficients when it reads the input), and constants
   * (biases, constant channels, float rounding, all as lower bounds).
   */
  private void sumLayer(
      int m, double[] lam, double[] lamAbs, int below, double[] dev, double[] devAbs, double[] h, double[] hAbs,
      double[] inPos, double[] inNeg, double[] inAbs, double[] cst) {
    TicketLayout.MotherLayer ml = layers.get(m);
    NeuronBounds out = p.ticket()[m];
    TicketLayout.MotherLayer src = layers.get(m - 1);
    boolean copies = src.spec.role() == MotherLayerSpec.Role.COPY;
    NeuronBounds source = p.ticket()[m - 1];
    int l = ml.spec.targetLayer();
    NeuronBounds view = l == 0 ? p.target().input : p.target().post[l - 1];
    NeuronBounds copied = copies ? (m - 1 == 0 ? p.target().input : p.ticket()[m - 2]) : null;
    MotherLayerSpec s = ml.spec;
    SumPropagation.Path path = new SumPropagation.Path(source, view, src, copied, s.kind() == TargetLayer.Kind.DENSE,
        s.stride(), s.padding(), s.kernelHeight(), s.kernelWidth());
    int hw = out.plane();
    int sPlane = source.plane();
    int tPlane = view.plane();
    for (int o = 0; o < ml.channels; o++) {
      if (ml.kind[o] != TicketLayout.SUM) {
        continue;
      }
      SumRow row = ml.rows[o];
      for (int q = 0; q < hw; q++) {
        double c = lam[o * hw + q];
        double ca = lamAbs[o * hw + q];
        if (ca == 0) {
          continue;
        }
        int qy = q / out.width;
        int qx = q % out.width;
        double floatMag = Math.abs(row.ownBias);
        double copyRounding = 0;
        cst[0] += c * (row.ownBias - row.targetBias);
        cst[1] += ca * (Math.abs(row.ownBias) + Math.abs(row.targetBias));
        for (int e = 0; e < row.entries(); e++) {
          int sp = path.source(qy, qx, row.tap[e]);
          if (sp < 0) {
            continue;
          }
          int tp = path.target(sp);
          for (int k = row.edgeStart[e]; k < row.edgeStart[e + 1]; k++) {
            floatMag += Math.abs(row.edgeU[k]) * source.floatMagnitude(row.edgeChannel[k] * sPlane + sp);
          }
          if (tp < 0) {
            continue; // both read zero padding: no term, no deviation
          }
          int ti = row.input[e] * tPlane + tp;
          double w = row.targetWeight[e];
          if (h == null) {
            inPos[ti] += c * (row.coefPos[e] - w);
            inNeg[ti] += c * (row.coefNeg[e] - w);
            inAbs[ti] += ca * row.absCoef[e] + ca * Math.abs(w);
          } else {
            h[ti] += c * (row.coefPos[e] - w);
            hAbs[ti] += ca * (row.absCoef[e] + Math.abs(w));
          }
          for (int k = row.edgeStart[e]; k < row.edgeStart[e + 1]; k++) {
            double u = row.edgeU[k];
            int ch = row.edgeChannel[k];
            if (!copies) {
              dev[ch * sPlane + sp] += c * u;
              devAbs[ch * sPlane + sp] += ca * Math.abs(u);
              continue;
            }
            double a = row.edgeA[k];
            double slope = a > 0 ? a : 0;
            int from = src.source[ch] * copied.plane() + tp;
            copyRounding += Math.abs(u) * 2.01 * FloatRounding.U32 * Math.abs(a) * copied.floatMagnitude(from);
            if (dev != null && slope != 0) {
              dev[from] += c * u * slope;
              devAbs[from] += ca * Math.abs(u) * slope;
            }
          }
        }
        for (int t = 0; t < row.constTap.length; t++) {
          if (path.source(qy, qx, row.constTap[t]) >= 0) {
            double v = row.constValue[t];
            cst[0] += c * v;
            cst[1] += ca * Math.abs(v);
            floatMag += Math.abs(v) * (1 + 0x1p-50);
          }
        }
        double rounding = FloatRounding.dotRounding(row.floatTerms, floatMag) + copyRounding;
        cst[0] -= ca * rounding * (1 + SLACK);
        cst[1] += ca * rounding;
      }
    }
  }

  /**
   * λ over d = ReLU(z + δ) − ReLU(z) onto λ over δ, in place (lower bound): the line below d for
   * λ ≥ 0, above for λ &lt; 0, over δ's interval and z's.
   */
  private static void relaxDifference(
      TicketLayout.MotherLayer ml, NeuronBounds b, NeuronBounds z, double[] lam, double[] abs, double[] cst) {
    int hw = b.plane();
    for (int o = 0; o < ml.channels; o++) {
      int t = ml.group[o] * hw;
      for (int q = 0; q < hw; q++) {
        int i = o * hw + q;
        double c = lam[i];
        if (abs[i] == 0) {
          continue;
        }
        if (ml.kind[o] != TicketLayout.SUM) {
          throw new IllegalStateException("a constant channel " + o + " of layer " + ml.spec.index() + " has a deviation term");
        }
        double[] line = c >= 0 ? ReluDifferenceLines.lower(z.lo[t + q], z.hi[t + q], b.preDevLo[i], b.preDevHi[i])
            : ReluDifferenceLines.upper(z.lo[t + q], z.hi[t + q], b.preDevLo[i], b.preDevHi[i]);
        cst[0] += c * line[1];
        cst[1] += abs[i] * Math.abs(line[1]);
        lam[i] = c * line[0];
        abs[i] *= Math.abs(line[0]);
      }
    }
  }
}
