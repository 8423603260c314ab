package org.ltcheck.subsetsum;

/**
 * One thread's workspace and search loops for {@link MeetInTheMiddleSolver}; see there for the rules.
 *
 * <p>Why the answers are exact although a pair's sum is formed as left + right: the rules are defined on the
 * sum accumulated in ascending index order ({@link SubsetSolution#of}). The left half's sum is exactly that
 * sum's prefix, so a candidate pair is re-evaluated exactly by adding its right members to it. The
 * left + right approximation only has to find every candidate: it differs from the exact sum by at most
 * 2·γ_n·Σ|x| + u·|sum| (u = 2^-53, γ_n ≈ n·u; Higham, <i>Accuracy and Stability of Numerical Algorithms</i>,
 * §4.2), and with the roundings of forming target - left and the window bounds all of it stays below
 * {@link #margin}, which is 8·(n+4)·u·(Σ|x| + |target| + tolerance). Windows are widened by that margin, so
 * no subset that the exact rules could prefer is missed; the extra candidates are discarded by the exact
 * evaluation. The same argument with Σ|x| in place of the sum gives {@link #amplificationMargin}.
 *
 * <p>Not thread safe; it keeps its tables for the next problem, so it allocates nothing per problem besides
 * the returned solution once its arrays have grown to the largest base set seen.
 */
final class MeetInTheMiddleSearch {
    private static final double UNIT_ROUNDOFF = 0x1p-53;
    /** Below this 2^n·tolerance (a few subsets expected within tolerance) infeasibility is checked first. */
    private static final double FEW_FEASIBLE = 16;
    /**
     * Relative costs of a linearly scanned pair, a sort comparison and a binary-search step (measured
     * roughly; the last two are dependent loads and unpredictable branches, a scan is a streaming loop).
     */
    private static final double LINEAR_COST = 2;
    private static final double SORT_COST = 4;
    private static final double SEARCH_COST = 4;

    private final HalfSums left = new HalfSums(false);
    private final HalfSums right = new HalfSums(true);
    /** Segment tree of min Σ|x| over the collected right subsets in sum order: leaves from index leaves on. */
    private double[] amplificationTree = new double[0];
    private int amplificationLeaves;
    private double[] values;
    private double target;
    private double tolerance;
    private double margin;
    private double amplificationMargin;
    private boolean hasBest;
    private long bestMask;
    private int bestCardinality;
    private double bestError;
    private double bestAmplification;

    /** Fewest terms, then the smallest error, then the lexicographically first index set. */
    SubsetSolution fewestTerms(double[] values, double target, double tolerance, int leftSize) {
        start(values, target, tolerance, leftSize);
        int n = values.length;
        if (Math.scalb(tolerance, n) < FEW_FEASIBLE) {
            // Few subsets expected within tolerance, so likely none: one nearest-sum pass over the full tables
            // costs less than searching every cardinality first, and proves infeasibility when it finds none.
            double nearest = nearestApproximateError();
            if (nearest > tolerance + margin) {
                return smallestError(nearest);
            }
        }
        double window = tolerance + margin;
        for (int cardinality = 0; cardinality <= n; cardinality++) {
            hasBest = false;
            int fromLeft = Math.max(0, cardinality - right.size());
            for (int leftCardinality = fromLeft; leftCardinality <= Math.min(cardinality, left.size());
                    leftCardinality++) {
                scanGroups(leftCardinality, cardinality - leftCardinality, window);
            }
            if (hasBest) {
                return best();
            }
        }
        return smallestError(nearestApproximateError());
    }

