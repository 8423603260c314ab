package org.ltcheck.subsetsum;

import org.ltcheck.testing.PropertySettings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ltcheck.testing.PropertySettings.seeds;
import static org.ltcheck.testing.PropertySettings.upTo;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.Arrays;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** The vectorised solver: the contract, the tie rules, exact agreement with the oracle and between entry points. */
class MinimumCardinalitySolverTest extends MinimumCardinalityRulesTest {

    private final MinimumCardinalitySolver solver = new MinimumCardinalitySolver();

    @Override
    protected SubsetSumSolver solver() {
        return solver;
    }

    @Test
    void equalsTheBruteForceOracle() {
        PropertySettings.qt(400).forAll(seeds(), upTo(12), booleans().all()).checkAssert(this::equalsTheBruteForceOracle);
    }

    private void equalsTheBruteForceOracle(long seed, int n, boolean grid) {
        RandomProblems.Problem problem = RandomProblems.draw(seed, n, grid);

        assertEquals(new BruteForceSolver().solve(problem.values(), problem.target(), problem.tolerance()),
                solver.solve(problem.values(), problem.target(), problem.tolerance()));
    }

    @Test
    void equalsTheOracleWithTheSameCardinalityLimit() {
        PropertySettings.qt(200).forAll(seeds(), upTo(10), upTo(4), booleans().all())
                .checkAssert(this::equalsTheOracleWithTheSameCardinalityLimit);
    }

    private void equalsTheOracleWithTheSameCardinalityLimit(long seed, int n, int maxCardinality, boolean grid) {
        RandomProblems.Problem problem = RandomProblems.draw(seed, n, grid);

        SubsetSolution solution = new MinimumCardinalitySolver(maxCardinality)
                .solve(problem.values(), problem.target(), problem.tolerance());

        assertTrue(solution.cardinality() <= maxCardinality);
        assertEquals(new BruteForceSolver(maxCardinality).solve(problem.values(), problem.target(),
                problem.tolerance()), solution);
    }

    /** Batches wider than 15 columns take EJML's other product kernel, so sizes up to 40 cover both. */
    @Test
    void batchAndSharedSolutionsEqualSingleSolutions() {
        PropertySettings.qt(150).forAll(seeds(), upTo(12), integers().between(1, 40), booleans().all())
                .checkAssert(this::batchAndSharedSolutionsEqualSingleSolutions);
    }

    private void batchAndSharedSolutionsEqualSingleSolutions(long seed, int n, int count, boolean grid) {
        Random random = new Random(seed);
        double tolerance = RandomProblems.tolerance(random, grid);
        double[] shared = RandomProblems.values(random, n, grid);
        double[][] valueSets = new double[count][];
        double[] targets = new double[count];
        for (int t = 0; t < count; t++) {
            valueSets[t] = RandomProblems.values(random, n, grid);
            targets[t] = RandomProblems.target(random, grid);
        }

        SubsetSolution[] batch = solver.solveBatch(valueSets, targets, tolerance);
        SubsetSolution[] sharedSolutions = solver.solveShared(shared, targets, tolerance);

        for (int t = 0; t < count; t++) {
            assertEquals(solver.solve(valueSets[t], targets[t], tolerance), batch[t], "batch target " + t);
            assertEquals(solver.solve(shared, targets[t], tolerance), sharedSolutions[t], "shared target " + t);
        }
    }

    @Test
    void batchSpanningSeveralProductBlocksEqualsSingleSolutions() {
        // With tolerance 1e-4 most of 2,000 targets need k >= 5. C(15,5) = 3003 rows leave 2^20 / 3003 = 349
        // columns per product block, so more than 698 open targets at k = 5 means at least three blocks.
        Random random = new Random(3);
        int count = 2_000;
        double[][] valueSets = new double[count][];
        double[] targets = new double[count];
        for (int t = 0; t < count; t++) {
            valueSets[t] = RandomProblems.values(random, 15, false);
            targets[t] = 2 * random.nextDouble() - 1;
        }

        SubsetSolution[] batch = solver.solveBatch(valueSets, targets, 1e-4);

        int openAtFive = 0;
        for (int t = 0; t < count; t++) {
            assertEquals(solver.solve(valueSets[t], targets[t], 1e-4), batch[t], "target " + t);
            openAtFive += !batch[t].found() || batch[t].cardinality() >= 5 ? 1 : 0;
        }
        assertTrue(openAtFive > 2 * 349, "only " + openAtFive + " targets reached k = 5");
    }

