package org.ltcheck.inference;

import org.ltcheck.model.BatchNorm2d;
import org.ltcheck.model.ChannelScale;

/**
 * y = scale[c]·x + shift[c] per channel, the factors in double: inference batch norm folded into
 * one multiply-add, and ChannelScale (shift null). Read by the float kernel, which rounds each
 * factor once, and by the double-precision op.
 */
public record ChannelAffine(double[] scale, double[] shift) {
  public static ChannelAffine of(BatchNorm2d bn) {
    double[] scale = new double[bn.channels()];
    double[] shift = new double[bn.channels()];
    for (int c = 0; c < scale.length; c++) {
      scale[c] = bn.scale(c);
      shift[c] = bn.shift(c);
    }
    return new ChannelAffine(scale, shift);
  }

  public static ChannelAffine of(ChannelScale cs) {
    double[] scale = new double[cs.channels()];
    for (int c = 0; c < scale.length; c++) {
      scale[c] = cs.scale().get(c);
    }
    return new ChannelAffine(scale, null);
  }

  public int channels() {
    return scale.length;
  }
}
