package org.ltcheck.subsetsum;

import static org.ltcheck.subsetsum.SubsetSumInputs.checkFinite;
import static org.ltcheck.subsetsum.SubsetSumInputs.checkSizeLimit;
import static org.ltcheck.subsetsum.SubsetSumInputs.checkTargets;
import static org.ltcheck.subsetsum.SubsetSumInputs.checkTolerance;
import static org.ltcheck.subsetsum.SubsetSumInputs.checkValueSets;
import static org.ltcheck.subsetsum.SubsetSumInputs.checkValues;

import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.IntFunction;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The production subset-sum solver: returns a feasible subset of <em>minimum cardinality</em> (the ticket keeps
 * as few weights as possible), among those the one with the smallest error, and among equal errors the
 * lexicographically first index set.
 *
 * <p>Why vectorised: the construction solves one problem per target weight and copy (hundreds of thousands),
 * each with its own base set of n ≈ 15 values, and the minimum cardinality is typically 2–3. The solver
 * therefore processes k = 0, 1, 2, ... in increasing order and stops at the first k with a feasible subset,
 * never enumerating all 2^n sums unless needed. For each k the sums of all k-subsets of all still unresolved
 * base sets are one matrix product {@code indicator_k (C(n,k)×n) × V (n×T)} with EJML, followed by a scan per
 * column; only unresolved targets go on to k+1. The empty subset (k = 0, sum 0) needs no product.
 *
 * <p>The three entry points ({@link #solve}, {@link #solveBatch}, {@link #solveShared}) return identical
 * solutions for identical (values, target): they share the search loop and the tie rules, and the products
 * are exact (see {@link IndicatorMatrix}).
 *
 * <p>State: the indicator matrices are built on first use per (n, k) and cached in this instance (memory
 * C(n,k)·n doubles each; keep the cardinality limit small for n well above 20). The cache is thread safe,
 * so one instance may be shared between threads.
 */
public final class MinimumCardinalitySolver implements SubsetSumSolver {

    /** Entries of one block of subset sums (8 MiB): bounds memory and keeps the column scan in cache. */
    private static final int PRODUCT_BLOCK_ENTRIES = 1 << 20;

    private final int maxCardinality;
    private final ConcurrentMap<Integer, IndicatorMatrix> indicators = new ConcurrentHashMap<>();

    /** A solver that searches subsets of every size up to n. */
    public MinimumCardinalitySolver() {
        this(MAX_BASE_SET_SIZE);
    }

    /**
     * A solver that searches subsets of at most {@code maxCardinality} elements (and at most n).
     *
     * @param maxCardinality the largest subset size considered, &gt;= 0
     */
    public MinimumCardinalitySolver(int maxCardinality) {
        this.maxCardinality = checkSizeLimit(maxCardinality, "maxCardinality");
    }

    /** @return the largest subset size this solver considers */
    public int maxCardinality() {
        return maxCardinality;
    }

    @Override
    public SubsetSolution solve(double[] values, double target, double tolerance) {
        int n = checkValues(values, "values", MAX_BASE_SET_SIZE);
        checkFinite(target, "target");
        checkTolerance(tolerance);
        double[][] valueSets = {values};
        return searchBatch(valueSets, new double[] {target}, n, tolerance)[0];
    }

    /**
     * Solves many problems at once, each target with its own base set (the construction's case: base sets are
     * never shared). Equivalent to calling {@link #solve} for every {@code t}, but the subset sums of all
     * unresolved base sets are computed as one matrix product per cardinality.
     *
     * @param valueSets {@code valueSets[t]} is the base set of {@code targets[t]}; all of the same size n
     * @param targets   the targets
     * @param tolerance the admissible absolute error
     * @return {@code result[t]} is the solution for {@code (valueSets[t], targets[t])}
     * @throws IllegalArgumentException if an input is invalid or the base sets differ in size
     */
    @Override
    public SubsetSolution[] solveBatch(double[][] valueSets, double[] targets, double tolerance) {
        checkTargets(targets);
        int n = checkValueSets(valueSets, targets.length, MAX_BASE_SET_SIZE);
        checkTolerance(tolerance);
        return searchBatch(valueSets, targets, n, tolerance);
    }

    /**
     * Solves many targets against one shared base set (the subset-sum statistics' case). Per cardinality the
     * subset sums are computed once and sorted; each target then finds its nearest sum by binary search.
     * Returns the same solutions as {@link #solve} for each target.
     *
     * @param values    the shared base set
     * @param targets   the targets
     * @param tolerance the admissible absolute error
     * @return {@code result[t]} is the solution for {@code (values, targets[t])}
     * @throws IllegalArgumentException if an input is invalid
     */
    public SubsetSolution[] solveShared(double[] values, double[] targets, double tolerance) {
        int n = checkValues(values, "values", MAX_BASE_SET_SIZE);
        checkTargets(targets);
        checkTolerance(tolerance);
        DMatrixRMaj column = new DMatrixRMaj(n, 1, true, values);
        return search(n, targets, tolerance, t -> values,
                (indicator, progress) -> SortedSums.of(indicator, column).offerNearest(progress));
    }

    /** @return the cached indicator matrix of the k-subsets of n values, built on first use */
    IndicatorMatrix indicator(int n, int k) {
        return indicators.computeIfAbsent(n * (MAX_BASE_SET_SIZE + 1) + k, key -> IndicatorMatrix.build(n, k));
    }

    private SubsetSolution[] searchBatch(double[][] valueSets, double[] targets, int n, double tolerance) {
        return search(n, targets, tolerance, t -> valueSets[t],
                (indicator, progress) -> scanProducts(indicator, valueSets, progress));
    }

    /**
     * The search loop shared by all entry points: the empty subset first, then k = 1, 2, ... while some target
     * is unresolved; {@code scan} offers each open target its best k-subset.
     */
    private SubsetSolution[] search(int n, double[] targets, double tolerance, IntFunction<double[]> valuesOf,
            CardinalityScan scan) {
        Progress progress = new Progress(targets, tolerance);
        for (int t : progress.open()) {
            progress.offer(t, 0, 0, Math.abs(targets[t] - 0.0));
        }
        progress.closeResolved();
        int kMax = Math.min(maxCardinality, n);
        for (int k = 1; k <= kMax && progress.open().length > 0; k++) {
            scan.offerBest(indicator(n, k), progress);
            progress.closeResolved();
        }
        SubsetSolution[] solutions = new SubsetSolution[targets.length];
        for (int t = 0; t < targets.length; t++) {
            int k = progress.cardinality(t);
            int[] indices = k == 0 ? new int[0] : indicator(n, k).subset(progress.row(t));
            solutions[t] = SubsetSolution.of(valuesOf.apply(t), indices, targets[t], tolerance);
            assert Double.compare(solutions[t].error(), progress.error(t)) == 0
                    : "product and scalar sums differ for target " + t;
        }
        return solutions;
    }

    /**
     * Offers each open target its best k-subset: computes {@code indicator × V} for blocks of open base sets
     * (the block width bounds the product's size) and scans the product row by row, keeping per column the
     * first row with the smallest error.
     */
    private static void scanProducts(IndicatorMatrix indicator, double[][] valueSets, Progress progress) {
        int n = indicator.size();
        int rows = indicator.rows();
        int[] open = progress.open();
        int blockWidth = Math.max(1, Math.min(open.length, PRODUCT_BLOCK_ENTRIES / rows));
        DMatrixRMaj columns = new DMatrixRMaj(n, blockWidth);
        DMatrixRMaj sums = new DMatrixRMaj(rows, blockWidth);
        double[] blockTargets = new double[blockWidth];
        double[] bestError = new double[blockWidth];
        int[] bestRow = new int[blockWidth];
        for (int from = 0; from < open.length; from += blockWidth) {
            int width = Math.min(blockWidth, open.length - from);
            columns.reshape(n, width);
            for (int c = 0; c < width; c++) {
                double[] values = valueSets[open[from + c]];
                for (int i = 0; i < n; i++) {
                    columns.data[i * width + c] = values[i];
                }
                blockTargets[c] = progress.target(open[from + c]);
            }
            CommonOps_DDRM.mult(indicator.matrix(), columns, sums);
            Arrays.fill(bestError, 0, width, Double.POSITIVE_INFINITY);
            for (int r = 0; r < rows; r++) {
                int offset = r * width;
                for (int c = 0; c < width; c++) {
                    double error = Math.abs(blockTargets[c] - sums.data[offset + c]);
                    if (error < bestError[c]) {
                        bestError[c] = error;
                        bestRow[c] = r;
                    }
                }
            }
            for (int c = 0; c < width; c++) {
                progress.offer(open[from + c], indicator.cardinality(), bestRow[c], bestError[c]);
            }
        }
    }

    /** One cardinality step of the search: offer every open target its best subset of this cardinality. */
    @FunctionalInterface
    private interface CardinalityScan {
        void offerBest(IndicatorMatrix indicator, Progress progress);
    }

    /**
     * Per-target state of one search. A target keeps the first strictly better subset offered to it; since
     * cardinalities are offered in increasing order, that is the minimum-cardinality feasible subset once one
     * is within tolerance, and otherwise the smallest-error subset with the smallest cardinality.
     */
    private static final class Progress {
        private final double[] targets;
        private final double tolerance;
        private final int[] cardinality;
        private final int[] row;
        private final double[] error;
        private int[] open;

        Progress(double[] targets, double tolerance) {
            this.targets = targets;
            this.tolerance = tolerance;
            this.cardinality = new int[targets.length];
            this.row = new int[targets.length];
            this.error = new double[targets.length];
            Arrays.fill(error, Double.POSITIVE_INFINITY);
            this.open = new int[targets.length];
            Arrays.setAll(open, t -> t);
        }

        /** @return the targets without a feasible subset so far (do not modify) */
        int[] open() {
            return open;
        }

        double target(int t) {
            return targets[t];
        }

        /** Offers target t the subset in {@code row} of the k-subsets, whose error is {@code subsetError}. */
        void offer(int t, int k, int subsetRow, double subsetError) {
            if (subsetError < error[t]) {
                cardinality[t] = k;
                row[t] = subsetRow;
                error[t] = subsetError;
            }
        }

        /** Removes the targets that now have a feasible subset from the open ones. */
        void closeResolved() {
            open = Arrays.stream(open).filter(t -> !(error[t] <= tolerance)).toArray();
        }

        int cardinality(int t) {
            return cardinality[t];
        }

        int row(int t) {
            return row[t];
        }

        double error(int t) {
            return error[t];
        }
    }

    /**
     * The k-subset sums of one base set in ascending order, for nearest-sum queries by binary search.
     * Absolute errors |z - s| are monotone in s on either side of z (rounding is monotone), so the smallest
     * error sits next to z's insertion point and all subsets sharing it form one contiguous run.
     */
    private static final class SortedSums {
        private final int k;
        private final double[] sums;
        private final int[] rows;

        private SortedSums(int k, double[] sums, int[] rows) {
            this.k = k;
            this.sums = sums;
            this.rows = rows;
        }

        static SortedSums of(IndicatorMatrix indicator, DMatrixRMaj values) {
            double[] bySubset = CommonOps_DDRM.mult(indicator.matrix(), values, null).data;
            Integer[] order = new Integer[indicator.rows()];
            Arrays.setAll(order, r -> r);
            Arrays.sort(order, Comparator.comparingDouble(r -> bySubset[r]));
            double[] sums = new double[order.length];
            int[] rows = new int[order.length];
            for (int p = 0; p < order.length; p++) {
                rows[p] = order[p];
                sums[p] = bySubset[rows[p]];
            }
            return new SortedSums(indicator.cardinality(), sums, rows);
        }

        void offerNearest(Progress progress) {
            for (int t : progress.open()) {
                double target = progress.target(t);
                int position = nearest(target);
                progress.offer(t, k, rows[position], Math.abs(target - sums[position]));
            }
        }

        /** @return the position of the smallest-error sum, the smallest row among equal errors */
        private int nearest(double target) {
            int above = lowerBound(target);
            double best = Double.POSITIVE_INFINITY;
            if (above < sums.length) {
                best = Math.abs(target - sums[above]);
            }
            if (above > 0) {
                best = Math.min(best, Math.abs(target - sums[above - 1]));
            }
            int chosen = -1;
            for (int p = above - 1; p >= 0 && Math.abs(target - sums[p]) == best; p--) {
                chosen = lowerRow(chosen, p);
            }
            for (int p = above; p < sums.length && Math.abs(target - sums[p]) == best; p++) {
                chosen = lowerRow(chosen, p);
            }
            return chosen;
        }

        private int lowerRow(int chosen, int candidate) {
            return chosen < 0 || rows[candidate] < rows[chosen] ? candidate : chosen;
        }

        /** @return the first position whose sum is &gt;= target ({@code sums.length} if none) */
        private int lowerBound(double target) {
            int low = 0;
            int high = sums.length;
            while (low < high) {
                int middle = (low + high) >>> 1;
                if (sums[middle] < target) {
                    low = middle + 1;
                } else {
                    high = middle;
                }
            }
            return low;
        }
    }
}
