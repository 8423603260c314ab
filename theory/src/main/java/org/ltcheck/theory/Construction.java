package org.ltcheck.theory;

/**
 * The two constructions of the paper: Algorithm 2 (depth L+1, PAPER §3) and Algorithm 1
 * (depth 2L, PAPER §4); their layer plans are {@link LPlusOneLayout} and {@link TwoLLayout}.
 */
public enum Construction {
  L_PLUS_ONE("L+1"),
  TWO_L("2L");

  private final String label;

  Construction(String label) {
    this.label = label;
  }

  /** The paper's name, also used on the command line. */
  public String label() {
    return label;
  }

  /** The layer plan: {@link LPlusOneLayout} or {@link TwoLLayout}. */
  public MotherLayout layout() {
    return MotherLayout.of(this);
  }

  /** Mother depth for a target of depth {@code targetDepth}. */
  public int motherDepth(int targetDepth) {
    return layout().motherDepth(targetDepth);
  }

  /** Parses "L+1" or "2L" (case-insensitive). */
  public static Construction fromLabel(String label) {
    for (Construction c : values()) {
      if (c.label.equalsIgnoreCase(label)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown construction '" + label + "' (expected L+1 or 2L)");
  }
}
