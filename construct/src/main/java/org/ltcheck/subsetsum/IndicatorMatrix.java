package org.ltcheck.subsetsum;

import org.ejml.data.DMatrixRMaj;

/**
 * The subset-indicator matrix of all k-subsets of n base values: C(n,k) rows of 0/1 entries with exactly k
 * ones, rows in lexicographic combination order. Multiplying it with an n×T matrix whose columns are base sets
 * yields every k-subset sum of every base set at once.
 *
 * <p>Exactness: EJML accumulates each entry of a product left to right over the inner index. With 0/1
 * factors a row therefore adds exactly the chosen values in ascending index order (products with 0 add a
 * signed zero, which leaves a sum unchanged up to the sign of a zero result), so each product entry equals
 * {@link SubsetSolution#of}'s sum as a number and solvers built on it make the same decisions as scalar ones.
 *
 * <p>Not exposed: the matrix is mutable and must stay unchanged once built.
 */
final class IndicatorMatrix {

    private final int n;
    private final int k;
    private final DMatrixRMaj ones;
    private final int[] members;

    private IndicatorMatrix(int n, int k, DMatrixRMaj ones, int[] members) {
        this.n = n;
        this.k = k;
        this.ones = ones;
        this.members = members;
    }

    /**
     * Builds the indicator matrix of the k-subsets of n values.
     *
     * @throws IllegalStateException if C(n,k)·n entries do not fit one Java array; lower the cardinality limit
     */
    static IndicatorMatrix build(int n, int k) {
        long rows = Combinations.count(n, k);
        long entries = rows * n;
        if (entries > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("the indicator matrix of the " + k + "-subsets of " + n
                    + " values has " + rows + " rows, too many to hold; use a smaller maximum cardinality");
        }
        DMatrixRMaj ones = new DMatrixRMaj((int) rows, n);
        int[] members = new int[(int) rows * k];
        int[] combination = Combinations.first(k);
        int row = 0;
        do {
            for (int j = 0; j < k; j++) {
                ones.unsafe_set(row, combination[j], 1.0);
                members[row * k + j] = combination[j];
            }
            row++;
        } while (Combinations.next(combination, n));
        return new IndicatorMatrix(n, k, ones, members);
    }

    /** @return the number of base values n */
    int size() {
        return n;
    }

    /** @return the subset cardinality k */
    int cardinality() {
        return k;
    }

    /** @return the number of rows C(n,k) */
    int rows() {
        return ones.numRows;
    }

    /** @return the 0/1 matrix itself; callers must not modify it */
    DMatrixRMaj matrix() {
        return ones;
    }

    /** @return the ascending indices of the subset in {@code row} (a fresh array) */
    int[] subset(int row) {
        int[] subset = new int[k];
        System.arraycopy(members, row * k, subset, 0, k);
        return subset;
    }
}
