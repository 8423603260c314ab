package org.ltcheck.subsetsum;

/**
 * Approximates a target value by the sum of a subset of given base values.
 *
 * <p>In the lottery-ticket construction every target weight z must be realised by keeping a subset of
 * n random weights and pruning the rest; the number of kept weights is the ticket's cost, so the primary
 * objective is the <em>cardinality</em> of the subset, and the approximation error only has to stay within
 * the per-parameter tolerance.
 *
 * <h2>Contract</h2>
 * A call {@code solve(values, z, tol)} searches the subsets of {@code values} whose size does not exceed the
 * implementation's size limit. A subset S is <em>feasible</em> when {@code |z - sum(S)| <= tol}, where the sum
 * is evaluated as in {@link SubsetSolution#of}. The empty subset has cardinality 0 and sum 0.
 * <ul>
 *   <li>If a feasible subset exists, the result has {@code found == true} and is a feasible subset of minimum
 *       cardinality. Which one of those is returned is the implementation's policy (for
 *       {@link MinimumCardinalitySolver}: smallest error, then the lexicographically first index set). The one
 *       documented exception is {@link MeetInTheMiddleSolver.Objective#LEAST_AMPLIFICATION}, which returns the
 *       feasible subset of least Σ|x| whatever its size.</li>
 *   <li>Otherwise the result has {@code found == false} and carries, for diagnostics, the subset with the
 *       smallest error among all searched subsets (ties: smaller cardinality, then the lexicographically
 *       first index set). Every implementation in this package follows this rule.</li>
 * </ul>
 * "Lexicographically first" refers to the ascending index arrays, i.e. the order in which combinations of a
 * fixed size are enumerated.
 *
 * <h2>Inputs</h2>
 * Implementations reject, with an {@link IllegalArgumentException} naming the offending value: a {@code null}
 * array, more than {@link #MAX_BASE_SET_SIZE} values, a NaN or infinite value or target, and a tolerance
 * that is not a finite positive number. An implementation may document a smaller limit on n, or a larger one
 * ({@link MeetInTheMiddleSolver#MAX_BASE_SET_SIZE} = 40).
 */
public interface SubsetSumSolver {

    /**
     * Largest supported base set, unless an implementation documents another limit. Subsets are addressed by
     * {@code int} bit masks and the number of candidate subsets (2^n) must stay enumerable.
     */
    int MAX_BASE_SET_SIZE = 30;

    /**
     * Finds a subset of {@code values} whose sum approximates {@code target} within {@code tolerance}.
     *
     * @param values    the base values X_1..X_n (not modified), finite, n &lt;= {@link #MAX_BASE_SET_SIZE}
     *                  (or the implementation's documented limit)
     * @param target    the value z to approximate, finite
     * @param tolerance the admissible absolute error, finite and &gt; 0
     * @return the chosen subset; see the class documentation for which subset and for {@code found}
     * @throws IllegalArgumentException if an input is invalid
     */
    SubsetSolution solve(double[] values, double target, double tolerance);

    /** @return the largest base set {@link #solve} accepts: {@link #MAX_BASE_SET_SIZE} unless documented */
    default int maxBaseSetSize() {
        return MAX_BASE_SET_SIZE;
    }

    /**
     * Solves many problems, each target with its own base set: {@code result[t]} is
     * {@code solve(valueSets[t], targets[t], tolerance)}. Implementations may batch the search (as
     * {@link MinimumCardinalitySolver} does) but must return exactly these solutions.
     *
     * @throws IllegalArgumentException if an input is invalid or {@code valueSets} and {@code targets}
     *     differ in length
     */
    default SubsetSolution[] solveBatch(double[][] valueSets, double[] targets, double tolerance) {
        if (valueSets == null || targets == null || valueSets.length != targets.length) {
            throw new IllegalArgumentException("need one base set per target, got "
                + (valueSets == null ? "null" : valueSets.length) + " base sets for "
                + (targets == null ? "null" : targets.length) + " targets");
        }
        SubsetSolution[] out = new SubsetSolution[targets.length];
        for (int t = 0; t < targets.length; t++) {
            out[t] = solve(valueSets[t], targets[t], tolerance);
        }
        return out;
    }
}
