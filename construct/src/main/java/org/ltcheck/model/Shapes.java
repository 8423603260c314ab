package org.ltcheck.model;

import java.util.Arrays;

/** Shape checks shared by the layer records; each failure names the offending shapes. */
final class Shapes {
  private Shapes() {}

  static void requireRank(String what, int[] shape, int rank) {
    if (shape.length != rank) {
      throw new IllegalArgumentException(
          what + " must have rank " + rank + " but has shape " + Arrays.toString(shape));
    }
  }

  static void requireChannels(String layer, int[] input, int expected) {
    if (input.length != 3 || input[0] != expected) {
      throw new IllegalArgumentException(
          layer + " expects " + expected + " input channels (C,H,W) but got " + Arrays.toString(input));
    }
  }

  static int convOut(int size, int kernel, int stride, int padding) {
    int out = SlidingWindow.outputSize(size, kernel, stride, padding);
    if (out <= 0) {
      throw new IllegalArgumentException(
          "kernel " + kernel + " with padding " + padding + " does not fit input size " + size);
    }
    return out;
  }
}
