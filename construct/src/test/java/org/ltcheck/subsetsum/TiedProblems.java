package org.ltcheck.subsetsum;

import java.util.Arrays;
import java.util.Random;

/**
 * Seeded problems built to tie: few distinct values (a third of them zero), targets that many subsets hit
 * exactly, and tolerances that some errors equal exactly. All numbers are multiples of 1/4, so sums are exact
 * and every tie is a real tie that only the tie rules can break.
 */
final class TiedProblems {

    private static final double[] VALUES = {0.0, 0.0, 0.0, 0.25, -0.25, 0.5, -0.5, 1.0, -0.75};
    private static final double[] TOLERANCES = {1e-9, 0.25, 0.5};

    private TiedProblems() {
    }

    /** @return a problem drawn from {@code new Random(seed)} with n values */
    static RandomProblems.Problem draw(long seed, int n) {
        Random random = new Random(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = VALUES[random.nextInt(VALUES.length)];
        }
        double target = (random.nextInt(17) - 8) / 4.0;
        return new RandomProblems.Problem(values, target, TOLERANCES[random.nextInt(TOLERANCES.length)]);
    }

    /** @return the problem in words, for failure messages (a record prints its array's identity) */
    static String describe(RandomProblems.Problem problem) {
        return Arrays.toString(problem.values()) + ", target " + problem.target() + ", tolerance "
                + problem.tolerance();
    }
}