    /**
     * Least Σ|x| among all subsets within tolerance, then fewest terms, smallest error, first index set. The
     * fewest-terms answer bounds the least Σ|x| from above, so only the subsets of each half within that bound
     * are tabulated (a few thousand where the halves hold 2^18); without a feasible subset its fallback is
     * already the answer.
     */
    SubsetSolution leastAmplification(double[] values, double target, double tolerance, int leftSize) {
        SubsetSolution fewest = fewestTerms(values, target, tolerance, leftSize);
        if (!fewest.found()) {
            return fewest;
        }
        double upper = amplificationOf(fewest);
        // A subset within the bound has a left part within it exactly (a prefix) and a right part within it up
        // to rounding; pairs whose approximate Σ|x| exceeds the bound by more than the margin cannot win.
        int leftCount = left.collectWithin(upper);
        int rightCount = right.collectWithin(upper + amplificationMargin);
        buildAmplificationTree(rightCount);
        double[] leftSums = left.boundedSums();
        int[] leftMasks = left.boundedMasks();
        double[] rightSums = right.boundedSums();
        // Pass 1: the least approximate Σ|x| among pairs that are feasible for certain (inner window).
        double inner = tolerance - margin;
        double bound = upper;
        for (int l = 0; inner > 0 && l < leftCount; l++) {
            double rest = target - leftSums[l];
            int from = lowerBound(rightSums, rightCount, rest - inner);
            int to = upperBound(rightSums, rightCount, rest + inner);
            if (from < to) {
                bound = Math.min(bound, left.amplificationOf(leftMasks[l]) + rangeMinimum(from, to));
            }
        }
        // Pass 2: every pair in the outer window whose approximate Σ|x| could still beat that bound exactly.
        double limit = bound + 3 * amplificationMargin;
        double outer = tolerance + margin;
        hasBest = false;
        for (int l = 0; l < leftCount; l++) {
            double leftAmplification = left.amplificationOf(leftMasks[l]);
            double rest = target - leftSums[l];
            int from = lowerBound(rightSums, rightCount, rest - outer);
            int to = upperBound(rightSums, rightCount, rest + outer);
            if (leftAmplification <= limit && from < to) {
                visit(1, 0, amplificationLeaves, from, to, limit - leftAmplification, leftMasks[l], leftSums[l],
                        leftAmplification);
            }
        }
        assert hasBest : "the fewest-terms answer is a candidate";
        return best();
    }

    private void start(double[] values, double target, double tolerance, int leftSize) {
        this.values = values;
        this.target = target;
        this.tolerance = tolerance;
        left.reset(values, 0, leftSize);
        right.reset(values, leftSize, values.length - leftSize);
        double magnitude = 0.0;
        for (double value : values) {
            magnitude += Math.abs(value);
        }
        double scale = 8.0 * (values.length + 4) * UNIT_ROUNDOFF;
        margin = scale * (magnitude + Math.abs(target) + tolerance);
        amplificationMargin = scale * magnitude;
    }

    /**
     * Offers every pair of a left k-subset and a right (c-k)-subset whose sum may be within tolerance. One group
     * is walked and the other searched, by binary search after sorting it or by a linear scan, whichever the
     * cost model below expects to be cheapest; a group sorted once stays sorted for the later cardinalities.
     */
    private void scanGroups(int leftCardinality, int rightCardinality, double window) {
        int leftCount = left.count(leftCardinality);
        int rightCount = right.count(rightCardinality);
        double searchRight = sortCost(right, rightCardinality, rightCount) + searchCost(leftCount, rightCount);
        double searchLeft = sortCost(left, leftCardinality, leftCount) + searchCost(rightCount, leftCount);
        boolean linear = LINEAR_COST * leftCount * rightCount <= Math.min(searchLeft, searchRight);
        boolean walkLeft = linear ? leftCount <= rightCount : searchRight <= searchLeft;
        HalfSums walked = walkLeft ? left : right;
        HalfSums searched = walkLeft ? right : left;
        int walkedCardinality = walkLeft ? leftCardinality : rightCardinality;
        int searchedCardinality = walkLeft ? rightCardinality : leftCardinality;
        int walkedCount = walkLeft ? leftCount : rightCount;
        int searchedCount = walkLeft ? rightCount : leftCount;
        if (!linear) {
            searched.sort(searchedCardinality);
        }
        double[] walkedSums = walked.sums(walkedCardinality);
        int[] walkedMasks = walked.masks(walkedCardinality);
        double[] searchedSums = searched.sums(searchedCardinality);
        int[] searchedMasks = searched.masks(searchedCardinality);
        for (int w = 0; w < walkedCount; w++) {
            double rest = target - walkedSums[w];
            double low = rest - window;
            double high = rest + window;
            if (linear) {
                for (int p = 0; p < searchedCount; p++) {
                    if (searchedSums[p] >= low && searchedSums[p] <= high) {
                        offerPair(walkLeft, walkedMasks[w], walkedSums[w], searchedMasks[p], searchedSums[p]);
                    }
                }
            } else {
                for (int p = lowerBound(searchedSums, searchedCount, low);
                        p < searchedCount && searchedSums[p] <= high; p++) {
                    offerPair(walkLeft, walkedMasks[w], walkedSums[w], searchedMasks[p], searchedSums[p]);
                }
            }
        }
    }

