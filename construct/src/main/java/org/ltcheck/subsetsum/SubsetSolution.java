package org.ltcheck.subsetsum;

import java.util.Arrays;
import java.util.Objects;

/**
 * The outcome of one subset-sum search: the chosen indices into the base set, their sum and the absolute
 * error with respect to the target.
 *
 * <p>Immutable: the index array is copied on construction and on access. Equality compares the index
 * contents and the doubles as {@link Double#compare} does, so solutions from different solvers can be
 * compared directly.
 *
 * @param indices the chosen base-value indices, strictly ascending, each &gt;= 0
 * @param sum     the sum of the chosen values (see {@link #of} for how it is evaluated)
 * @param error   {@code |target - sum|}
 * @param found   whether {@code error} is within the tolerance of the search; when {@code false} the subset
 *                is the best one found, kept for diagnostics
 */
public record SubsetSolution(int[] indices, double sum, double error, boolean found) {

    /** Validates and copies the components. */
    public SubsetSolution {
        Objects.requireNonNull(indices, "indices");
        indices = indices.clone();
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0) {
                throw new IllegalArgumentException("indices[" + i + "] = " + indices[i] + " is negative");
            }
            if (i > 0 && indices[i] <= indices[i - 1]) {
                throw new IllegalArgumentException(
                        "indices must be strictly ascending, got " + Arrays.toString(indices));
            }
        }
        if (Double.isNaN(sum)) {
            throw new IllegalArgumentException("sum is NaN");
        }
        if (!(error >= 0)) {
            throw new IllegalArgumentException("error must be >= 0, was " + error);
        }
    }

    /**
     * Evaluates a subset the way every solver in this package does, so that their results agree bit for bit:
     * the sum is accumulated left to right in ascending index order starting from {@code +0.0}, the error is
     * {@code |target - sum|}, and the subset counts as found when {@code error <= tolerance}.
     *
     * @param values    the base values
     * @param indices   strictly ascending indices into {@code values}
     * @param target    the approximated value
     * @param tolerance the admissible error
     * @return the evaluated solution
     * @throws IllegalArgumentException if an index is out of range or not strictly ascending
     */
    public static SubsetSolution of(double[] values, int[] indices, double target, double tolerance) {
        for (int index : indices) {
            if (index >= values.length) {
                throw new IllegalArgumentException(
                        "index " + index + " is out of range for " + values.length + " values");
            }
        }
        double sum = sumOf(values, indices);
        double error = Math.abs(target - sum);
        return new SubsetSolution(indices, sum, error, error <= tolerance);
    }

    /** The sum as {@link #of} defines it, for solvers that evaluate many candidates without allocating. */
    static double sumOf(double[] values, int[] indices) {
        double sum = 0.0;
        for (int index : indices) {
            sum += values[index];
        }
        return sum;
    }

    /** @return a copy of the chosen indices */
    @Override
    public int[] indices() {
        return indices.clone();
    }

    /** @return the number of chosen base values, i.e. the number of weights the ticket keeps */
    public int cardinality() {
        return indices.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SubsetSolution that
                && Arrays.equals(indices, that.indices)
                && Double.compare(sum, that.sum) == 0
                && Double.compare(error, that.error) == 0
                && found == that.found;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(indices), sum, error, found);
    }

    @Override
    public String toString() {
        return "SubsetSolution[indices=" + Arrays.toString(indices) + ", sum=" + sum + ", error=" + error
                + ", found=" + found + "]";
    }
}
