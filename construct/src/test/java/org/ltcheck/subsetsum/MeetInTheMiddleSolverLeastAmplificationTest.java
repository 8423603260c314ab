package org.ltcheck.subsetsum;

import org.ltcheck.testing.PropertySettings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ltcheck.subsetsum.MeetInTheMiddleSolverTest.solve;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link MeetInTheMiddleSolver.Objective#LEAST_AMPLIFICATION}: least Σ|x| among all subsets within tolerance,
 * then fewest terms, smallest error, first index set; without a feasible subset the contract's fallback. Checked
 * against an exhaustive oracle written here, and beyond its reach against a search split elsewhere.
 */
class MeetInTheMiddleSolverLeastAmplificationTest {

    private static final MeetInTheMiddleSolver.Objective LEAST = MeetInTheMiddleSolver.Objective.LEAST_AMPLIFICATION;

    private final MeetInTheMiddleSolver solver = new MeetInTheMiddleSolver(LEAST);

    @Test
    void prefersMoreTermsWithASmallerAmplification() {
        // 1 - 1/2 and 1/8 + 1/8 + 1/4 both hit 1/2 exactly; Σ|x| is 3/2 against 1/2.
        double[] values = {1.0, -0.5, 0.125, 0.125, 0.25};

        SubsetSolution least = solver.solve(values, 0.5, 0.01);
        SubsetSolution fewest = new MeetInTheMiddleSolver().solve(values, 0.5, 0.01);

        assertArrayEquals(new int[] {2, 3, 4}, least.indices());
        assertArrayEquals(new int[] {0, 1}, fewest.indices());
        assertEquals(0.0, least.error());
    }

    @Test
    void breaksEqualAmplificationsByFewerTermsThenTheFirstIndexSet() {
        // A zero adds nothing to Σ|x|: {1} beats {0, 1}; 0.5 beats 0.25 + 0.25 (same Σ|x|, one term fewer);
        // the three pairs of 0.25s tie in everything, so the first one wins.
        assertArrayEquals(new int[] {1}, solver.solve(new double[] {0.0, 0.5}, 0.5, 0.01).indices());
        assertArrayEquals(new int[] {2}, solver.solve(new double[] {0.25, 0.25, 0.5}, 0.5, 0.01).indices());
        assertArrayEquals(new int[] {0, 1}, solver.solve(new double[] {0.25, 0.25, 0.25}, 0.5, 0.01).indices());
    }

    @Test
    void prefersTheSmallerAmplificationOverTheSmallerError() {
        // 0.375 is 1/8 (= tolerance) from 0.5 and 0.5 hits it exactly, but Σ|x| is 3/8 against 1/2.
        SubsetSolution solution = solver.solve(new double[] {0.375, 0.5}, 0.5, 0.125);

        assertArrayEquals(new int[] {0}, solution.indices());
        assertEquals(0.125, solution.error());
    }

    @Test
    void withoutAFeasibleSubsetReturnsTheContractsFallback() {
        double[] values = RandomProblems.values(new Random(2), 12, false);

        SubsetSolution solution = solver.solve(values, 0.123456789, 1e-12);

        assertFalse(solution.found());
        assertEquals(new BruteForceSolver().solve(values, 0.123456789, 1e-12), solution);
    }

    @Test
    void equalsTheExhaustiveOracle() {
        PropertySettings.qt(500)
                .forAll(longs().all(), integers().between(0, 14), booleans().all())
                .checkAssert((seed, n, grid) -> {
                    RandomProblems.Problem problem = RandomProblems.draw(seed, n, grid);
                    assertEquals(oracle(problem), solve(solver, problem), () -> TiedProblems.describe(problem));
                });
    }

    @Test
    void equalsTheOracleOnBaseSetsFullOfTiesForEverySplit() {
        PropertySettings.qt(500)
                .forAll(longs().all(), integers().between(0, 12), integers().between(0, 12))
                .checkAssert((seed, n, leftSize) -> {
                    RandomProblems.Problem problem = TiedProblems.draw(seed, n);
                    MeetInTheMiddleSolver split = new MeetInTheMiddleSolver(LEAST, leftSize);
                    assertEquals(oracle(problem), solve(split, problem), () -> TiedProblems.describe(problem));
                });
    }

    @Test
    void neverAmplifiesMoreThanTheFewestTermsAnswer() {
        MeetInTheMiddleSolver fewest = new MeetInTheMiddleSolver();
        PropertySettings.qt(100)
                .forAll(longs().all(), integers().between(0, 20))
                .checkAssert((seed, n) -> {
                    RandomProblems.Problem problem = RandomProblems.draw(seed, n, false);
                    SubsetSolution least = solve(solver, problem);
                    SubsetSolution few = solve(fewest, problem);
                    assertEquals(few.found(), least.found());
                    if (least.found()) {
                        assertTrue(amplification(problem.values(), least.indices())
                                <= amplification(problem.values(), few.indices()), () -> least + " vs " + few);
                    }
                });
    }

    @Test
    void equalsTheOracleOnTwentyValuesAtSmallTolerances() {
        Random random = new Random(14);
        for (double tolerance : new double[] {1e-2, 1e-4, 1e-6}) {
            RandomProblems.Problem problem = new RandomProblems.Problem(RandomProblems.values(random, 20, false),
                    2 * random.nextDouble() - 1, tolerance);

            assertEquals(oracle(problem), solve(solver, problem), "tolerance " + tolerance);
        }
    }

    @Test
    void largeBaseSetsGiveTheSameAnswerForAnotherSplit() {
        Random random = new Random(10);
        for (int n : new int[] {28, 36}) {
            MeetInTheMiddleSolver otherSplit = new MeetInTheMiddleSolver(LEAST, n - 20);
            for (double tolerance : new double[] {1e-2, 1e-6}) {
                double[] values = RandomProblems.values(random, n, false);
                double target = 2 * random.nextDouble() - 1;

                SubsetSolution solution = solver.solve(values, target, tolerance);

                assertTrue(solution.found(), "n = " + n + ", tolerance " + tolerance);
                assertEquals(otherSplit.solve(values, target, tolerance), solution,
                        "n = " + n + ", tolerance " + tolerance);
            }
        }
    }

    /** Exhaustive: among feasible subsets least Σ|x|, fewest terms, smallest error, first; else the fallback. */
    private static SubsetSolution oracle(RandomProblems.Problem problem) {
        double[] values = problem.values();
        SubsetSolution best = null;
        double bestAmplification = Double.POSITIVE_INFINITY;
        for (int mask = 0; mask < 1 << values.length; mask++) {
            SubsetSolution candidate = SubsetSolution.of(values, RandomProblems.indicesOf(mask), problem.target(),
                    problem.tolerance());
            if (!candidate.found()) {
                continue;
            }
            double amplification = amplification(values, candidate.indices());
            if (best == null || amplification < bestAmplification || amplification == bestAmplification
                    && (candidate.cardinality() < best.cardinality()
                    || candidate.cardinality() == best.cardinality() && (candidate.error() < best.error()
                    || candidate.error() == best.error()
                    && Arrays.compare(candidate.indices(), best.indices()) < 0))) {
                best = candidate;
                bestAmplification = amplification;
            }
        }
        return best != null ? best : solve(new BruteForceSolver(), problem);
    }

    /** Σ|x| in ascending index order from +0.0, as the solver defines it. */
    private static double amplification(double[] values, int[] indices) {
        double sum = 0.0;
        for (int index : indices) {
            sum += Math.abs(values[index]);
        }
        return sum;
    }
}