    /** Expected cost of sorting a group ({@link #LINEAR_COST} per scanned pair). */
    private static double sortCost(HalfSums half, int cardinality, int count) {
        return half.isSorted(cardinality) ? 0 : SORT_COST * count * bitLength(count);
    }

    /** Expected cost of {@code walked} binary searches in a sorted group of {@code searched} elements. */
    private static double searchCost(int walked, int searched) {
        return SEARCH_COST * walked * bitLength(searched);
    }

    private static int bitLength(int count) {
        return 32 - Integer.numberOfLeadingZeros(count);
    }

    private void offerPair(boolean walkLeft, int walkedMask, double walkedSum, int searchedMask,
            double searchedSum) {
        if (walkLeft) {
            offerFewestTerms(walkedMask, walkedSum, searchedMask);
        } else {
            offerFewestTerms(searchedMask, searchedSum, walkedMask);
        }
    }

    private void offerFewestTerms(int leftMask, double leftSum, int rightMask) {
        double error = Math.abs(target - exactSum(leftSum, rightMask));
        long mask = combined(leftMask, rightMask);
        if (error <= tolerance && (!hasBest || error < bestError
                || error == bestError && isLexicographicallyFirst(mask, bestMask))) {
            keep(mask, Long.bitCount(mask), error, 0.0);
        }
    }

    /**
     * @return the smallest |target - left - right| over all pairs of the full tables, which is within
     *         {@link #margin} of every subset's exact error: above tolerance + margin no subset is feasible
     */
    private double nearestApproximateError() {
        left.buildAll();
        right.buildAll();
        double[] leftSums = left.sumByMask();
        double[] rightSums = right.allSums();
        int rightCount = 1 << right.size();
        double nearest = Double.POSITIVE_INFINITY;
        for (int leftMask = 0; leftMask < 1 << left.size(); leftMask++) {
            double rest = target - leftSums[leftMask];
            int above = lowerBound(rightSums, rightCount, rest);
            if (above < rightCount) {
                nearest = Math.min(nearest, rightSums[above] - rest);
            }
            if (above > 0) {
                nearest = Math.min(nearest, rest - rightSums[above - 1]);
            }
        }
        return nearest;
    }

    /**
     * Without a feasible subset: the smallest error over all subsets, then fewest terms, then the first index
     * set, re-evaluating every pair whose approximate error is within 3 margins of the smallest one.
     */
    private SubsetSolution smallestError(double nearest) {
        double[] leftSums = left.sumByMask();
        double[] rightSums = right.allSums();
        int[] rightMasks = right.allMasks();
        int rightCount = 1 << right.size();
        double window = nearest + 3 * margin;
        hasBest = false;
        for (int leftMask = 0; leftMask < 1 << left.size(); leftMask++) {
            double rest = target - leftSums[leftMask];
            double high = rest + window;
            for (int p = lowerBound(rightSums, rightCount, rest - window); p < rightCount && rightSums[p] <= high;
                    p++) {
                long mask = combined(leftMask, rightMasks[p]);
                double error = Math.abs(target - exactSum(leftSums[leftMask], rightMasks[p]));
                int cardinality = Long.bitCount(mask);
                if (!hasBest || error < bestError || error == bestError && (cardinality < bestCardinality
                        || cardinality == bestCardinality && isLexicographicallyFirst(mask, bestMask))) {
                    keep(mask, cardinality, error, 0.0);
                }
            }
        }
        return best();
    }

    /** Builds the segment tree of Σ|x| over the collected right subsets, padded to a power of two. */
    private void buildAmplificationTree(int count) {
        amplificationLeaves = Integer.highestOneBit(Math.max(1, count - 1)) << 1;
        if (amplificationTree.length < 2 * amplificationLeaves) {
            amplificationTree = new double[2 * amplificationLeaves];
        }
        int[] masks = right.boundedMasks();
        for (int p = 0; p < amplificationLeaves; p++) {
            amplificationTree[amplificationLeaves + p] =
                    p < count ? right.amplificationOf(masks[p]) : Double.POSITIVE_INFINITY;
        }
        for (int node = amplificationLeaves - 1; node >= 1; node--) {
            amplificationTree[node] = Math.min(amplificationTree[2 * node], amplificationTree[2 * node + 1]);
        }
    }

