package org.ltcheck.certify;

import java.util.ArrayList;
import java.util.List;
import org.ltcheck.build.TargetLayer;
import org.ltcheck.certify.TicketCertificate;
import org.ltcheck.certify.TicketErrorBound;
import org.ltcheck.theory.ErrorBound;
import org.ltcheck.theory.ErrorPropagation;
import org.ltcheck.theory.LayerMagnitudes;

/**
 * The worst-case output-error bound of PAPER §2b for a concrete target: the target's weight
 * magnitudes at channel granularity (summed over kernel taps, or over the positions of a
 * flattened channel) fed to {@link ErrorPropagation} with the per-layer errors a certificate
 * measured.
 */
public final class OutputErrorBounds {
  private OutputErrorBounds() {}

  /** Channel-level magnitudes of each target layer. */
  public static List<LayerMagnitudes> magnitudes(List<TargetLayer> target) {
    List<LayerMagnitudes> out = new ArrayList<>();
    for (TargetLayer t : target) {
      out.add(LayerMagnitudes.ofBlocks(
          t.outChannels(), t.inChannels(), t.positions(), t::weight, t::bias, t.activation().kind()));
    }
    return out;
  }

  /**
   * The certified bound on max |ticket output − target output| over all inputs with
   * |x| ≤ inputBound: the target's activation bounds, the certificate's measured per-layer
   * errors, and the factors P by which the ticket's kept terms actually propagate errors (for
   * the sum layers of L+1 these exceed |w|, so the target's |w| would not be sound there).
   * Computed by {@link TicketErrorBound}, which also covers residual shortcuts, pooling and the
   * linearisation errors of tanh/sigmoid tickets; for a sequential ReLU target it is
   * {@link ErrorPropagation#outputError(List, List, double, double[])} with the certificate's
   * factors.
   */
  public static ErrorBound certified(List<TargetLayer> target, TicketCertificate certificate, double inputBound) {
    return TicketErrorBound.worstCase(target, inputBound, certificate);
  }
}
