package org.ltcheck.model;

/**
 * Max pooling over square windows; padded positions never win (PyTorch and ONNX pad with −∞).
 * The maximum is 1-Lipschitz in the ∞-norm per window, which is what lets a ticket pool its own
 * approximation of each channel without amplifying the error.
 */
public record MaxPool2d(int kernel, int stride, int padding) implements Layer {
  public MaxPool2d {
    if (kernel < 1 || stride < 1 || padding < 0 || 2 * padding > kernel) {
      throw new IllegalArgumentException(
          "max-pool kernel " + kernel + ", stride " + stride + " and padding " + padding + " invalid");
    }
  }

  @Override
  public int[] outputShape(int[] in) {
    Shapes.requireRank("max-pool input", in, 3);
    return new int[] {
      in[0], Shapes.convOut(in[1], kernel, stride, padding), Shapes.convOut(in[2], kernel, stride, padding)
    };
  }
}
