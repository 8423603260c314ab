package org.ltcheck.subsetsum;

/**
 * The subset sums of one half of a base set, for {@link MeetInTheMiddleSolver}: the values at indices
 * {@code offset .. offset+size-1}, subsets addressed by {@code int} masks relative to {@code offset}
 * (bit i = index offset+i).
 *
 * <p>Two views, both built lazily and only for the current base set: per cardinality k the k-subsets with
 * their sums (sorted by sum only when asked, since a group that is only scanned once need not be), and all
 * 2^size subsets at once (sums and Σ|x| by mask, and when the half is {@code sorted} also all sums in
 * ascending order). Every sum and Σ|x| is accumulated left to
 * right in ascending index order from {@code +0.0}, as {@link SubsetSolution#of} does, so the sum of a left
 * half is exactly the prefix of the sum of every subset extending it.
 *
 * <p>A workspace: arrays grow to the largest half seen and are reused for every later base set; not thread
 * safe (one per thread).
 */
final class HalfSums {

    /** Largest half: masks are {@code int}s and 2^20 subsets per half bound the memory. */
    static final int MAX_SIZE = 20;

    private final boolean sorted;
    private final double[][] groupSums = new double[MAX_SIZE + 1][];
    private final int[][] groupMasks = new int[MAX_SIZE + 1][];
    private final int[] groupCount = new int[MAX_SIZE + 1];
    private final boolean[] groupSorted = new boolean[MAX_SIZE + 1];
    private double[] values;
    private int offset;
    private int size;
    /** Cardinalities 0..groupsBuilt-1 are valid for the current base set. */
    private int groupsBuilt;
    private boolean allBuilt;
    private double[] sumByMask = new double[0];
    private double[] amplificationByMask = new double[0];
    private double[] allSums = new double[0];
    private int[] allMasks = new int[0];

    /** @param sorted whether the table of all subsets is also ordered by sum (needed for searching it) */
    HalfSums(boolean sorted) {
        this.sorted = sorted;
    }

    /** Starts over with a new base set; nothing is computed until asked for. */
    void reset(double[] values, int offset, int size) {
        if (size > MAX_SIZE) {
            throw new IllegalArgumentException("a half of " + size + " values exceeds the limit of " + MAX_SIZE);
        }
        this.values = values;
        this.offset = offset;
        this.size = size;
        this.groupsBuilt = 0;
        this.allBuilt = false;
    }

    int size() {
        return size;
    }

    int offset() {
        return offset;
    }

    /** @return the number of k-subsets, C(size, k), building the group on first use */
    int count(int k) {
        while (groupsBuilt <= k) {
            buildGroup(groupsBuilt++);
        }
        return groupCount[k];
    }

    /** Orders the k-subsets by ascending sum (after {@link #count}), once per base set. */
    void sort(int k) {
        if (!groupSorted[k]) {
            ParallelSort.sort(groupSums[k], groupMasks[k], groupCount[k]);
            groupSorted[k] = true;
        }
    }

    /** @return whether the k-subsets are ordered by sum */
    boolean isSorted(int k) {
        return groupSorted[k];
    }

    /** @return the sums of the k-subsets (valid after {@link #count}; only the first count entries) */
    double[] sums(int k) {
        return groupSums[k];
    }

    /** @return the masks of the k-subsets, parallel to {@link #sums} */
    int[] masks(int k) {
        return groupMasks[k];
    }

    /** Builds the table of all 2^size subsets (sums and Σ|x| by mask, sorted sums when sorted). */
    void buildAll() {
        if (allBuilt) {
            return;
        }
        int subsets = 1 << size;
        if (sumByMask.length < subsets) {
            sumByMask = new double[subsets];
            amplificationByMask = new double[subsets];
        }
        sumByMask[0] = 0.0;
        amplificationByMask[0] = 0.0;
        for (int mask = 1; mask < subsets; mask++) {
            // Adding the highest member last keeps the ascending accumulation order.
            int highest = 31 - Integer.numberOfLeadingZeros(mask);
            int rest = mask ^ 1 << highest;
            double value = values[offset + highest];
            sumByMask[mask] = sumByMask[rest] + value;
            amplificationByMask[mask] = amplificationByMask[rest] + Math.abs(value);
        }
        if (sorted) {
            if (allSums.length < subsets) {
                allSums = new double[subsets];
                allMasks = new int[subsets];
            }
            for (int mask = 0; mask < subsets; mask++) {
                allSums[mask] = sumByMask[mask];
                allMasks[mask] = mask;
            }
            ParallelSort.sort(allSums, allMasks, subsets);
        }
        allBuilt = true;
    }

    /** @return the sum of every subset, indexed by mask (after {@link #buildAll}) */
    double[] sumByMask() {
        return sumByMask;
    }

    /** @return Σ|x| of every subset, indexed by mask (after {@link #buildAll}) */
    double[] amplificationByMask() {
        return amplificationByMask;
    }

    /** @return all 2^size sums in ascending order (after {@link #buildAll} of a sorted half) */
    double[] allSums() {
        return allSums;
    }

    /** @return the masks parallel to {@link #allSums} */
    int[] allMasks() {
        return allMasks;
    }

    /** @return the sum of the values in {@code mask}, accumulated in ascending index order from +0.0 */
    double sumOf(int mask) {
        double sum = 0.0;
        for (int rest = mask; rest != 0; rest &= rest - 1) {
            sum += values[offset + Integer.numberOfTrailingZeros(rest)];
        }
        return sum;
    }

    private void buildGroup(int k) {
        int count = (int) Combinations.count(size, k);
        if (groupSums[k] == null || groupSums[k].length < count) {
            groupSums[k] = new double[count];
            groupMasks[k] = new int[count];
        }
        double[] sums = groupSums[k];
        int[] masks = groupMasks[k];
        int mask = (1 << k) - 1;
        for (int i = 0; i < count; i++) {
            masks[i] = mask;
            sums[i] = sumOf(mask);
            mask = nextWithSameBitCount(mask);
        }
        groupCount[k] = count;
        groupSorted[k] = count <= 1;
    }

    /** Gosper's hack: the next larger int with as many set bits (masks of a group in increasing order). */
    private static int nextWithSameBitCount(int mask) {
        if (mask == 0) {
            return 0;
        }
        int lowest = mask & -mask;
        int ripple = mask + lowest;
        return ripple | ((mask ^ ripple) >>> 2) / lowest;
    }
}
