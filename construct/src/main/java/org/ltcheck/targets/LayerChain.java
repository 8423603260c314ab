package org.ltcheck.targets;

import org.ltcheck.theory.LayerShape;

/**
 * Follows the representation through a chain of layers so that each layer can be placed: a
 * convolution keeps the spatial map (stride 1 with size-preserving padding, as in the paper's
 * networks and the only case the reference supports), a linear layer on a map is a flatten head
 * whose inputs are grouped by channel, and after a linear layer the representation is a vector.
 */
final class LayerChain {
  private final InputShape input;
  private int channels;
  private long positions;
  private boolean spatial = true;
  private boolean first = true;

  LayerChain(InputShape input) {
    this.input = input;
    this.channels = input.channels();
    this.positions = input.positions();
  }

  LayerGeometry conv(String name, int in, int out, int kernelHeight, int kernelWidth) {
    if (!spatial) {
      throw new IllegalArgumentException(name + ": a convolution after a linear layer is not supported");
    }
    if (kernelHeight < 1 || kernelWidth < 1) {
      throw new IllegalArgumentException(name + ": kernel " + kernelHeight + "x" + kernelWidth + " is empty");
    }
    String even = TargetReader.evenKernel(name, kernelHeight, kernelWidth);
    if (even != null) {
      throw new IllegalArgumentException(even);
    }
    requireChannels(name, in);
    LayerGeometry g = new LayerGeometry(LayerShape.Kind.CONV, in, out, kernelHeight, kernelWidth, positions, 1);
    advance(out);
    return g;
  }

  LayerGeometry linear(String name, long inFeatures, int out) {
    int perChannel = 1;
    if (spatial && positions > 1) {
      if (inFeatures != channels * positions) {
        throw new IllegalArgumentException(
            name + ": " + inFeatures + " input features do not match the " + channels + " channels x " + positions
                + " positions before it (a flatten head of a " + input + " input; check --input)");
      }
      perChannel = Math.toIntExact(positions);
    } else {
      requireChannels(name, inFeatures);
    }
    LayerGeometry g = new LayerGeometry(LayerShape.Kind.LINEAR, channels, out, 1, 1, 1, perChannel);
    advance(out);
    spatial = false;
    positions = 1;
    return g;
  }

  private void requireChannels(String name, long in) {
    if (in != channels) {
      throw new IllegalArgumentException(
          name + " reads " + in + " channels but " + (first ? "the " + input + " input has " : "the layer before writes ")
              + channels);
    }
  }

  private void advance(int out) {
    if (out < 1) {
      throw new IllegalArgumentException("a layer with " + out + " outputs");
    }
    channels = out;
    first = false;
  }
}
