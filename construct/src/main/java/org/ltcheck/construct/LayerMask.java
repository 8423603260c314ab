package org.ltcheck.construct;

import java.util.Arrays;

/**
 * Which parameters of one mother layer the ticket keeps: sorted flat indices into the layer's
 * (out, in, positions) weight layout, and sorted indices of kept biases. Everything else is
 * pruned. Sparse, because a ticket keeps a tiny fraction of a wide mother.
 */
public record LayerMask(long[] keptWeights, int[] keptBiases) {
  public LayerMask {
    keptWeights = keptWeights.clone();
    keptBiases = keptBiases.clone();
    for (int k = 1; k < keptWeights.length; k++) {
      if (keptWeights[k] <= keptWeights[k - 1]) {
        throw new IllegalArgumentException("kept weight indices must be strictly increasing at position " + k);
      }
    }
    for (int k = 1; k < keptBiases.length; k++) {
      if (keptBiases[k] <= keptBiases[k - 1]) {
        throw new IllegalArgumentException("kept bias indices must be strictly increasing at position " + k);
      }
    }
  }

  @Override
  public long[] keptWeights() {
    return keptWeights.clone();
  }

  @Override
  public int[] keptBiases() {
    return keptBiases.clone();
  }

  /** Kept parameters (weights and biases). */
  public long parameterCount() {
    return (long) keptWeights.length + keptBiases.length;
  }

  public boolean keepsWeight(long flatIndex) {
    return Arrays.binarySearch(keptWeights, flatIndex) >= 0;
  }

  public boolean keepsBias(int channel) {
    return Arrays.binarySearch(keptBiases, channel) >= 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LayerMask m && Arrays.equals(keptWeights, m.keptWeights) && Arrays.equals(keptBiases, m.keptBiases);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(keptWeights) + Arrays.hashCode(keptBiases);
  }

  @Override
  public String toString() {
    return "LayerMask(" + keptWeights.length + " weights, " + keptBiases.length + " biases)";
  }
}
