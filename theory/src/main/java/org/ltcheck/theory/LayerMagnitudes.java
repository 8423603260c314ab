package org.ltcheck.theory;

import java.util.Arrays;

/**
 * What the error propagation of PAPER §2b needs to know about one target layer, at the
 * granularity of channels: the bound treats all positions of a channel alike, so the weights
 * between output channel j and input channel i enter only through their absolute sum and their
 * count.
 *
 * <p>{@code absWeight[j][i]} is Σ|w| over the kernel positions (and, for a linear head after a
 * flatten, over the positions of channel i); {@code nonZero[j][i]} the number of nonzero weights
 * in that sum; {@code absBias[j]} = |b_j|. The arrays are copied in and out, so the record is
 * immutable; the element accessors avoid the copies in inner loops.
 *
 * @param activation the activation after the layer; IDENTITY for the last layer
 */
public record LayerMagnitudes(double[][] absWeight, int[][] nonZero, double[] absBias, ActivationKind activation) {

  public LayerMagnitudes {
    if (absWeight == null || nonZero == null || absBias == null || activation == null) {
      throw new IllegalArgumentException("layer magnitudes need absWeight, nonZero, absBias and activation");
    }
    int out = absWeight.length;
    if (out == 0 || nonZero.length != out || absBias.length != out) {
      throw new IllegalArgumentException(
          "layer magnitudes: " + out + " weight rows, " + nonZero.length + " count rows and " + absBias.length
              + " biases must agree and be positive");
    }
    int in = absWeight[0].length;
    if (in == 0) {
      throw new IllegalArgumentException("layer magnitudes: zero input channels");
    }
    double[][] w = new double[out][];
    int[][] nz = new int[out][];
    for (int j = 0; j < out; j++) {
      if (absWeight[j].length != in || nonZero[j].length != in) {
        throw new IllegalArgumentException(
            "layer magnitudes: row " + j + " has " + absWeight[j].length + " weights and " + nonZero[j].length
                + " counts, expected " + in);
      }
      w[j] = absWeight[j].clone();
      nz[j] = nonZero[j].clone();
      for (int i = 0; i < in; i++) {
        Checks.nonNegativeFinite("absWeight[" + j + "][" + i + "]", w[j][i]);
        Checks.atLeast("nonZero[" + j + "][" + i + "]", nz[j][i], 0);
        // A sum of |w| is positive exactly when some w is nonzero; a mismatch means the two
        // arrays describe different weights.
        if ((w[j][i] > 0) != (nz[j][i] > 0)) {
          throw new IllegalArgumentException(
              "absWeight[" + j + "][" + i + "] = " + w[j][i] + " disagrees with nonZero[" + j + "][" + i + "] = "
                  + nz[j][i]);
        }
      }
      Checks.nonNegativeFinite("absBias[" + j + "]", absBias[j]);
    }
    absWeight = w;
    nonZero = nz;
    absBias = absBias.clone();
  }

  /**
   * The worst case the theory allows when only the shape is known: every weight and bias nonzero
   * with |w| ≤ 1 and |b| ≤ 1 (the paper's bounded-weight assumption).
   */
  public static LayerMagnitudes unitBound(LayerShape shape, ActivationKind activation) {
    int perChannel = Math.multiplyExact(shape.kernelPositions(), shape.inputPositionsPerChannel());
    double[][] w = new double[shape.outChannels()][shape.inChannels()];
    int[][] nz = new int[shape.outChannels()][shape.inChannels()];
    double[] b = new double[shape.outChannels()];
    for (int j = 0; j < w.length; j++) {
      Arrays.fill(w[j], perChannel);
      Arrays.fill(nz[j], perChannel);
      b[j] = 1.0;
    }
    return new LayerMagnitudes(w, nz, b, activation);
  }

  /** A layer's weights by (output channel, input channel, index within their block). */
  @FunctionalInterface
  public interface Weights {
    double at(int out, int in, int k);
  }

  /**
   * Σ|w| and the nonzero count per channel pair over the block of {@code block} weights joining
   * them (the kernel taps of a convolution, or the positions of input channel i for a linear head
   * after a flatten), summed in block order.
   *
   * @param bias b_j per output channel, or null for a layer without bias
   */
  public static LayerMagnitudes ofBlocks(
      int outChannels, int inChannels, int block, Weights weights, java.util.function.IntToDoubleFunction bias,
      ActivationKind activation) {
    double[][] abs = new double[outChannels][inChannels];
    int[][] count = new int[outChannels][inChannels];
    double[] absBias = new double[outChannels];
    for (int j = 0; j < outChannels; j++) {
      for (int i = 0; i < inChannels; i++) {
        for (int k = 0; k < block; k++) {
          double w = weights.at(j, i, k);
          if (w != 0) {
            abs[j][i] += Math.abs(w);
            count[j][i]++;
          }
        }
      }
      absBias[j] = bias == null ? 0 : Math.abs(bias.applyAsDouble(j));
    }
    return new LayerMagnitudes(abs, count, absBias, activation);
  }

  /** The same weights followed by another activation (a reader knows weights, not activations). */
  public LayerMagnitudes withActivation(ActivationKind newActivation) {
    return new LayerMagnitudes(absWeight, nonZero, absBias, newActivation);
  }

  public int outChannels() {
    return absBias.length;
  }

  public int inChannels() {
    return absWeight[0].length;
  }

  public double absWeight(int j, int i) {
    return absWeight[j][i];
  }

  public int nonZero(int j, int i) {
    return nonZero[j][i];
  }

  public double absBias(int j) {
    return absBias[j];
  }

  @Override
  public double[][] absWeight() {
    return deepCopy(absWeight);
  }

  @Override
  public int[][] nonZero() {
    int[][] c = new int[nonZero.length][];
    for (int j = 0; j < c.length; j++) {
      c[j] = nonZero[j].clone();
    }
    return c;
  }

  @Override
  public double[] absBias() {
    return absBias.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LayerMagnitudes m
        && activation == m.activation
        && Arrays.deepEquals(absWeight, m.absWeight)
        && Arrays.deepEquals(nonZero, m.nonZero)
        && Arrays.equals(absBias, m.absBias);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(new Object[] {absWeight, nonZero, absBias, activation});
  }

  @Override
  public String toString() {
    return "LayerMagnitudes[" + outChannels() + "x" + inChannels() + ", " + activation.cliName() + "]";
  }

  private static double[][] deepCopy(double[][] a) {
    double[][] c = new double[a.length][];
    for (int j = 0; j < c.length; j++) {
      c[j] = a[j].clone();
    }
    return c;
  }
}
