package org.ltcheck.subsetsum;

import org.ltcheck.testing.PropertySettings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Meet in the middle with the default objective: the shared contract and tie rules, exact agreement with the
 * brute-force oracle (also on base sets full of ties), and for base sets too large for the oracle agreement with
 * an enumeration of all subsets up to the answer's size and with a search split elsewhere.
 */
class MeetInTheMiddleSolverTest extends MinimumCardinalityRulesTest {

    private final MeetInTheMiddleSolver solver = new MeetInTheMiddleSolver();

    @Override
    protected SubsetSumSolver solver() {
        return solver;
    }

    @Override
    protected int maxBaseSetSize() {
        return MeetInTheMiddleSolver.MAX_BASE_SET_SIZE;
    }

    @Test
    void equalsTheBruteForceOracle() {
        PropertySettings.qt(600)
                .forAll(longs().all(), integers().between(0, 16), booleans().all())
                .checkAssert((seed, n, grid) -> {
                    RandomProblems.Problem problem = RandomProblems.draw(seed, n, grid);
                    assertEquals(oracle(problem), solve(solver, problem), () -> TiedProblems.describe(problem));
                });
    }

    @Test
    void equalsTheOracleOnBaseSetsFullOfTies() {
        PropertySettings.qt(600)
                .forAll(longs().all(), integers().between(0, 16))
                .checkAssert((seed, n) -> {
                    RandomProblems.Problem problem = TiedProblems.draw(seed, n);
                    assertEquals(oracle(problem), solve(solver, problem), () -> TiedProblems.describe(problem));
                });
    }

    @Test
    void equalsTheOracleAtTinyTolerancesUpToTwentyValues() {
        PropertySettings.qt(40)
                .forAll(longs().all(), integers().between(12, BruteForceSolver.MAX_ORACLE_SIZE))
                .checkAssert((seed, n) -> {
                    Random random = new Random(seed);
                    RandomProblems.Problem problem = new RandomProblems.Problem(
                            RandomProblems.values(random, n, false), 2 * random.nextDouble() - 1, 1e-6);
                    assertEquals(oracle(problem), solve(solver, problem), () -> TiedProblems.describe(problem));
                });
    }

    @Test
    void everySplitPointGivesTheOracleAnswer() {
        PropertySettings.qt(300)
                .forAll(longs().all(), integers().between(0, 12), integers().between(0, 12), booleans().all())
                .checkAssert((seed, n, leftSize, ties) -> {
                    RandomProblems.Problem problem = ties ? TiedProblems.draw(seed, n)
                            : RandomProblems.draw(seed, n, false);
                    MeetInTheMiddleSolver split =
                            new MeetInTheMiddleSolver(MeetInTheMiddleSolver.Objective.FEWEST_TERMS, leftSize);
                    assertEquals(oracle(problem), solve(split, problem), () -> TiedProblems.describe(problem));
                });
    }

    /** n = 28, 36, 40 at η = 1e-6: beyond the oracle, so every subset up to the answer's size is enumerated. */
    @Test
    void largeBaseSetsAtTinyToleranceMatchAnEnumerationUpToTheAnswersSize() {
        Random random = new Random(5);
        for (int n : new int[] {28, 36, 40}) {
            for (int problem = 0; problem < 3; problem++) {
                double[] values = RandomProblems.values(random, n, false);
                double target = 2 * random.nextDouble() - 1;

                SubsetSolution solution = solver.solve(values, target, 1e-6);

                assertTrue(solution.found(), "n = " + n + " always has a subset within 1e-6");
                assertEquals(SmallSubsets.fewestTerms(values, target, 1e-6, solution.cardinality()), solution,
                        "n = " + n + ", target " + target);
            }
        }
    }

    @Test
    void largeBaseSetsGiveTheSameAnswerForAnotherSplit() {
        Random random = new Random(6);
        for (int n : new int[] {24, 28, 36}) {
            MeetInTheMiddleSolver otherSplit =
                    new MeetInTheMiddleSolver(MeetInTheMiddleSolver.Objective.FEWEST_TERMS, n - 20);
            for (double tolerance : new double[] {1e-2, 1e-6, 1e-9}) {
                double[] values = RandomProblems.values(random, n, false);
                double target = 2 * random.nextDouble() - 1;

                assertEquals(otherSplit.solve(values, target, tolerance), solver.solve(values, target, tolerance),
                        "n = " + n + ", tolerance " + tolerance);
            }
        }
    }

    @Test
    void fallbackOnALargeBaseSetIsTheSameForAnotherSplit() {
        // No subset of 28 random values hits a target within 1e-300: the smallest error over all 2^28 subsets.
        double[] values = RandomProblems.values(new Random(7), 28, false);
        MeetInTheMiddleSolver otherSplit =
                new MeetInTheMiddleSolver(MeetInTheMiddleSolver.Objective.FEWEST_TERMS, 9);

        SubsetSolution solution = solver.solve(values, 0.3, 1e-300);

        assertFalse(solution.found());
        assertEquals(otherSplit.solve(values, 0.3, 1e-300), solution);
    }

    @Test
    void fallbackEqualsTheOracleOnTwentyValues() {
        Random random = new Random(8);
        for (int problem = 0; problem < 3; problem++) {
            double[] values = RandomProblems.values(random, 20, false);
            double target = 3 * random.nextDouble() - 1.5;

            SubsetSolution solution = solver.solve(values, target, 1e-12);

            assertFalse(solution.found());
            assertEquals(new BruteForceSolver().solve(values, target, 1e-12), solution);
        }
    }

