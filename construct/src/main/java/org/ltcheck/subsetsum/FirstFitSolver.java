package org.ltcheck.subsetsum;

import static org.ltcheck.subsetsum.SubsetSumInputs.checkFinite;
import static org.ltcheck.subsetsum.SubsetSumInputs.checkSizeLimit;
import static org.ltcheck.subsetsum.SubsetSumInputs.checkTolerance;
import static org.ltcheck.subsetsum.SubsetSumInputs.checkValues;

/**
 * The policy of the authors' reference code ({@code exhaustive} in {@code Utils/pruning.py}), kept as a named
 * policy so that ltcheck can reproduce the published statistics and compare against them.
 *
 * <p>Sizes k = 0, 1, ..., {@code maxSize} are tried in increasing order and, within a size, combinations in
 * lexicographic order; the search stops at the <em>first</em> subset whose error is within tolerance. The result
 * therefore has minimum cardinality (up to {@code maxSize}) but, unlike {@link MinimumCardinalitySolver}, not
 * the smallest error of that cardinality. When nothing is within tolerance it returns the smallest-error subset
 * seen, earliest on ties, as the reference does. The reference's default {@code nmax = 10} means sizes 0..9,
 * hence {@link #DEFAULT_MAX_SIZE}; unlike the reference, a base set with fewer than 10 values is searched up
 * to its full size.
 */
public final class FirstFitSolver implements SubsetSumSolver {

    /** The reference's largest subset size. */
    public static final int DEFAULT_MAX_SIZE = 9;

    private final int maxSize;

    /** A first-fit solver over subsets of at most {@link #DEFAULT_MAX_SIZE} elements, as in the reference. */
    public FirstFitSolver() {
        this(DEFAULT_MAX_SIZE);
    }

    /**
     * A first-fit solver over subsets of at most {@code maxSize} elements.
     *
     * @param maxSize the largest subset size tried, &gt;= 0
     */
    public FirstFitSolver(int maxSize) {
        this.maxSize = checkSizeLimit(maxSize, "maxSize");
    }

    /** @return the largest subset size this solver tries */
    public int maxSize() {
        return maxSize;
    }

    @Override
    public SubsetSolution solve(double[] values, double target, double tolerance) {
        int n = checkValues(values, "values", MAX_BASE_SET_SIZE);
        checkFinite(target, "target");
        checkTolerance(tolerance);
        int[] best = null;
        double bestError = Double.POSITIVE_INFINITY;
        for (int k = 0; k <= Math.min(maxSize, n); k++) {
            int[] combination = Combinations.first(k);
            do {
                double error = Math.abs(target - SubsetSolution.sumOf(values, combination));
                if (error <= tolerance) {
                    return SubsetSolution.of(values, combination, target, tolerance);
                }
                if (error < bestError) {
                    best = combination.clone();
                    bestError = error;
                }
            } while (Combinations.next(combination, n));
        }
        return SubsetSolution.of(values, best, target, tolerance);
    }
}