    @Test
    void batchRejectsBaseSetsOfDifferentSizes() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> solver.solveBatch(
                new double[][] {{0.1, 0.2}, {0.3}}, new double[] {0.1, 0.2}, 0.01));

        assertTrue(error.getMessage().contains("valueSets[1] has 1 values"), error.getMessage());
    }

    @Test
    void batchRejectsMismatchedCountsAndNamesBadEntries() {
        IllegalArgumentException counts = assertThrows(IllegalArgumentException.class, () -> solver.solveBatch(
                new double[][] {{0.1}}, new double[] {0.1, 0.2}, 0.01));
        IllegalArgumentException value = assertThrows(IllegalArgumentException.class, () -> solver.solveBatch(
                new double[][] {{0.1}, {Double.NaN}}, new double[] {0.1, 0.2}, 0.01));
        IllegalArgumentException target = assertThrows(IllegalArgumentException.class, () -> solver.solveShared(
                new double[] {0.1}, new double[] {0.1, Double.NaN}, 0.01));

        assertTrue(counts.getMessage().contains("1 base sets but targets has 2"), counts.getMessage());
        assertTrue(value.getMessage().contains("valueSets[1][0] = NaN"), value.getMessage());
        assertTrue(target.getMessage().contains("targets[1] = NaN"), target.getMessage());
    }

    @Test
    void emptyBatchGivesNoSolutions() {
        assertEquals(0, solver.solveBatch(new double[0][], new double[0], 0.01).length);
        assertEquals(0, solver.solveShared(new double[] {0.5}, new double[0], 0.01).length);
    }

    @Test
    void rejectsANegativeCardinalityLimit() {
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> new MinimumCardinalitySolver(-1));

        assertTrue(error.getMessage().contains("maxCardinality must be >= 0, was -1"), error.getMessage());
    }

    @Test
    void indicatorRowsAreTheKSubsetsInCombinationOrder() {
        int n = 6;
        for (int k = 1; k <= n; k++) {
            IndicatorMatrix indicator = solver.indicator(n, k);

            assertEquals(Combinations.count(n, k), indicator.rows());
            int[] previous = null;
            for (int row = 0; row < indicator.rows(); row++) {
                int[] subset = indicator.subset(row);
                assertEquals(k, subset.length);
                for (int i = 0; i < n; i++) {
                    double expected = Arrays.binarySearch(subset, i) >= 0 ? 1.0 : 0.0;
                    assertEquals(expected, indicator.matrix().get(row, i), "row " + row + " column " + i);
                }
                assertTrue(previous == null || Arrays.compare(previous, subset) < 0, "lexicographic");
                previous = subset;
            }
        }
    }

    @Test
    void indicatorMatricesAreBuiltOncePerInstance() {
        assertSame(solver.indicator(9, 3), solver.indicator(9, 3));
        assertTrue(solver.indicator(9, 3) != new MinimumCardinalitySolver().indicator(9, 3), "instance state");
    }

    @Test
    void productSumsEqualSumsInIndexOrderExactly() {
        Random random = new Random(4);
        IndicatorMatrix indicator = solver.indicator(10, 4);
        for (int columns : new int[] {1, 5, 40}) {
            DMatrixRMaj values = new DMatrixRMaj(10, columns);
            for (int i = 0; i < values.data.length; i++) {
                values.data[i] = 2 * random.nextDouble() - 1;
            }

            DMatrixRMaj sums =
                    CommonOps_DDRM.mult(indicator.matrix(), values, null);

            for (int row = 0; row < indicator.rows(); row++) {
                int[] subset = indicator.subset(row);
                for (int c = 0; c < columns; c++) {
                    double expected = 0.0;
                    for (int index : subset) {
                        expected += values.get(index, c);
                    }
                    assertEquals(expected, sums.get(row, c), "row " + row + " column " + c);
                }
            }
        }
    }

    @Test
    void maxCardinalityZeroOnlyConsidersTheEmptySubset() {
        SubsetSolution solution = new MinimumCardinalitySolver(0).solve(new double[] {0.5}, 0.5, 0.01);

        assertArrayEquals(new int[0], solution.indices());
        assertEquals(0.5, solution.error());
    }
}
