package org.ltcheck.subsetsum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/**
 * Hand-checked examples of the minimum-cardinality tie rules (fewest elements, then smallest error, then the
 * lexicographically first index set), shared by the fast solver and the oracle that checks it. All numbers
 * are dyadic, so every sum and error below is exact.
 */
abstract class MinimumCardinalityRulesTest extends SubsetSumSolverContractTest {

    @Test
    void prefersFewerElementsOverASmallerError() {
        // {2}: error 1/16 = tolerance (feasible, inclusive); {0,1}: error 0 but two elements.
        SubsetSolution solution = solver().solve(new double[] {0.25, 0.25, 0.4375}, 0.5, 0.0625);

        assertArrayEquals(new int[] {2}, solution.indices());
        assertEquals(0.0625, solution.error());
    }

    @Test
    void prefersTheSmallerErrorWithinACardinality() {
        SubsetSolution solution = solver().solve(new double[] {0.375, 0.5}, 0.5, 0.25);

        assertArrayEquals(new int[] {1}, solution.indices());
        assertEquals(0.0, solution.error());
    }

    @Test
    void breaksEqualErrorsByTheFirstIndexSet() {
        // 0.625 and 0.375 are both 1/8 away from 0.5; pairs {0,1}, {0,2}, {1,2} of the second base set:
        // {0,2} and {1,2} both sum to 0.5 exactly.
        SubsetSolution above = solver().solve(new double[] {0.625, 0.375}, 0.5, 0.25);
        SubsetSolution pair = solver().solve(new double[] {0.125, 0.125, 0.375, 0.75}, 0.5, 0.01);

        assertArrayEquals(new int[] {0}, above.indices());
        assertArrayEquals(new int[] {0, 2}, pair.indices());
        assertEquals(0.0, pair.error());
    }

    @Test
    void reportsTheSmallestErrorWithTheFewestElementsWhenNothingFits() {
        // Best reachable sums of {0.5, 0.25}: 0.75 (two elements) is 0.25 from 1.0; nothing closer.
        SubsetSolution solution = solver().solve(new double[] {0.5, 0.25}, 1.0, 0.125);

        assertFalse(solution.found());
        assertArrayEquals(new int[] {0, 1}, solution.indices());
        assertEquals(0.25, solution.error());
    }

    @Test
    void fallbackPrefersFewerElementsThenTheFirstIndexSetAmongEqualErrors() {
        // 0.875 is 1/8 from {0,2} = 0.75, {1,2} = 0.75 and {0,1,2} = 1.0; the tolerance admits none.
        SubsetSolution solution = solver().solve(new double[] {0.25, 0.25, 0.5}, 0.875, 0.0625);

        assertFalse(solution.found());
        assertArrayEquals(new int[] {0, 2}, solution.indices());
        assertEquals(0.125, solution.error());
    }
}
