package org.ltcheck.mother;

/**
 * Logical identity of a mother channel: the target channel it serves (its group) and its index
 * among that group's copies. Bias channels form their own group. Encoded in one long so that it
 * can key the counter-based generator.
 *
 * <p>A copy may have a <b>mirror</b>: the same group and index with {@link #MIRROR_BIT} set. The
 * generator gives every edge into or out of a mirror the negated weight of the corresponding edge
 * of the copy itself ({@link MotherRandom}), so a copy φ(a·x) and its mirror φ(−a·x), read with
 * weights u and −u, form the antisymmetric pair u·(φ(a·x) − φ(−a·x)) (sigmoid copies).
 */
public final class ChannelId {
  /** Group of the constant (bias) channels. */
  public static final int BIAS_GROUP = Integer.MAX_VALUE;

  /** The index bit that marks a mirror; copy indices stay far below it. */
  public static final int MIRROR_BIT = 1 << 30;

  private ChannelId() {}

  /** The mirror of copy {@code id}. */
  public static long mirror(long id) {
    if (isMirror(id) || isBias(id)) {
      throw new IllegalArgumentException("channel " + group(id) + "/" + index(id) + " has no mirror");
    }
    return of(group(id), index(id) | MIRROR_BIT);
  }

  /** Whether {@code id} is the mirror of a copy. */
  public static boolean isMirror(long id) {
    return (index(id) & MIRROR_BIT) != 0;
  }

  /** The copy a mirror mirrors; any other id itself. */
  public static long unmirrored(long id) {
    return id & ~(long) MIRROR_BIT;
  }

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
