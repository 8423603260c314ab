package org.ltcheck.subsetsum;

/**
 * Enumeration of k-combinations of {0..n-1} in lexicographic order (the order in which ties are broken),
 * by advancing an ascending index array in place.
 */
final class Combinations {

    private Combinations() {
    }

    /** @return the first k-combination {0, 1, ..., k-1} */
    static int[] first(int k) {
        int[] combination = new int[k];
        for (int i = 0; i < k; i++) {
            combination[i] = i;
        }
        return combination;
    }

    /**
     * Advances {@code combination} to its lexicographic successor among the k-combinations of {0..n-1}.
     *
     * @return {@code false} (leaving the array unchanged) when it already was the last one
     */
    static boolean next(int[] combination, int n) {
        int k = combination.length;
        int i = k - 1;
        while (i >= 0 && combination[i] == n - k + i) {
            i--;
        }
        if (i < 0) {
            return false;
        }
        combination[i]++;
        for (int j = i + 1; j < k; j++) {
            combination[j] = combination[j - 1] + 1;
        }
        return true;
    }

    /** @return the binomial coefficient C(n, k), exact for n &lt;= 62 */
    static long count(int n, int k) {
        if (k < 0 || k > n) {
            return 0;
        }
        long result = 1;
        for (int i = 1; i <= Math.min(k, n - k); i++) {
            result = result * (n - Math.min(k, n - k) + i) / i;
        }
        return result;
    }
}
