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
 * @param tolerance the per-parameter tolerance this layer was built for (at most ε)
 * @param propagation P[j][i]: over the copies of output channel j, the largest Σ|kept term| by
 *     which errors of input channel i reach it (see
 *     {@link org.ltcheck.theory.ErrorPropagation#outputError(java.util.List, java.util.List, double, double[])})
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
    long keptParameters,
    double tolerance,
    double[][] propagation) {

  public LayerCertificate {
    propagation = deepCopy(propagation);
  }

  @Override
  public double[][] propagation() {
    return deepCopy(propagation);
  }

  private static double[][] deepCopy(double[][] m) {
    double[][] c = new double[m.length][];
    for (int j = 0; j < m.length; j++) {
      c[j] = m[j].clone();
    }
    return c;
  }

  /** Largest error over weights and biases. */
  public double maxError() {
    return Math.max(maxWeightError, maxBiasError);
  }
}
