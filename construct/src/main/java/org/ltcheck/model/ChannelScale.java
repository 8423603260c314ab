package org.ltcheck.model;

import org.ltcheck.tensor.FloatTensor;

/**
 * Multiplies each channel by its own factor: the identity shortcut of an open_lth ResNet block,
 * whose weight has shape (C,1,1).
 */
public record ChannelScale(FloatTensor scale) implements Layer {
  public ChannelScale {
    if (scale.rank() < 1 || scale.size() != scale.dim(0)) {
      throw new IllegalArgumentException("channel scale must have shape (C) or (C,1,1), got " + scale);
    }
  }

  public int channels() {
    return scale.dim(0);
  }

  @Override
  public int[] outputShape(int[] in) {
    Shapes.requireChannels("channel scale", in, channels());
    return in.clone();
  }
}
