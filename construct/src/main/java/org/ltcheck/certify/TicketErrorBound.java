package org.ltcheck.certify;

import java.util.List;
import org.ltcheck.build.CopyRule;
import org.ltcheck.build.TargetLayer;
import org.ltcheck.model.Activation;
import org.ltcheck.theory.ErrorBound;
import org.ltcheck.theory.ErrorPropagation;

/**
 * The worst-case output error of a certified ticket over all inputs with |x| ≤ B₀, propagated
 * through the ticket's actual composition: the recursion of PAPER §2b, corrected for the L+1
 * construction and extended by residual shortcuts, pooling and the linearisation of
 * tanh/sigmoid copies.
 *
 * <p><b>Why the certificate's propagation factors, not |w|.</b> Write the ticket's pre-activation
 * for one copy of output j as Σ_k u_k·h̃_k, where the kept edges k of target weight w_{j,i,p} read
 * copies h̃_k of the target value h_i. Then
 * Σ_k u_k h̃_k − w·h_i = Σ_k u_k (h̃_k − h_i) + (Σ_k u_k − w)·h_i. When the copies are a·h̃ of
 * one ticket value h̃ (a copy layer: layer 1 of L+1, every layer of 2L), the first term is
 * w̃·(h̃ − h) with the composed weight w̃, so |…| ≤ |w̃|·e + η·|h| — §2b's form. But in L+1 the
 * ρ copies of a channel of layer l ≥ 1 are built separately and carry different errors, and the
 * first term is only bounded by Σ_k |u_k|·e, which can be several times |w|·e: §2b's
 * |w|·e_{l−1} underestimates the error of L+1 tickets (measured on random residual targets:
 * errors beyond that recursion's bound). The certificate therefore reports, per output channel
 * j and input channel i, the factor U_{j,i} (Σ over positions of |w̃| for copy-layer inputs,
 * Σ|u| over kept edges for sum-layer inputs, largest over the copies of j), and this bound uses
 * it.
 *
 * <p>Per target layer l and output channel j, with λ the Lipschitz constant of its activation,
 * η_l the certificate's largest parameter error of the layer, L_{l,j} its linearisation error
 * (0 unless tanh/sigmoid copies feed the layer) and the shortcut S reading layer s:
 * <pre>
 * B_{l,j} = min(R_φ, |φ(0)| + λ·(Σ_{i,p} |w_{j,i,p}|·B_{l−1,i} + Σ_i |S_{j,i}|·B_{s,i} + |b_j|))
 * e_{l,j} = min(D_φ, λ·(Σ_i U_{j,i}·e_{l−1,i} + Σ_i U^S_{j,i}·e_{s,i}
 *              + η_l·(Σ_{w≠0} B_{l−1,i} + Σ_{S≠0} B_{s,i} + [b_j ≠ 0 or φ(0)-offsets]) + L_{l,j}))
 * </pre>
 * R_φ = 1 bounds |tanh| and sigmoid, D_φ = 2 (tanh) or 1 (sigmoid) bounds the difference of two
 * such values; both are ∞ for ReLU-type activations. Pooling averages values bounded by B and
 * errors bounded by e, so both pass unchanged; so does max pooling, the maximum over a window
 * being 1-Lipschitz in the ∞-norm (|max_W h̃ − max_W h| ≤ max_W |h̃ − h| ≤ e and
 * |max_W h| ≤ B); a flatten only re-indexes. When the mother's copies
 * are sigmoids, a bias of a layer reading copies is a composed value even for b_j = 0: the
 * intercepts u·φ(0) − u·φ(0) of its antisymmetric copy pairs cancel in exact arithmetic, not
 * necessarily in the certificate's double sums, so for sigmoid targets the bias term always
 * counts (conservative: it is the certificate's own largest parameter error η_l). Each channel's
 * step is {@link ErrorPropagation#channelBound} and {@link ErrorPropagation#channelError}, the
 * theory's recursion; what this class adds is the sums, per kernel tap, over the certificate's
 * factors and the shortcut.
 */
public final class TicketErrorBound {
  private TicketErrorBound() {}

  /**
   * @param target the target layers the certificate was computed for
   * @param inputBound B₀ ≥ |x| over the input domain
   * @throws IllegalArgumentException if the certificate does not cover every target layer
   */
  public static ErrorBound worstCase(List<TargetLayer> target, double inputBound, TicketCertificate certificate) {
    List<LayerCertificate> cert = certificate.layers();
    if (target.isEmpty() || cert.size() != target.size()) {
      throw new IllegalArgumentException(
          "certificate covers " + cert.size() + " layers of a " + target.size() + "-layer target");
    }
    if (!(inputBound >= 0) || Double.isInfinite(inputBound)) {
      throw new IllegalArgumentException("input bound must be finite and non-negative, got " + inputBound);
    }
    boolean offsets = CopyRule.motherActivation(target).kind().valueAtZero() != 0;
    int layers = target.size();
    // index s + 1 holds target layer s's output; index 0 the input
    double[][] bound = new double[layers + 1][];
    double[][] error = new double[layers + 1][];
    bound[0] = filled(target.get(0).inChannels(), inputBound);
    error[0] = new double[target.get(0).inChannels()];
    double[] layerMax = new double[layers];
    for (int l = 0; l < layers; l++) {
      TargetLayer t = target.get(l);
      LayerCertificate c = cert.get(l);
      if (c.targetLayer() != l || (t.hasSkip() && c.skipPropagation().length != t.outChannels())) {
        throw new IllegalArgumentException("certificate layer " + l + " does not describe target layer " + l);
      }
      double eta = c.maxError();
      double[] lin = c.linearisationErrors();
      Activation a = t.activation();
      double r = CopyRule.rangeBound(a);
      double diameter = r == Double.POSITIVE_INFINITY ? r : (a.kind().valueAtZero() == 0 ? 2 * r : r);
      int s = t.hasSkip() ? t.skip().source() + 1 : -1;
      double[] b = new double[t.outChannels()];
      double[] e = new double[t.outChannels()];
      for (int j = 0; j < b.length; j++) {
        double magnitude = Math.abs(t.bias(j));
        double reach = t.bias(j) != 0 || offsets ? 1 : 0;
        double propagated = lin[j];
        for (int i = 0; i < t.inChannels(); i++) {
          propagated += c.propagation(j, i) * error[l][i];
          for (int q = 0; q < t.positions(); q++) {
            double w = Math.abs(t.weight(j, i, q));
            if (w != 0) {
              magnitude += w * bound[l][i];
              reach += bound[l][i];
            }
          }
        }
        if (s >= 0) {
          for (int i = 0; i < t.skip().inChannels(); i++) {
            propagated += c.skipPropagation(j, i) * error[s][i];
            double w = Math.abs(t.skip().weight(j, i));
            if (w != 0) {
              magnitude += w * bound[s][i];
              reach += bound[s][i];
            }
          }
        }
        b[j] = ErrorPropagation.channelBound(a.kind(), magnitude, r);
        e[j] = ErrorPropagation.channelError(a.kind(), propagated, eta, reach, diameter);
        layerMax[l] = Math.max(layerMax[l], e[j]);
      }
      bound[l + 1] = b;
      error[l + 1] = e;
    }
    double[][] channelErrors = new double[layers][];
    System.arraycopy(error, 1, channelErrors, 0, layers);
    return new ErrorBound(channelErrors, layerMax, layerMax[layers - 1]);
  }

  private static double[] filled(int n, double v) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, v);
    return a;
  }
}
