package org.ltcheck.subsetsum;

/**
 * Sorts subset sums ascending together with their masks, in place and without allocating (the JDK sorts one
 * primitive array at a time). Quicksort with Hoare partitioning, so that the many equal sums of base sets with
 * repeated values split evenly; short ranges by insertion. Not stable: equal sums are ordered arbitrarily,
 * which the solvers tolerate because they break ties on the subsets themselves. Keys must not be NaN.
 */
final class ParallelSort {

    private static final int INSERTION_LIMIT = 24;

    private ParallelSort() {
    }

    /** Sorts {@code keys[0..count)} ascending, applying the same permutation to {@code masks}. */
    static void sort(double[] keys, int[] masks, int count) {
        sortRange(keys, masks, 0, count - 1);
    }

    private static void sortRange(double[] keys, int[] masks, int low, int high) {
        int from = low;
        int to = high;
        while (to - from >= INSERTION_LIMIT) {
            int split = partition(keys, masks, from, to);
            // Recurse into the smaller part, loop on the larger: stack depth stays logarithmic.
            if (split - from < to - split) {
                sortRange(keys, masks, from, split);
                from = split + 1;
            } else {
                sortRange(keys, masks, split + 1, to);
                to = split;
            }
        }
        insertionSort(keys, masks, from, to);
    }

    /** Hoare partition around the median of three; returns j with [low..j] &lt;= pivot &lt;= [j+1..high]. */
    private static int partition(double[] keys, int[] masks, int low, int high) {
        int middle = (low + high) >>> 1;
        if (keys[middle] < keys[low]) {
            swap(keys, masks, middle, low);
        }
        if (keys[high] < keys[low]) {
            swap(keys, masks, high, low);
        }
        if (keys[high] < keys[middle]) {
            swap(keys, masks, high, middle);
        }
        double pivot = keys[middle];
        int i = low - 1;
        int j = high + 1;
        while (true) {
            do {
                i++;
            } while (keys[i] < pivot);
            do {
                j--;
            } while (keys[j] > pivot);
            if (i >= j) {
                return j;
            }
            swap(keys, masks, i, j);
        }
    }

    private static void insertionSort(double[] keys, int[] masks, int low, int high) {
        for (int i = low + 1; i <= high; i++) {
            double key = keys[i];
            int mask = masks[i];
            int j = i - 1;
            while (j >= low && keys[j] > key) {
                keys[j + 1] = keys[j];
                masks[j + 1] = masks[j];
                j--;
            }
            keys[j + 1] = key;
            masks[j + 1] = mask;
        }
    }

    private static void swap(double[] keys, int[] masks, int a, int b) {
        double key = keys[a];
        keys[a] = keys[b];
        keys[b] = key;
        int mask = masks[a];
        masks[a] = masks[b];
        masks[b] = mask;
    }
}
