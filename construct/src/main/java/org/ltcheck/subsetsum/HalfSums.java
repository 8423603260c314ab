package org.ltcheck.subsetsum;

/**
 * The subset sums of one half of a base set, for {@link MeetInTheMiddleSolver}: the values at indices
 * {@code offset .. offset+size-1}, subsets addressed by {@code int} masks relative to {@code offset}
 * (bit i = index offset+i).
 *
 * <p>Three views, each built lazily and only for the current base set: per cardinality k the k-subsets with
 * their sums (sorted by sum only when asked, since a group that is only scanned once need not be); all 2^size
 * subsets at once (sums by mask, and when the half is {@code sorted} also all sums in ascending order); and
 * the subsets whose Σ|x| stays within a bound. Every sum and Σ|x| is accumulated left to
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
    private double[] allSums = new double[0];
    private int[] allMasks = new int[0];
    private double[] boundedSums = new double[0];
    private int[] boundedMasks = new int[0];
    private int boundedCount;

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

    /** Builds the table of all 2^size subsets (sums by mask, and sorted sums when the half is sorted). */
    void buildAll() {
        if (allBuilt) {
            return;
        }
        int subsets = 1 << size;
        if (sumByMask.length < subsets) {
            sumByMask = new double[subsets];
        }
        sumByMask[0] = 0.0;
        for (int mask = 1; mask < subsets; mask++) {
            // Adding the highest member last keeps the ascending accumulation order.
            int highest = 31 - Integer.numberOfLeadingZeros(mask);
            int rest = mask ^ 1 << highest;
            sumByMask[mask] = sumByMask[rest] + values[offset + highest];
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

    /** @return all 2^size sums in ascending order (after {@link #buildAll} of a sorted half) */
    double[] allSums() {
        return allSums;
    }

    /** @return the masks parallel to {@link #allSums} */
    int[] allMasks() {
        return allMasks;
    }

    /**
     * Collects the subsets whose Σ|x| is at most {@code limit} (with their sums, sorted by sum when the half is
     * {@code sorted}), by a depth-first walk that adds members in ascending index order and never extends a
     * subset beyond the limit: rounding is monotone, so every prefix of a collected subset is within it too.
     *
     * @return the number of subsets collected (at least 1, the empty one)
     */
    int collectWithin(double limit) {
        int capacity = 1 << size;
        if (boundedSums.length < capacity) {
            boundedSums = new double[capacity];
            boundedMasks = new int[capacity];
        }
        boundedCount = 0;
        collect(0, 0, 0.0, 0.0, limit);
        if (sorted) {
            ParallelSort.sort(boundedSums, boundedMasks, boundedCount);
        }
        return boundedCount;
    }

    /** @return the sums of the subsets of the last {@link #collectWithin} */
    double[] boundedSums() {
        return boundedSums;
    }

    /** @return the masks parallel to {@link #boundedSums} */
    int[] boundedMasks() {
        return boundedMasks;
    }

    /** @return Σ|x| of the values in {@code mask}, accumulated in ascending index order from +0.0 */
    double amplificationOf(int mask) {
        double amplification = 0.0;
        for (int rest = mask; rest != 0; rest &= rest - 1) {
            amplification += Math.abs(values[offset + Integer.numberOfTrailingZeros(rest)]);
        }
        return amplification;
    }

    private void collect(int from, int mask, double sum, double amplification, double limit) {
        boundedSums[boundedCount] = sum;
        boundedMasks[boundedCount++] = mask;
        for (int i = from; i < size; i++) {
            double extended = amplification + Math.abs(values[offset + i]);
            if (extended <= limit) {
                collect(i + 1, mask | 1 << i, sum + values[offset + i], extended, limit);
            }
        }
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
