package org.ltcheck.subsetsum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The oracle itself: the contract and the hand-checked tie rules, plus its own limits. */
class BruteForceSolverTest extends MinimumCardinalityRulesTest {

    @Override
    protected SubsetSumSolver solver() {
        return new BruteForceSolver();
    }

    @Test
    void rejectsBaseSetsAboveTheOracleLimit() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new BruteForceSolver().solve(new double[21], 0.5, 0.01));

        assertTrue(error.getMessage().contains("n = 21") && error.getMessage().contains("limit of 20"),
                error.getMessage());
    }

    @Test
    void cardinalityLimitExcludesLargerSubsets() {
        // 0.75 needs all three values; with at most two, every pair sums to 0.5 and the first pair {0,1} wins.
        double[] values = {0.25, 0.25, 0.25};

        SubsetSolution limited = new BruteForceSolver(2).solve(values, 0.75, 0.01);
        SubsetSolution unlimited = new BruteForceSolver().solve(values, 0.75, 0.01);

        assertArrayEquals(new int[] {0, 1}, limited.indices());
        assertEquals(0.25, limited.error());
        assertArrayEquals(new int[] {0, 1, 2}, unlimited.indices());
    }
}
