package org.ltcheck.construct;

/**
 * What the certificate found for one target layer.
 *
 * @param targetLayer index of the target layer
 * @param motherLayer index of the mother sum layer realising it
 * @param copies mother channels that realise an output channel of this layer (all copies)
 * @param checkedWeights composed weights compared with their target (every copy, every
 *     (output, input, position), every sign part, zeros included)
 * @param checkedBiases composed biases compared with their target
 * @param maxWeightError largest |composed − target| over all weights
 * @param maxBiasError largest |composed − target| over all biases
 * @param motherWidth channels of the mother sum layer
 * @param keptParameters parameters the ticket keeps in this mother layer and in the copy layer
 *     feeding it, if any
 */
public record LayerCertificate(
    int targetLayer,
    int motherLayer,
    int copies,
    long checkedWeights,
    long checkedBiases,
    double maxWeightError,
    double maxBiasError,
    int motherWidth,
    long keptParameters) {

  /** Largest error over weights and biases. */
  public double maxError() {
    return Math.max(maxWeightError, maxBiasError);
  }
}
