package org.ltcheck.targets;

import java.util.Arrays;
import org.ltcheck.tensor.FloatTensor;

/**
 * The shape of one network input, channels × height × width. The widths need only the channel
 * count; the spatial size tells a flatten head how many positions each channel has.
 */
public record InputShape(int channels, int height, int width) {
  /** MNIST: one 28×28 grey-scale channel. */
  public static final InputShape MNIST = new InputShape(1, 28, 28);

  /** Values per image or feature map: tensors are indexed by int. */
  public static final long MAX_VALUES = Integer.MAX_VALUE;

  public InputShape {
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "input shape " + channels + "x" + height + "x" + width + " needs positive dimensions");
    }
    requireWithinLimit("input shape", new int[] {channels, height, width});
  }

  /** A network's input shape: (C, H, W), or (N) for a vector input, taken as N x 1 x 1. */
  public static InputShape of(int[] shape) {
    return switch (shape.length) {
      case 3 -> new InputShape(shape[0], shape[1], shape[2]);
      case 1 -> new InputShape(shape[0], 1, 1);
      default -> throw new IllegalArgumentException("input shape " + Arrays.toString(shape) + " is neither (C,H,W) nor (N)");
    };
  }

  /**
   * Rejects a per-image shape with more than {@link #MAX_VALUES} values, which no tensor can
   * hold, before anything overflows.
   *
   * @param what what has the shape, for the message ("input shape", "layer 'conv1' writes")
   */
  public static void requireWithinLimit(String what, int[] shape) {
    long values = 1;
    for (int d : shape) {
      values *= d;
      if (values > MAX_VALUES) {
        throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
            "%s %s has %,d values per image, above the limit of %,d", what, describe(shape),
            FloatTensor.numelOf(shape), MAX_VALUES));
      }
    }
  }

  private static String describe(int[] shape) {
    return Arrays.stream(shape).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining("x"));
  }

  /** (C, H, W). */
  public int[] toArray() {
    return new int[] {channels, height, width};
  }

  /** Parses "CxHxW", e.g. "1x28x28" or "3x32x32". */
  public static InputShape parse(String text) {
    String[] parts = text.trim().toLowerCase(java.util.Locale.ROOT).split("x", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("input shape '" + text + "' is not CxHxW (e.g. 1x28x28)");
    }
    int[] d = new int[3];
    for (int k = 0; k < 3; k++) {
      try {
        d[k] = Integer.parseInt(parts[k].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("input shape '" + text + "' is not CxHxW (e.g. 1x28x28)");
      }
    }
    return new InputShape(d[0], d[1], d[2]);
  }

  /** Spatial positions per channel: height × width. */
  public long positions() {
    return (long) height * width;
  }

  @Override
  public String toString() {
    return channels + "x" + height + "x" + width;
  }
}
