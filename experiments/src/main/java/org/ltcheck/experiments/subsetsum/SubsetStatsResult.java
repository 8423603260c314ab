package org.ltcheck.experiments.subsetsum;

import java.util.List;
import java.util.Optional;

/**
 * Everything {@link SubsetStatistics#measure} established. Plain data, serialised to JSON as is
 * (component names are the JSON field names); a {@code null} component means "not defined", e.g. no
 * n of the grid reached success 1 − δ.
 *
 * @param settings what was measured
 * @param cells one per (values, ε, n), in the order values, ε (descending), n (ascending)
 * @param theory one per (values, ε): measured against predicted base-set size
 * @param reference one per kind of values, empty when the reference protocol was skipped
 * @param seconds wall-clock time of the measurement
 */
public record SubsetStatsResult(
    SubsetStatsSettings settings,
    List<Cell> cells,
    List<TheoryComparison> theory,
    List<ReferenceComparison> reference,
    double seconds) {

  public SubsetStatsResult {
    cells = List.copyOf(cells);
    theory = List.copyOf(theory);
    reference = List.copyOf(reference);
  }

  /**
   * The statistics of one (values, ε, n).
   *
   * @param values the kind of base values
   * @param eps the tolerance ε
   * @param n the base-set size
   * @param gridTargets targets per trial (the {@link TargetGrid})
   * @param success trials in which every grid target was approximated within ε
   * @param targetFailureRate fraction of all grid targets of all trials that were missed; by Fubini
   *     this estimates the probability that a target z ~ U[-1,1] is missed, the reference's failure
   *     rate (up to the grid's discretisation)
   * @param targetFailureStdError standard error of {@code targetFailureRate} over trials (grid targets
   *     of one trial share a base set and are not independent, so the trial is the unit); null for
   *     one trial
   * @param meanSubsetSize mean minimum subset size over the approximated targets; null if none
   */
  public record Cell(
      BaseValues values,
      double eps,
      int n,
      int gridTargets,
      Proportion success,
      double targetFailureRate,
      Double targetFailureStdError,
      Double meanSubsetSize) {}

  /**
   * The measured base-set size against the theory's.
   *
   * @param values the kind of base values
   * @param eps the tolerance ε
   * @param delta the failure probability δ
   * @param empiricalN the smallest measured n with empirical success ≥ 1 − δ; null if none of the
   *     grid's sizes reached it (an upper bound on the true smallest n when the grid has gaps)
   * @param theoryN {@code SubsetSumBound.baseSetSize(ε, δ, 1, C)}
   * @param theoryConstant the C used for {@code theoryN}
   * @param successAtTheoryN the measured success at n = {@code theoryN}; null if that n was not measured
   * @param impliedConstant empiricalN / ln(1/min(ε, δ)), the constant that would make the theory's
   *     n equal to the measured one (before rounding up); null with {@code empiricalN}
   */
  public record TheoryComparison(
      BaseValues values,
      double eps,
      double delta,
      Integer empiricalN,
      int theoryN,
      double theoryConstant,
      Double successAtTheoryN,
      Double impliedConstant) {}

  /**
   * The outcome of one solver policy under the reference protocol.
   *
   * @param policy the policy's name
   * @param failure targets not approximated within ε by any subset of size ≤ the limit
   * @param meanSubsetSize mean subset size over the approximated targets; null if none
   * @param meanError mean |z − sum| over the approximated targets; null if none
   * @param solverSeconds time spent in this policy's solver, summed over worker threads
   */
  public record PolicyOutcome(
      String policy, Proportion failure, Double meanSubsetSize, Double meanError, double solverSeconds) {}

  /**
   * The two policies on identical problems (the reference protocol), and the published figures.
   *
   * @param values the kind of base values
   * @param n the base-set size
   * @param eps the tolerance ε
   * @param maxSubsetSize the size limit of both policies
   * @param firstFit the authors' policy
   * @param minimumCardinality ltcheck's solver
   * @param disagreements targets on which the policies differ in success or in subset size;
   *     0 is expected, since both search all sizes in increasing order up to the same limit
   * @param referenceFailureRate the failure rate the reference statistics report
   * @param referenceMeanSubsetSize the mean subset size the reference statistics report
   * @param referenceWithinInterval whether the reported failure rate lies in the 95% interval of
   *     the measured first-fit failure rate
   * @param impliedConstant n / ln(1/min(ε, failure rate)) as the reference's {@code expC}
   *     estimates it; null when every target failed
   */
  public record ReferenceComparison(
      BaseValues values,
      int n,
      double eps,
      int maxSubsetSize,
      PolicyOutcome firstFit,
      PolicyOutcome minimumCardinality,
      long disagreements,
      double referenceFailureRate,
      double referenceMeanSubsetSize,
      boolean referenceWithinInterval,
      Double impliedConstant) {}

  /** @return the cells of one (values, ε), ascending in n */
  public List<Cell> curve(BaseValues v, double eps) {
    return cells.stream().filter(c -> c.values() == v && c.eps() == eps).toList();
  }

  /** @return the cell of (values, ε, n), if measured */
  public Optional<Cell> cell(BaseValues v, double eps, int n) {
    return cells.stream().filter(c -> c.values() == v && c.eps() == eps && c.n() == n).findFirst();
  }
}
