package org.ltcheck.build;

/**
 * A bias that no subset of the constant channels' edges can build within the tolerance, found
 * before the subset sums of its layer are solved ({@link BiasReach}).
 */
public final class UnreachableBiasException extends IllegalArgumentException {
  private final int targetLayer;
  private final int channel;
  private final double bias;
  private final double reachLow;
  private final double reachHigh;

  UnreachableBiasException(String message, int targetLayer, int channel, double bias, double reachLow, double reachHigh) {
    super(message);
    this.targetLayer = targetLayer;
    this.channel = channel;
    this.bias = bias;
    this.reachLow = reachLow;
    this.reachHigh = reachHigh;
  }

  /** The target layer whose bias cannot be built. */
  public int targetLayer() {
    return targetLayer;
  }

  /** Its output channel. */
  public int channel() {
    return channel;
  }

  /** The bias to build. */
  public double bias() {
    return bias;
  }

  /** The smallest sum the available edges reach. */
  public double reachLow() {
    return reachLow;
  }

  /** The largest sum the available edges reach. */
  public double reachHigh() {
    return reachHigh;
  }
}