    /** @return the least right Σ|x| among sorted positions [from, to) */
    private double rangeMinimum(int from, int to) {
        double minimum = Double.POSITIVE_INFINITY;
        for (int low = from + amplificationLeaves, high = to + amplificationLeaves; low < high;
                low >>= 1, high >>= 1) {
            if ((low & 1) != 0) {
                minimum = Math.min(minimum, amplificationTree[low++]);
            }
            if ((high & 1) != 0) {
                minimum = Math.min(minimum, amplificationTree[--high]);
            }
        }
        return minimum;
    }

    /** Offers every right position in [from, to) below the node whose Σ|x| is at most {@code limit}. */
    private void visit(int node, int nodeFrom, int nodeTo, int from, int to, double limit, int leftMask,
            double leftSum, double leftAmplification) {
        if (nodeTo <= from || nodeFrom >= to || amplificationTree[node] > limit) {
            return;
        }
        if (nodeTo - nodeFrom == 1) {
            offerLeastAmplification(leftMask, leftSum, leftAmplification, right.boundedMasks()[nodeFrom]);
            return;
        }
        int middle = (nodeFrom + nodeTo) >>> 1;
        visit(2 * node, nodeFrom, middle, from, to, limit, leftMask, leftSum, leftAmplification);
        visit(2 * node + 1, middle, nodeTo, from, to, limit, leftMask, leftSum, leftAmplification);
    }

    private void offerLeastAmplification(int leftMask, double leftSum, double leftAmplification, int rightMask) {
        double error = Math.abs(target - exactSum(leftSum, rightMask));
        if (!(error <= tolerance)) {
            return;
        }
        double amplification = leftAmplification;
        for (int rest = rightMask; rest != 0; rest &= rest - 1) {
            amplification += Math.abs(values[right.offset() + Integer.numberOfTrailingZeros(rest)]);
        }
        long mask = combined(leftMask, rightMask);
        int cardinality = Long.bitCount(mask);
        if (!hasBest || amplification < bestAmplification || amplification == bestAmplification
                && (cardinality < bestCardinality || cardinality == bestCardinality && (error < bestError
                || error == bestError && isLexicographicallyFirst(mask, bestMask)))) {
            keep(mask, cardinality, error, amplification);
        }
    }

    /** @return Σ|x| of a solution in ascending index order from +0.0 */
    private double amplificationOf(SubsetSolution solution) {
        double amplification = 0.0;
        for (int index : solution.indices()) {
            amplification += Math.abs(values[index]);
        }
        return amplification;
    }

    /** @return the sum in ascending index order: the left prefix, then the right members one by one */
    private double exactSum(double leftSum, int rightMask) {
        double sum = leftSum;
        for (int rest = rightMask; rest != 0; rest &= rest - 1) {
            sum += values[right.offset() + Integer.numberOfTrailingZeros(rest)];
        }
        return sum;
    }

    private long combined(int leftMask, int rightMask) {
        return (leftMask & 0xFFFFFFFFL) | (long) rightMask << right.offset();
    }

    private void keep(long mask, int cardinality, double error, double amplification) {
        hasBest = true;
        bestMask = mask;
        bestCardinality = cardinality;
        bestError = error;
        bestAmplification = amplification;
    }

    private SubsetSolution best() {
        int[] indices = new int[bestCardinality];
        int next = 0;
        for (long rest = bestMask; rest != 0; rest &= rest - 1) {
            indices[next++] = Long.numberOfTrailingZeros(rest);
        }
        SubsetSolution solution = SubsetSolution.of(values, indices, target, tolerance);
        assert Double.compare(solution.error(), bestError) == 0 : "search and SubsetSolution.of disagree";
        return solution;
    }

    /**
     * Of two index sets of equal size, the lexicographically first ascending array is the one holding the
     * smallest index in which they differ.
     */
    static boolean isLexicographicallyFirst(long mask, long other) {
        long difference = mask ^ other;
        return difference != 0 && (mask & difference & -difference) != 0;
    }

    /** @return the first position in sorted[0..count) whose value is &gt;= key ({@code count} if none) */
    private static int lowerBound(double[] sorted, int count, double key) {
        int low = 0;
        int high = count;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (sorted[middle] < key) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** @return the first position in sorted[0..count) whose value is &gt; key ({@code count} if none) */
    private static int upperBound(double[] sorted, int count, double key) {
        return lowerBound(sorted, count, Math.nextUp(key));
    }
}
