package org.ltcheck.mother;

/**
 * Logical identity of a mother channel: the target channel it serves (its group) and its index
 * among that group's copies. Bias channels form their own group. Encoded in one long so that it
 * can key the counter-based generator.
 */
public final class ChannelId {
  /** Group of the constant (bias) channels. */
  public static final int BIAS_GROUP = Integer.MAX_VALUE;

  private ChannelId() {}

  public static long of(int group, int index) {
    return ((long) group << 32) | (index & 0xFFFFFFFFL);
  }

  public static int group(long id) {
    return (int) (id >>> 32);
  }

  public static int index(long id) {
    return (int) id;
  }

  public static boolean isBias(long id) {
    return group(id) == BIAS_GROUP;
  }
}
