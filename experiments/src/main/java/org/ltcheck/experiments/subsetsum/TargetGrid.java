package org.ltcheck.experiments.subsetsum;

/**
 * The targets that stand in for "every z in [-1, 1]" in the success event of Lueker's statement.
 *
 * <p>Why a grid and not random targets: the theorem's event is uniform over the interval, and a
 * grid turns it into a finite check with a guaranteed sandwich. With m + 1 points
 * z_j = (2j − m)/m, m = ⌈2·density/ε⌉, neighbouring points are at most ε/density apart, so every
 * z ∈ [-1, 1] lies within ε/(2·density) of a grid point. Hence, for the same base set,
 * <pre>
 *   every z within ε  ⟹  every grid point within ε  ⟹  every z within ε·(1 + 1/(2·density)).
 * </pre>
 * The measured probability is therefore an upper bound on P(every z within ε) and a lower bound on
 * P(every z within 1.125·ε) at the default density 4. Both endpoints ±1, the hardest targets, are
 * grid points; the grid is exactly symmetric (z_{m−j} = −z_j).
 */
public final class TargetGrid {
  /** Grid points per ε: spacing ε/4, so the sandwich above loses at most 12.5% of ε. */
  public static final int DEFAULT_DENSITY = 4;

  private TargetGrid() {}

  /**
   * @param eps the tolerance ε, in (0, 1)
   * @param density grid points per ε, &gt;= 1
   * @return the ascending grid of ⌈2·density/ε⌉ + 1 targets covering [-1, 1]
   */
  public static double[] covering(double eps, int density) {
    if (!(eps > 0 && eps < 1)) {
      throw new IllegalArgumentException("ε = " + eps + " is outside (0, 1)");
    }
    if (density < 1) {
      throw new IllegalArgumentException("grid density " + density + " must be >= 1");
    }
    double intervals = Math.ceil(2.0 * density / eps);
    if (intervals > 10_000_000) {
      throw new IllegalArgumentException("ε = " + eps + " at density " + density + " needs " + intervals
          + " grid points; the limit is 10,000,000");
    }
    int m = (int) intervals;
    double[] grid = new double[m + 1];
    for (int j = 0; j <= m; j++) {
      grid[j] = (2.0 * j - m) / m;
    }
    return grid;
  }
}
