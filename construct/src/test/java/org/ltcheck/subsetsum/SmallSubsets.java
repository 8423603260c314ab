package org.ltcheck.subsetsum;

/**
 * An independent check for base sets too large for {@link BruteForceSolver}: the fewest-terms rules over the
 * subsets of at most a few elements, enumerated as combinations in lexicographic order, so that the first
 * strictly smaller error of a size is the tie rules' winner.
 */
final class SmallSubsets {

    private SmallSubsets() {
    }

    /**
     * @return the fewest-terms answer among the subsets of at most {@code maxCardinality} values, or
     *         {@code null} when none of them is within tolerance
     */
    static SubsetSolution fewestTerms(double[] values, double target, double tolerance, int maxCardinality) {
        for (int k = 0; k <= maxCardinality; k++) {
            int[] combination = Combinations.first(k);
            int[] best = null;
            double bestError = Double.POSITIVE_INFINITY;
            do {
                double error = Math.abs(target - RandomProblems.sumOf(values, combination));
                if (error <= tolerance && error < bestError) {
                    best = combination.clone();
                    bestError = error;
                }
            } while (Combinations.next(combination, values.length));
            if (best != null) {
                return SubsetSolution.of(values, best, target, tolerance);
            }
        }
        return null;
    }
}
