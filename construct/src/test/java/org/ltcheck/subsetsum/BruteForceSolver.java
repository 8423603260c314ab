package org.ltcheck.subsetsum;

import static org.ltcheck.subsetsum.SubsetSumInputs.checkFinite;
import static org.ltcheck.subsetsum.SubsetSumInputs.checkSizeLimit;
import static org.ltcheck.subsetsum.SubsetSumInputs.checkTolerance;
import static org.ltcheck.subsetsum.SubsetSumInputs.checkValues;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The reference oracle for {@link MinimumCardinalitySolver}'s rules, for tests and proofs on small inputs
 * (n &lt;= {@link #MAX_ORACLE_SIZE}).
 *
 * <p>Deliberately naive and independent of the fast solver: it evaluates all 2^n subsets (bit masks) with
 * {@link SubsetSolution#of} and picks the winner with explicit comparators. Among feasible subsets: smallest
 * cardinality, then smallest error, then lexicographically first indices. Without a feasible subset: smallest
 * error, then smallest cardinality, then lexicographically first indices. Costs O(2^n · n) time per call.
 */
public final class BruteForceSolver implements SubsetSumSolver {

    /** The largest base set the oracle accepts; 2^20 subsets take well under a second. */
    public static final int MAX_ORACLE_SIZE = 20;

    private static final Comparator<int[]> LEXICOGRAPHIC = Arrays::compare;
    private static final Comparator<SubsetSolution> FEASIBLE_ORDER =
            Comparator.comparingInt(SubsetSolution::cardinality)
                    .thenComparingDouble(SubsetSolution::error)
                    .thenComparing(SubsetSolution::indices, LEXICOGRAPHIC);
    private static final Comparator<SubsetSolution> FALLBACK_ORDER =
            Comparator.comparingDouble(SubsetSolution::error)
                    .thenComparingInt(SubsetSolution::cardinality)
                    .thenComparing(SubsetSolution::indices, LEXICOGRAPHIC);

    private final int maxCardinality;

    /** An oracle over subsets of every size. */
    public BruteForceSolver() {
        this(MAX_ORACLE_SIZE);
    }

    /**
     * An oracle over subsets of at most {@code maxCardinality} elements, to check solvers with the same limit.
     *
     * @param maxCardinality the largest subset size considered, &gt;= 0
     */
    public BruteForceSolver(int maxCardinality) {
        this.maxCardinality = checkSizeLimit(maxCardinality, "maxCardinality");
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException also if n &gt; {@link #MAX_ORACLE_SIZE}
     */
    @Override
    public SubsetSolution solve(double[] values, double target, double tolerance) {
        int n = checkValues(values, "values", MAX_ORACLE_SIZE);
        checkFinite(target, "target");
        checkTolerance(tolerance);
        SubsetSolution bestFeasible = null;
        SubsetSolution bestOverall = null;
        for (int mask = 0; mask < 1 << n; mask++) {
            if (Integer.bitCount(mask) > maxCardinality) {
                continue;
            }
            SubsetSolution candidate = SubsetSolution.of(values, indicesOf(mask), target, tolerance);
            if (candidate.found() && (bestFeasible == null || FEASIBLE_ORDER.compare(candidate, bestFeasible) < 0)) {
                bestFeasible = candidate;
            }
            if (bestOverall == null || FALLBACK_ORDER.compare(candidate, bestOverall) < 0) {
                bestOverall = candidate;
            }
        }
        return bestFeasible != null ? bestFeasible : bestOverall;
    }

    private static int[] indicesOf(int mask) {
        int[] indices = new int[Integer.bitCount(mask)];
        int next = 0;
        for (int i = 0; i < Integer.SIZE; i++) {
            if ((mask & (1 << i)) != 0) {
                indices[next++] = i;
            }
        }
        return indices;
    }
}
