package org.ltcheck.bench;

import java.util.Random;

/**
 * Seeded subset-sum problems as the construction poses them: each target z ~ U[-1,1] with its own base set of
 * n values ~ U[-1,1] (base sets are never shared). Drawn target by target, the n values first.
 *
 * @param valueSets {@code valueSets[t]} is the base set of {@code targets[t]}
 * @param targets   the targets
 */
record SubsetSumProblems(double[][] valueSets, double[] targets) {

    /** @return {@code count} problems of n values drawn from {@code new Random(seed)} */
    static SubsetSumProblems draw(long seed, int count, int n) {
        Random random = new Random(seed);
        double[][] valueSets = new double[count][n];
        double[] targets = new double[count];
        for (int t = 0; t < count; t++) {
            for (int i = 0; i < n; i++) {
                valueSets[t][i] = 2 * random.nextDouble() - 1;
            }
            targets[t] = 2 * random.nextDouble() - 1;
        }
        return new SubsetSumProblems(valueSets, targets);
    }
}