    @Test
    void exactlyRepresentableTargetsAndZerosPickTheFirstExactSubset() {
        // 0.75 = {1,2} = {0,1,3} ...; zeros never help: the fewest terms are {1,2} (0.25 + 0.5), error 0.
        double[] values = {0.0, 0.25, 0.5, 0.5, 0.0, 0.25};

        SubsetSolution solution = solver.solve(values, 0.75, 1e-9);

        assertArrayEquals(new int[] {1, 2}, solution.indices());
        assertEquals(0.0, solution.error());
    }

    @Test
    void findsASubsetWhoseHalvesRoundOtherwiseThanItsSum() {
        // Halves {0,1} and {2,3}. In index order -2^-53 + (1 + 2^-52) = 1 + 2^-53 rounds to 1.0, the target;
        // split, target - left = 1 + 2^-53 rounds to 1.0 and misses the right value by 2^-52, 16 tolerances.
        double u = 0x1p-53;
        double[] values = {-0.5, -u, -3 * u, 1 + 2 * u};

        SubsetSolution solution = solver.solve(values, 1.0, u / 8);

        assertArrayEquals(new int[] {1, 3}, solution.indices());
        assertEquals(0.0, solution.error());
        assertEquals(new BruteForceSolver().solve(values, 1.0, u / 8), solution);
    }

    @Test
    void reusedWorkspacesGiveTheAnswersOfFreshSolvers() {
        Random random = new Random(9);
        for (int n : new int[] {36, 3, 20, 0, 28, 7, 36}) {
            RandomProblems.Problem problem = new RandomProblems.Problem(
                    RandomProblems.values(random, n, false), 2 * random.nextDouble() - 1, 1e-4);

            assertEquals(solve(new MeetInTheMiddleSolver(), problem), solve(solver, problem), "n = " + n);
        }
    }

    /** Allocation, not time: deterministic enough to assert, and what a construction worker cares about. */
    @Test
    void aWarmWorkspaceAllocatesLittleMoreThanTheSolutions() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "allocation counters of HotSpot");
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<RandomProblems.Problem> problems = new ArrayList<>();
        Random random = new Random(13);
        for (int p = 0; p < 200; p++) {
            problems.add(new RandomProblems.Problem(RandomProblems.values(random, 24, false),
                    2 * random.nextDouble() - 1, p % 2 == 0 ? 1e-2 : 1e-5));
        }
        problems.forEach(problem -> solve(solver, problem));
        long thread = Thread.currentThread().getId();

        long before = threads.getThreadAllocatedBytes(thread);
        problems.forEach(problem -> solve(solver, problem));
        long perProblem = (threads.getThreadAllocatedBytes(thread) - before) / problems.size();

        // A solution is a record and two index arrays of at most 24 ints: well under 512 bytes.
        assertTrue(perProblem < 512, perProblem + " bytes per problem");
    }

    @Test
    void oneInstanceSharedByThreadsAnswersAsOneThreadDoes() throws Exception {
        List<RandomProblems.Problem> problems = new ArrayList<>();
        for (int p = 0; p < 64; p++) {
            problems.add(RandomProblems.draw(p, 10 + p % 15, p % 3 == 0));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<SubsetSolution>> answers = new ArrayList<>();
            for (RandomProblems.Problem problem : problems) {
                answers.add(pool.submit(() -> solve(solver, problem)));
            }
            for (int p = 0; p < problems.size(); p++) {
                assertEquals(solve(new MeetInTheMiddleSolver(), problems.get(p)), answers.get(p).get(), "problem " + p);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void lexicographicOrderOfMasksIsThatOfTheAscendingIndexArrays() {
        // {0, 3} < {1, 2}: index 0 is the first difference; {1, 2} < {1, 3}.
        assertTrue(MeetInTheMiddleSearch.isLexicographicallyFirst(0b1001, 0b0110));
        assertFalse(MeetInTheMiddleSearch.isLexicographicallyFirst(0b0110, 0b1001));
        assertTrue(MeetInTheMiddleSearch.isLexicographicallyFirst(0b0110, 0b1010));
        assertFalse(MeetInTheMiddleSearch.isLexicographicallyFirst(0b0110, 0b0110));
        assertTrue(MeetInTheMiddleSearch.isLexicographicallyFirst(1L << 39 | 1, 1L << 39 | 2));
    }

    @Test
    void rejectsASplitThatLeavesMoreThanTwentyValuesOnOneSide() {
        MeetInTheMiddleSolver unbalanced =
                new MeetInTheMiddleSolver(MeetInTheMiddleSolver.Objective.FEWEST_TERMS, 5);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> unbalanced.solve(new double[30], 0.5, 0.01));
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> new MeetInTheMiddleSolver(MeetInTheMiddleSolver.Objective.FEWEST_TERMS, 21));

        assertTrue(error.getMessage().contains("leaves 25 on the right"), error.getMessage());
        assertTrue(size.getMessage().contains("was 21"), size.getMessage());
    }

    static SubsetSolution solve(SubsetSumSolver solver, RandomProblems.Problem problem) {
        return solver.solve(problem.values(), problem.target(), problem.tolerance());
    }

    private static SubsetSolution oracle(RandomProblems.Problem problem) {
        return solve(new BruteForceSolver(), problem);
    }
}
