package org.ltcheck.construct;

import java.util.List;

/**
 * The result of checking a ticket against its target, parameter by parameter. The composed
 * values are recomputed from the mask and the regenerated mother, not taken from the solver, so
 * the certificate also catches construction bugs.
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

  /** Largest error of any composed weight. */
  public double maxWeightError() {
    return layers.stream().mapToDouble(LayerCertificate::maxWeightError).max().orElse(0);
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
