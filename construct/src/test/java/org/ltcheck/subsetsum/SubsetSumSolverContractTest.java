package org.ltcheck.subsetsum;

import org.ltcheck.testing.PropertySettings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ltcheck.testing.PropertySettings.seeds;
import static org.ltcheck.testing.PropertySettings.upTo;
import static org.quicktheories.generators.SourceDSL.booleans;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The {@link SubsetSumSolver} contract, run against every solver by a concrete subclass (one fixture per
 * solver, in the style of EJML's generic tests). The fixture's solver must search subsets of every size up to
 * 12, so that its feasibility and its fallback subset can be checked against {@link BruteForceSolver}.
 */
abstract class SubsetSumSolverContractTest {

    /** @return the solver under test; it must not limit the subset size below 12 */
    protected abstract SubsetSumSolver solver();

    /** @return the largest base set the solver under test accepts; the interface's limit unless it documents more */
    protected int maxBaseSetSize() {
        return SubsetSumSolver.MAX_BASE_SET_SIZE;
    }

    @Test
    void approximatesTheReferenceExampleWithTwoValues() {
        // |0.2 - v| >= 0.3 for every single value; 0.5 + (-0.3) hits 0.2 exactly in double arithmetic.
        SubsetSolution solution = solver().solve(new double[] {0.5, -0.3, 0.9}, 0.2, 0.01);

        assertArrayEquals(new int[] {0, 1}, solution.indices());
        assertTrue(solution.found());
        assertEquals(0.5 + -0.3, solution.sum());
        assertEquals(Math.abs(0.2 - (0.5 + -0.3)), solution.error());
    }

    @Test
    void usesASingleValueWhenOneIsCloseEnough() {
        SubsetSolution solution = solver().solve(new double[] {0.7, -0.2, 0.4}, 0.41, 0.02);

        assertArrayEquals(new int[] {2}, solution.indices());
        assertEquals(1, solution.cardinality());
        assertTrue(solution.found());
    }

    @Test
    void returnsTheEmptySubsetForATargetWithinTolerance() {
        double[] values = RandomProblems.values(new Random(1), 10, false);

        SubsetSolution solution = solver().solve(values, -0.004, 0.01);

        assertEquals(0, solution.cardinality());
        assertEquals(0.0, solution.sum());
        assertEquals(0.004, solution.error());
        assertTrue(solution.found());
    }

    @Test
    void flagsATargetNoSubsetMeetsAndReportsTheSmallestError() {
        double[] values = RandomProblems.values(new Random(2), 8, false);
        double target = 0.123456789;
        double smallest = Double.POSITIVE_INFINITY;
        for (int mask = 0; mask < 1 << values.length; mask++) {
            double sum = 0.0;
            for (int i = 0; i < values.length; i++) {
                sum += (mask & 1 << i) != 0 ? values[i] : 0.0;
            }
            smallest = Math.min(smallest, Math.abs(target - sum));
        }

        SubsetSolution solution = solver().solve(values, target, 1e-12);

        assertFalse(solution.found());
        assertTrue(solution.error() > 1e-12);
        assertEquals(smallest, solution.error());
    }

    @Test
    void solutionsAreConsistentWithTheirIndices() {
        PropertySettings.qt(300).forAll(seeds(), upTo(12), booleans().all()).checkAssert(this::solutionsAreConsistentWithTheirIndices);
    }

    private void solutionsAreConsistentWithTheirIndices(long seed, int n, boolean grid) {
        RandomProblems.Problem problem = RandomProblems.draw(seed, n, grid);

        SubsetSolution solution = solver().solve(problem.values(), problem.target(), problem.tolerance());

        int[] indices = solution.indices();
        for (int i = 0; i < indices.length; i++) {
            assertTrue(indices[i] >= 0 && indices[i] < n, "index in range");
            assertTrue(i == 0 || indices[i] > indices[i - 1], "strictly ascending");
        }
        assertEquals(RandomProblems.sumOf(problem.values(), indices), solution.sum());
        assertEquals(Math.abs(problem.target() - solution.sum()), solution.error());
        assertEquals(solution.error() <= problem.tolerance(), solution.found());
    }

    @Test
    void findsAMinimumCardinalitySubsetWheneverOneExists() {
        PropertySettings.qt(300).forAll(seeds(), upTo(12), booleans().all()).checkAssert(this::findsAMinimumCardinalitySubsetWheneverOneExists);
    }

    private void findsAMinimumCardinalitySubsetWheneverOneExists(long seed, int n, boolean grid) {
        RandomProblems.Problem problem = RandomProblems.draw(seed, n, grid);
        SubsetSolution oracle = new BruteForceSolver().solve(problem.values(), problem.target(), problem.tolerance());

        SubsetSolution solution = solver().solve(problem.values(), problem.target(), problem.tolerance());

        assertEquals(oracle.found(), solution.found());
        if (oracle.found()) {
            assertEquals(oracle.cardinality(), solution.cardinality());
        } else {
            assertEquals(oracle, solution, "fallback: smallest error, then cardinality, then indices");
        }
    }

    @Test
    void rejectsNonFiniteValuesNamingTheIndex() {
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> solver().solve(new double[] {0.1, Double.NaN}, 0.5, 0.01));
        IllegalArgumentException infinite = assertThrows(IllegalArgumentException.class,
                () -> solver().solve(new double[] {Double.NEGATIVE_INFINITY}, 0.5, 0.01));

        assertTrue(nan.getMessage().contains("values[1] = NaN"), nan.getMessage());
        assertTrue(infinite.getMessage().contains("values[0] = -Infinity"), infinite.getMessage());
    }

    @Test
    void rejectsANonFiniteTarget() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> solver().solve(new double[] {0.1}, Double.POSITIVE_INFINITY, 0.01));

        assertTrue(error.getMessage().contains("target = Infinity"), error.getMessage());
    }

    @Test
    void rejectsToleranceThatIsNotPositive() {
        for (double tolerance : new double[] {0.0, -0.01, Double.NaN}) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> solver().solve(new double[] {0.1}, 0.5, tolerance));

            assertTrue(error.getMessage().contains("tolerance") && error.getMessage().contains(
                    String.valueOf(tolerance)), error.getMessage());
        }
    }

    @Test
    void rejectsMoreValuesThanTheLimitAndNull() {
        int tooLarge = maxBaseSetSize() + 1;
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> solver().solve(new double[tooLarge], 0.5, 0.01));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> solver().solve(null, 0.5, 0.01));

        assertTrue(tooMany.getMessage().contains("n = " + tooLarge), tooMany.getMessage());
        assertTrue(missing.getMessage().contains("values"), missing.getMessage());
    }
}
