package org.ltcheck.subsetsum;

import org.ltcheck.testing.PropertySettings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ltcheck.testing.PropertySettings.seeds;
import static org.ltcheck.testing.PropertySettings.upTo;
import static org.quicktheories.generators.SourceDSL.booleans;

import java.util.Arrays;
import java.util.Comparator;
import org.junit.jupiter.api.Test;

/** The reference's first-fit policy: the contract, the first-fit rule, and how it differs from minimum error. */
class FirstFitSolverTest extends SubsetSumSolverContractTest {

    @Override
    protected SubsetSumSolver solver() {
        return new FirstFitSolver(SubsetSumSolver.MAX_BASE_SET_SIZE);
    }

    @Test
    void returnsTheFirstFeasibleSubsetInSizeThenCombinationOrder() {
        PropertySettings.qt(300).forAll(seeds(), upTo(12), upTo(12), booleans().all())
                .checkAssert(this::returnsTheFirstFeasibleSubsetInSizeThenCombinationOrder);
    }

    private void returnsTheFirstFeasibleSubsetInSizeThenCombinationOrder(long seed, int n, int maxSize,
            boolean grid) {
        RandomProblems.Problem problem = RandomProblems.draw(seed, n, grid);
        SubsetSolution first = null;
        Comparator<SubsetSolution> enumerationOrder = Comparator.comparingInt(SubsetSolution::cardinality)
                .thenComparing(SubsetSolution::indices, Arrays::compare);
        for (int mask = 0; mask < 1 << n; mask++) {
            int[] indices = RandomProblems.indicesOf(mask);
            SubsetSolution candidate = SubsetSolution.of(problem.values(), indices, problem.target(),
                    problem.tolerance());
            if (candidate.found() && indices.length <= maxSize
                    && (first == null || enumerationOrder.compare(candidate, first) < 0)) {
                first = candidate;
            }
        }

        SubsetSolution solution = new FirstFitSolver(maxSize)
                .solve(problem.values(), problem.target(), problem.tolerance());

        if (first != null) {
            assertEquals(first, solution);
        } else {
            assertEquals(new BruteForceSolver(maxSize).solve(problem.values(), problem.target(),
                    problem.tolerance()), solution, "no fit: the smallest error seen");
        }
    }

    @Test
    void neverUsesFewerElementsOrASmallerErrorThanMinimumCardinality() {
        PropertySettings.qt(300).forAll(seeds(), upTo(12), booleans().all())
                .checkAssert(this::neverUsesFewerElementsOrASmallerErrorThanMinimumCardinality);
    }

    private void neverUsesFewerElementsOrASmallerErrorThanMinimumCardinality(long seed, int n, boolean grid) {
        RandomProblems.Problem problem = RandomProblems.draw(seed, n, grid);

        SubsetSolution firstFit = new FirstFitSolver().solve(problem.values(), problem.target(), problem.tolerance());
        SubsetSolution minimum = new MinimumCardinalitySolver()
                .solve(problem.values(), problem.target(), problem.tolerance());

        if (firstFit.found()) {
            assertTrue(minimum.found());
            assertTrue(firstFit.cardinality() >= minimum.cardinality());
            assertTrue(firstFit.cardinality() > minimum.cardinality() || firstFit.error() >= minimum.error());
        }
    }

    @Test
    void stopsAtTheFirstFitNotTheBestFit() {
        double[] values = {0.295, 0.3};

        SubsetSolution firstFit = new FirstFitSolver().solve(values, 0.3, 0.01);
        SubsetSolution minimum = new MinimumCardinalitySolver().solve(values, 0.3, 0.01);

        assertArrayEquals(new int[] {0}, firstFit.indices());
        assertArrayEquals(new int[] {1}, minimum.indices());
        assertTrue(firstFit.error() > minimum.error());
    }

    @Test
    void defaultSearchStopsAtNineElementsLikeTheReference() {
        double[] values = new double[12];
        Arrays.fill(values, 0.0625);

        SubsetSolution firstFit = new FirstFitSolver().solve(values, 0.625, 0.01);
        SubsetSolution minimum = new MinimumCardinalitySolver().solve(values, 0.625, 0.01);

        assertEquals(9, new FirstFitSolver().maxSize());
        assertFalse(firstFit.found());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8}, firstFit.indices());
        assertEquals(0.0625, firstFit.error());
        assertTrue(minimum.found());
        assertEquals(10, minimum.cardinality());
    }
}
