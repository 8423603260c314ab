package org.ltcheck.experiments.subsetsum;

import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import org.ltcheck.subsetsum.FirstFitSolver;

/**
 * What {@link SubsetStatistics#measure} measures. Validated on construction, so an invalid setting
 * fails before any work starts, with a message that names the value.
 *
 * @param values which base values to study, at least one, no repeats
 * @param sizes the base-set sizes n, each in 1..{@value #MAX_BASE_SET_SIZE}; stored ascending
 *     without repeats
 * @param epsilons the tolerances ε, each in (0, 1); stored in descending order without repeats
 * @param trials independent base sets per (values, n), &gt;= 1
 * @param gridDensity grid points per ε of the target grid ({@link TargetGrid}), &gt;= 1
 * @param maxSubsetSize the largest subset size searched, 1..{@value #MAX_SUBSET_SIZE}
 * @param delta the failure probability δ of the theory's statement, in (0, 1)
 * @param reference the reference-protocol comparison of the two solver policies
 */
public record SubsetStatsSettings(
    List<BaseValues> values,
    List<Integer> sizes,
    List<Double> epsilons,
    int trials,
    int gridDensity,
    int maxSubsetSize,
    double delta,
    ReferenceProtocol reference) {

  /**
   * Largest base-set size. The solver keeps the 0/1 matrices of all k-subsets, k ≤ 9, of the current
   * n; at n = 24 these take about 0.5 GB, and each further n roughly doubles that. Success at
   * ε = 0.01 is close to 1 well before n = 24 for both kinds of values.
   */
  public static final int MAX_BASE_SET_SIZE = 24;

  /**
   * Largest subset size. The authors' limit ({@link FirstFitSolver#DEFAULT_MAX_SIZE}), so that the
   * numbers compare with theirs: for n ≤ 9 it is the full search; for larger n a target that only a
   * subset of more than 9 values reaches counts as a failure, as in the reference (the measured
   * success is then a lower bound on Lueker's event, which allows any subset). Memory grows with
   * it as described at {@link #MAX_BASE_SET_SIZE}.
   */
  public static final int MAX_SUBSET_SIZE = FirstFitSolver.DEFAULT_MAX_SIZE;

  /**
   * The comparison of the authors' first-fit policy with the minimum-cardinality solver, run as the
   * reference's {@code main_ssa_stats.py} does: every target z ~ U[-1,1] gets its own fresh base
   * set of n values, and both policies search subsets of size ≤ {@link FirstFitSolver#DEFAULT_MAX_SIZE}.
   *
   * @param n the base-set size, 1..{@value #MAX_BASE_SET_SIZE} (the reference: 15)
   * @param eps the tolerance, in (0, 1) (the reference: 0.01)
   * @param targets the number of targets per kind of values, &gt;= 0; 0 skips the comparison
   *     (the reference: 100,000)
   */
  public record ReferenceProtocol(int n, double eps, int targets) {
    /** The reference statistics' setting: n = 15, ε = 0.01, 100,000 targets. */
    public static final ReferenceProtocol PUBLISHED = new ReferenceProtocol(15, 0.01, 100_000);

    public ReferenceProtocol {
      checkSize("reference n", n);
      checkEps("reference ε", eps);
      if (targets < 0) {
        throw new IllegalArgumentException("reference targets = " + targets + " must be >= 0");
      }
    }

    /** @return the same protocol with {@code count} targets */
    public ReferenceProtocol withTargets(int count) {
      return new ReferenceProtocol(n, eps, count);
    }
  }

  public SubsetStatsSettings {
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(sizes, "sizes");
    Objects.requireNonNull(epsilons, "epsilons");
    Objects.requireNonNull(reference, "reference");
    if (values.isEmpty() || values.stream().distinct().count() != values.size()
        || values.stream().anyMatch(Objects::isNull)) {
      throw new IllegalArgumentException("values must name each kind at most once and at least one, got " + values);
    }
    values = List.copyOf(values);
    if (sizes.isEmpty()) {
      throw new IllegalArgumentException("at least one base-set size n is needed");
    }
    sizes.forEach(n -> checkSize("n", n));
    sizes = sizes.stream().distinct().sorted().toList();
    if (epsilons.isEmpty()) {
      throw new IllegalArgumentException("at least one ε is needed");
    }
    epsilons.forEach(e -> checkEps("ε", e));
    epsilons = epsilons.stream().distinct().sorted((a, b) -> Double.compare(b, a)).toList();
    if (trials < 1) {
      throw new IllegalArgumentException("trials = " + trials + " must be >= 1");
    }
    if (gridDensity < 1) {
      throw new IllegalArgumentException("grid density = " + gridDensity + " must be >= 1");
    }
    if (maxSubsetSize < 1 || maxSubsetSize > MAX_SUBSET_SIZE) {
      throw new IllegalArgumentException(
          "max subset size = " + maxSubsetSize + " is outside 1.." + MAX_SUBSET_SIZE);
    }
    if (!(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException("δ = " + delta + " is outside (0, 1)");
    }
    epsilons.forEach(e -> TargetGrid.covering(e, gridDensity));
  }

  /**
   * The full study: n = 4..24, ε ∈ {0.1, 0.05, 0.01}, both kinds of values, δ = 0.01, grid density
   * 4, subsets up to size 9, and the reference comparison at its published setting.
   *
   * @param trials base sets per (values, n)
   */
  public static SubsetStatsSettings standard(int trials) {
    return new SubsetStatsSettings(List.of(BaseValues.values()), range(4, MAX_BASE_SET_SIZE), List.of(0.1, 0.05, 0.01),
        trials, TargetGrid.DEFAULT_DENSITY, MAX_SUBSET_SIZE, 0.01, ReferenceProtocol.PUBLISHED);
  }

  /** A preset that finishes within seconds: n = 4..20, 40 trials, 10,000 reference targets. */
  public static SubsetStatsSettings quick() {
    SubsetStatsSettings s = standard(40);
    return new SubsetStatsSettings(s.values(), range(4, 20), s.epsilons(), s.trials(), s.gridDensity(),
        s.maxSubsetSize(), s.delta(), s.reference().withTargets(10_000));
  }

  /** @return the largest n, the length of every drawn base sequence */
  public int maxSize() {
    return sizes.get(sizes.size() - 1);
  }

  /** @return the integers {@code from..to}, both included */
  public static List<Integer> range(int from, int to) {
    if (from > to) {
      throw new IllegalArgumentException("empty range " + from + ".." + to);
    }
    return IntStream.rangeClosed(from, to).boxed().toList();
  }

  private static void checkSize(String name, Integer n) {
    if (n == null || n < 1 || n > MAX_BASE_SET_SIZE) {
      throw new IllegalArgumentException(name + " = " + n + " is outside 1.." + MAX_BASE_SET_SIZE);
    }
  }

  private static void checkEps(String name, Double eps) {
    if (eps == null || !(eps > 0 && eps < 1)) {
      throw new IllegalArgumentException(name + " = " + eps + " is outside (0, 1)");
    }
  }
}
