package org.ltcheck.subsetsum;

import java.util.Random;

/**
 * Seeded random subset-sum problems for the property tests, in two flavours: continuous values (the
 * construction's U[-1,1]) and values on a coarse dyadic grid, whose exact ties in sums and errors exercise
 * the tie rules (dyadic numbers add and subtract without rounding).
 */
final class RandomProblems {

    /** One problem: base values, target and tolerance. */
    record Problem(double[] values, double target, double tolerance) {
    }

    private static final double[] CONTINUOUS_TOLERANCES = {1e-9, 1e-3, 0.01, 0.1};
    private static final double[] GRID_TOLERANCES = {1e-9, 1.0 / 16, 1.0 / 8};

    private RandomProblems() {
    }

    /** @return a base set of n values: U[-1,1], or multiples of 1/8 in [-1,1] when {@code grid} */
    static double[] values(Random random, int n, boolean grid) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = grid ? (random.nextInt(17) - 8) / 8.0 : 2 * random.nextDouble() - 1;
        }
        return values;
    }

    /** @return a target: U[-1.5,1.5], or a multiple of 1/16 in [-1.5,1.5] when {@code grid} */
    static double target(Random random, boolean grid) {
        return grid ? (random.nextInt(49) - 24) / 16.0 : 3 * random.nextDouble() - 1.5;
    }

    /** @return a tolerance from a small set that includes one no subset is expected to meet */
    static double tolerance(Random random, boolean grid) {
        double[] choices = grid ? GRID_TOLERANCES : CONTINUOUS_TOLERANCES;
        return choices[random.nextInt(choices.length)];
    }

    /** @return a problem drawn from {@code new Random(seed)} */
    static Problem draw(long seed, int n, boolean grid) {
        Random random = new Random(seed);
        return new Problem(values(random, n, grid), target(random, grid), tolerance(random, grid));
    }

    /** @return the sum of the chosen values, recomputed left to right in ascending index order */
    static double sumOf(double[] values, int[] indices) {
        double sum = 0.0;
        for (int index : indices) {
            sum += values[index];
        }
        return sum;
    }

    /** @return the ascending indices of the bits set in {@code mask} */
    static int[] indicesOf(int mask) {
        return java.util.stream.IntStream.range(0, Integer.SIZE).filter(i -> (mask & 1 << i) != 0).toArray();
    }
}
