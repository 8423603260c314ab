package org.ltcheck.certify;

import java.util.Arrays;
import org.ltcheck.build.ConstructionAlgorithm;
import org.ltcheck.build.CopyRule;

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
 * @param keptParameters parameters the ticket keeps in this mother layer (shortcut included)
 *     and in the copy layer feeding it, if any
 * @param tolerance the per-parameter tolerance this layer was built for (at most ε, see
 *     {@link ConstructionAlgorithm#layerTolerance})
 * @param checkedSkipWeights composed shortcut weights compared with their target (every copy,
 *     every (output, input), every sign part, zeros included); 0 without shortcut
 * @param maxSkipWeightError largest |composed − target| over all shortcut weights
 * @param linearisationErrors per target output channel, the largest (over its copies) bound
 *     Σ|u|·R(|a|·B) on what the linearisation of tanh/sigmoid copies adds to the pre-activation
 *     ({@link CopyRule#remainder}); zeros for ReLU-type copies and for layers reading sum layers
 * @param propagation [out][in]: per target output channel j and input channel i, the largest
 *     (over the copies of j) factor by which an error of the ticket's input channel i reaches the
 *     pre-activation: Σ over positions of |composed weight| (the largest sign part) when the
 *     layer reads copies a·h̃ of one value h̃, and Σ over kept edges of |u| when it reads the ρ
 *     separately built copies of a sum layer, whose errors differ ({@link TicketErrorBound})
 * @param skipPropagation the same for the shortcut ([out][shortcut in]); empty without shortcut
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
    long checkedSkipWeights,
    double maxSkipWeightError,
    double[] linearisationErrors,
    double[][] propagation,
    double[][] skipPropagation) {

  public LayerCertificate {
    linearisationErrors = linearisationErrors.clone();
    propagation = copy(propagation);
    skipPropagation = copy(skipPropagation);
  }

  @Override
  public double[][] propagation() {
    return copy(propagation);
  }

  @Override
  public double[][] skipPropagation() {
    return copy(skipPropagation);
  }

  /** Element access without copying, for the bound's inner loops. */
  double propagation(int out, int in) {
    return propagation[out][in];
  }

  double skipPropagation(int out, int in) {
    return skipPropagation[out][in];
  }

  private static double[][] copy(double[][] a) {
    double[][] c = new double[a.length][];
    for (int k = 0; k < a.length; k++) {
      c[k] = a[k].clone();
    }
    return c;
  }

  @Override
  public double[] linearisationErrors() {
    return linearisationErrors.clone();
  }

  /** Largest linearisation error bound of any output channel. */
  public double maxLinearisationError() {
    return Arrays.stream(linearisationErrors).max().orElse(0);
  }

  /** Largest error over weights, shortcut weights and biases. */
  public double maxError() {
    return Math.max(Math.max(maxWeightError, maxSkipWeightError), maxBiasError);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LayerCertificate c && targetLayer == c.targetLayer && motherLayer == c.motherLayer
        && copies == c.copies && checkedWeights == c.checkedWeights && checkedBiases == c.checkedBiases
        && Double.compare(maxWeightError, c.maxWeightError) == 0 && Double.compare(maxBiasError, c.maxBiasError) == 0
        && motherWidth == c.motherWidth && keptParameters == c.keptParameters
        && Double.compare(tolerance, c.tolerance) == 0
        && checkedSkipWeights == c.checkedSkipWeights
        && Double.compare(maxSkipWeightError, c.maxSkipWeightError) == 0
        && Arrays.equals(linearisationErrors, c.linearisationErrors) && Arrays.deepEquals(propagation, c.propagation)
        && Arrays.deepEquals(skipPropagation, c.skipPropagation);
  }

  @Override
  public int hashCode() {
    return (31 * targetLayer + motherLayer) * 31 + Arrays.hashCode(linearisationErrors);
  }

  @Override
  public String toString() {
    return "LayerCertificate[target " + targetLayer + ", mother " + motherLayer + ", max error " + maxError()
        + ", linearisation " + maxLinearisationError() + "]";
  }
}
