package org.ltcheck.model;

import java.util.Arrays;
import java.util.List;

/**
 * out = after(body(x) + shortcut(x)). An empty shortcut is the plain identity; otherwise it is
 * a {@link ChannelScale} or a 1x1 {@link Conv2d} followed by {@link BatchNorm2d}.
 */
public record ResidualBlock(List<Layer> body, List<Layer> shortcut, Activation after) implements Layer {
  public ResidualBlock {
    body = List.copyOf(body);
    shortcut = List.copyOf(shortcut);
    if (body.isEmpty()) {
      throw new IllegalArgumentException("residual block needs a body");
    }
  }

  @Override
  public int[] outputShape(int[] in) {
    int[] main = Network.propagate(body, in);
    int[] side = Network.propagate(shortcut, in);
    if (!Arrays.equals(main, side)) {
      throw new IllegalArgumentException(
          "residual body gives " + Arrays.toString(main) + " but shortcut gives " + Arrays.toString(side));
    }
    return main;
  }
}
