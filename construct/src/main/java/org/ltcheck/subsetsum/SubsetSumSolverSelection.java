package org.ltcheck.subsetsum;

import static org.ltcheck.subsetsum.SubsetSumInputs.checkFinite;
import static org.ltcheck.subsetsum.SubsetSumInputs.checkSizeLimit;
import static org.ltcheck.subsetsum.SubsetSumInputs.checkTargets;
import static org.ltcheck.subsetsum.SubsetSumInputs.checkTolerance;
import static org.ltcheck.subsetsum.SubsetSumInputs.checkValueSets;
import static org.ltcheck.subsetsum.SubsetSumInputs.checkValues;

/**
 * The construction's solver: picks, per problem, {@link MinimumCardinalitySolver} or
 * {@link MeetInTheMiddleSolver} by the base-set size n and the tolerance, and accepts subsets of at most
 * {@code maxCardinality} terms.
 *
 * <p>Why the choice cannot change a ticket: both solvers are exact with the same rules (fewest terms, then the
 * smallest error, then the lexicographically first index set, every subset evaluated as
 * {@link SubsetSolution#of}), so whenever a feasible subset of at most {@code maxCardinality} terms exists
 * they return the same one, bit for bit. The choice is only about speed: the minimum-cardinality solver's
 * batched products are fastest for the base sets of about 15 values at the tolerances ε ≥ 1e-3 of the
 * paper's settings, whose answers have 2–3 terms ({@code experiments/results/benchmarks/subset-sum-mitm.md});
 * its cost grows with C(n, k) for the answer's size k, so larger base sets (n &gt; {@value #MINIMUM_CARDINALITY_MAX_N},
 * up to {@value #MAX_BASE_SET_SIZE}) and tighter tolerances go to meet in the middle, 4–45× faster there.
 *
 * <p>Departure from {@link SubsetSumSolver}'s fallback rule: without a feasible subset of at most
 * {@code maxCardinality} terms, {@code found} is false and the subset carried is the chosen solver's
 * (meet in the middle may carry a feasible subset with more terms); it is for diagnostics only.
 *
 * <p>Thread safe; both solvers are shared between the construction's workers. Memory per worker thread: the
 * meet-in-the-middle workspace, at most 23 MiB at n = 36 ({@link MeetInTheMiddleSolver}), about 92 MiB at
 * n = 40; the minimum-cardinality solver's indicator cache is shared.
 */
public final class SubsetSumSolverSelection implements SubsetSumSolver {
  /** Largest base set: meet in the middle's. */
  public static final int MAX_BASE_SET_SIZE = MeetInTheMiddleSolver.MAX_BASE_SET_SIZE;
  /** Largest base set given to the minimum-cardinality solver. */
  public static final int MINIMUM_CARDINALITY_MAX_N = 24;
  /** Smallest tolerance given to the minimum-cardinality solver. */
  public static final double MINIMUM_CARDINALITY_MIN_TOLERANCE = 1e-3;

  /** Which solver a problem goes to. */
  public enum Route {
    MINIMUM_CARDINALITY,
    MEET_IN_THE_MIDDLE
  }

  private final int maxCardinality;
  private final MinimumCardinalitySolver minimumCardinality;
  private final MeetInTheMiddleSolver meetInTheMiddle = new MeetInTheMiddleSolver();

  /** @param maxCardinality the largest subset accepted, &gt;= 0 */
  public SubsetSumSolverSelection(int maxCardinality) {
    this.maxCardinality = checkSizeLimit(maxCardinality, "maxCardinality");
    this.minimumCardinality = new MinimumCardinalitySolver(maxCardinality);
  }

  /** @return the largest subset this solver accepts */
  public int maxCardinality() {
    return maxCardinality;
  }

  @Override
  public int maxBaseSetSize() {
    return MAX_BASE_SET_SIZE;
  }

  /** The solver a problem of {@code n} base values within {@code tolerance} goes to. */
  public static Route route(int n, double tolerance) {
    return n <= MINIMUM_CARDINALITY_MAX_N && tolerance >= MINIMUM_CARDINALITY_MIN_TOLERANCE
        ? Route.MINIMUM_CARDINALITY
        : Route.MEET_IN_THE_MIDDLE;
  }

  @Override
  public SubsetSolution solve(double[] values, double target, double tolerance) {
    int n = checkValues(values, "values", MAX_BASE_SET_SIZE);
    checkFinite(target, "target");
    checkTolerance(tolerance);
    return route(n, tolerance) == Route.MINIMUM_CARDINALITY
        ? minimumCardinality.solve(values, target, tolerance)
        : capped(meetInTheMiddle.solve(values, target, tolerance));
  }

  /** Batches of equal n go to one solver, so the minimum-cardinality batches keep their matrix products. */
  @Override
  public SubsetSolution[] solveBatch(double[][] valueSets, double[] targets, double tolerance) {
    checkTargets(targets);
    int n = checkValueSets(valueSets, targets.length, MAX_BASE_SET_SIZE);
    checkTolerance(tolerance);
    if (route(n, tolerance) == Route.MINIMUM_CARDINALITY) {
      return minimumCardinality.solveBatch(valueSets, targets, tolerance);
    }
    SubsetSolution[] out = new SubsetSolution[targets.length];
    for (int t = 0; t < targets.length; t++) {
      out[t] = capped(meetInTheMiddle.solve(valueSets[t], targets[t], tolerance));
    }
    return out;
  }

  private SubsetSolution capped(SubsetSolution s) {
    return s.found() && s.cardinality() > maxCardinality
        ? new SubsetSolution(s.indices(), s.sum(), s.error(), false)
        : s;
  }
}
