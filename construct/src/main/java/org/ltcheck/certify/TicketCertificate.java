package org.ltcheck.certify;

import java.util.List;

/**
 * The result of checking a ticket against its target, parameter by parameter. The composed
 * values are recomputed from the mask and the regenerated mother, not taken from the solver, so
 * the certificate also catches construction bugs. Shortcut weights of residual blocks are checked
 * like kernel weights. The linearisation errors of tanh/sigmoid copies are reported per output
 * channel; they are not parameter errors but extra terms of the output bound.
 *
 * @param eta the per-parameter tolerance the ticket was built for
 * @param layers per target layer
 * @param violations structural rules broken (empty for a valid ticket); at most a few are
 *     listed, {@code violationCount} counts all
 * @param ticketParameters kept parameters
 * @param motherParameters all parameters of the mother
 */
public record TicketCertificate(
    double eta,
    List<LayerCertificate> layers,
    List<String> violations,
    long violationCount,
    long ticketParameters,
    long motherParameters) {

  public TicketCertificate {
    layers = List.copyOf(layers);
    violations = List.copyOf(violations);
  }

  /** Largest error of any composed weight or bias. */
  public double maxError() {
    return layers.stream().mapToDouble(LayerCertificate::maxError).max().orElse(0);
  }

  /** Largest error of any composed weight, shortcut weights included. */
  public double maxWeightError() {
    return layers.stream()
        .mapToDouble(l -> Math.max(l.maxWeightError(), l.maxSkipWeightError()))
        .max()
        .orElse(0);
  }

  /**
   * Largest linearisation error bound of any output channel (tanh/sigmoid copies; 0 otherwise).
   * Not a parameter error: it enters the output bound as an extra term (see {@link TicketErrorBound}).
   */
  public double maxLinearisationError() {
    return layers.stream().mapToDouble(LayerCertificate::maxLinearisationError).max().orElse(0);
  }

  /** Per target layer and output channel, the linearisation error bound. */
  public double[][] linearisationErrors() {
    return layers.stream().map(LayerCertificate::linearisationErrors).toArray(double[][]::new);
  }

  /** Every parameter within eta and no structural violation. */
  public boolean valid() {
    return violationCount == 0 && maxError() <= eta;
  }

  /** Per target layer, the largest error (input to the output-error bound). */
  public double[] layerErrors() {
    return layers.stream().mapToDouble(LayerCertificate::maxError).toArray();
  }
}
