package org.ltcheck.targets;

/**
 * The shape of one network input, channels × height × width. The widths need only the channel
 * count; the spatial size tells a flatten head how many positions each channel has.
 */
public record InputShape(int channels, int height, int width) {
  /** MNIST: one 28×28 grey-scale channel. */
  public static final InputShape MNIST = new InputShape(1, 28, 28);

  public InputShape {
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "input shape " + channels + "x" + height + "x" + width + " needs positive dimensions");
    }
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
