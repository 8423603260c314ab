package org.ltcheck.ticket;

import java.util.Arrays;

/**
 * Which parameters of one mother layer the ticket keeps: sorted flat indices into the layer's
 * (out, in, positions) weight layout, sorted indices of kept biases and, for the last layer of a
 * residual block, sorted flat indices into the (out, in) layout of its shortcut. Everything else
 * is pruned. Sparse, because a ticket keeps a tiny fraction of a wide mother.
 */
public record LayerMask(long[] keptWeights, int[] keptBiases, long[] keptSkipWeights) {
  public LayerMask {
    keptWeights = keptWeights.clone();
    keptBiases = keptBiases.clone();
    keptSkipWeights = keptSkipWeights.clone();
    for (int k = 1; k < keptSkipWeights.length; k++) {
      if (keptSkipWeights[k] <= keptSkipWeights[k - 1]) {
        throw new IllegalArgumentException("kept shortcut indices must be strictly increasing at position " + k);
      }
    }
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

  /** A mask of a layer without shortcut. */
  public LayerMask(long[] keptWeights, int[] keptBiases) {
    this(keptWeights, keptBiases, new long[0]);
  }

  @Override
  public long[] keptSkipWeights() {
    return keptSkipWeights.clone();
  }

  @Override
  public long[] keptWeights() {
    return keptWeights.clone();
  }

  @Override
  public int[] keptBiases() {
    return keptBiases.clone();
  }

  /** Kept parameters (weights, shortcut weights and biases). */
  public long parameterCount() {
    return (long) keptWeights.length + keptBiases.length + keptSkipWeights.length;
  }

  public boolean keepsWeight(long flatIndex) {
    return Arrays.binarySearch(keptWeights, flatIndex) >= 0;
  }

  public boolean keepsBias(int channel) {
    return Arrays.binarySearch(keptBiases, channel) >= 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LayerMask m && Arrays.equals(keptWeights, m.keptWeights) && Arrays.equals(keptBiases, m.keptBiases)
        && Arrays.equals(keptSkipWeights, m.keptSkipWeights);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(keptWeights) + Arrays.hashCode(keptBiases)) + Arrays.hashCode(keptSkipWeights);
  }

  @Override
  public String toString() {
    return "LayerMask(" + keptWeights.length + " weights, " + keptBiases.length + " biases"
        + (keptSkipWeights.length > 0 ? ", " + keptSkipWeights.length + " shortcut weights" : "") + ")";
  }
}
