package org.ltcheck.model;

import org.ltcheck.tensor.FloatTensor;

/**
 * Fully connected layer y = W x + b.
 *
 * @param weight shape (out, in)
 * @param bias shape (out), or {@code null} for none
 */
public record Linear(FloatTensor weight, FloatTensor bias) implements Layer {
  public Linear {
    Shapes.requireRank("linear weight", weight.shape(), 2);
    if (bias != null && !bias.sameShape(weight.dim(0))) {
      throw new IllegalArgumentException(
          "linear bias " + bias + " does not match " + weight.dim(0) + " outputs");
    }
  }

  public int outFeatures() {
    return weight.dim(0);
  }

  public int inFeatures() {
    return weight.dim(1);
  }

  @Override
  public int[] outputShape(int[] in) {
    if (in.length != 1 || in[0] != inFeatures()) {
      throw new IllegalArgumentException(
          "linear expects " + inFeatures() + " features but got " + java.util.Arrays.toString(in));
    }
    return new int[] {outFeatures()};
  }
}
