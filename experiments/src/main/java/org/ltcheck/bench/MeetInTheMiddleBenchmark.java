package org.ltcheck.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.ltcheck.subsetsum.MeetInTheMiddleSolver;
import org.ltcheck.subsetsum.MinimumCardinalitySolver;
import org.ltcheck.subsetsum.SubsetSolution;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Meet-in-the-middle subset-sum throughput in problems per second, one thread, for base sets beyond the
 * minimum-cardinality solver's reach and tolerances far below the paper's ε.
 *
 * <p>Problems are {@link SubsetSumProblems}, as in {@link SubsetSumBenchmark}: a pool of {@value #PROBLEMS}
 * seeded problems, each with its own base set of n values ~ U[-1,1] and a target ~ U[-1,1].
 * Each invocation solves the next problem of the pool, so that slow configurations (least amplification at
 * n = 36 takes tens of milliseconds) still finish an iteration; the solver's per-thread workspace is warm
 * after the first problems, as in a construction worker.
 *
 * <p>Run: {@code java -cp <experiments jar and dependencies> org.openjdk.jmh.Main MeetInTheMiddleBenchmark};
 * compare with {@code SubsetSumBenchmark.minimumCardinalityBatch} at n &lt;= 24. On a shared machine, where
 * wall-clock throughput mostly measures the other tenants, {@link #main} reports problems per second of this
 * thread's CPU time instead.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class MeetInTheMiddleBenchmark {

    /** Problems in the pool, cycled through (a power of two). */
    static final int PROBLEMS = 1024;

    private static final long SEED = 20220717L;
    /** Problems per pass of the CPU-time measurement in {@link #main}. */
    private static final int CPU_BATCH = 256;

    /** Base-set size. */
    @Param({"15", "20", "28", "36"})
    int n;

    /** Admissible error per target weight η. */
    @Param({"0.01", "0.0001", "0.000001"})
    double tolerance;

    private double[][] valueSets;
    private double[] targets;
    private MeetInTheMiddleSolver fewestTerms;
    private MeetInTheMiddleSolver leastAmplification;
    private int next;

    /** Draws the problems and creates the solvers. */
    @Setup
    public void setUp() {
        SubsetSumProblems problems = SubsetSumProblems.draw(SEED, PROBLEMS, n);
        valueSets = problems.valueSets();
        targets = problems.targets();
        fewestTerms = new MeetInTheMiddleSolver();
        leastAmplification = new MeetInTheMiddleSolver(MeetInTheMiddleSolver.Objective.LEAST_AMPLIFICATION);
    }

    /** Fewest terms, then smallest error: the {@code SubsetSumSolver} contract. */
    @Benchmark
    public SubsetSolution fewestTerms() {
        int t = next++ & PROBLEMS - 1;
        return fewestTerms.solve(valueSets[t], targets[t], tolerance);
    }

    /** Least Σ|x| among all subsets within tolerance. */
    @Benchmark
    public SubsetSolution leastAmplification() {
        int t = next++ & PROBLEMS - 1;
        return leastAmplification.solve(valueSets[t], targets[t], tolerance);
    }

    /**
     * Problems per CPU second of fewest terms for every (n, tolerance) of the benchmark, and at n &lt;= 20 of
     * {@link MinimumCardinalitySolver#solveBatch} on batches of {@value #CPU_BATCH} of the same problems: one
     * warm-up pass each, then passes until a second of this thread's CPU time is spent.
     */
    public static void main(String[] args) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int n : new int[] {15, 20, 28, 36}) {
            for (double tolerance : new double[] {1e-2, 1e-4, 1e-6}) {
                MeetInTheMiddleBenchmark benchmark = new MeetInTheMiddleBenchmark();
                benchmark.n = n;
                benchmark.tolerance = tolerance;
                benchmark.setUp();
                double meetInTheMiddle = perCpuSecond(threads, () -> {
                    for (int t = 0; t < CPU_BATCH; t++) {
                        benchmark.fewestTerms();
                    }
                });
                String current = "";
                if (n <= 20) {
                    MinimumCardinalitySolver solver = new MinimumCardinalitySolver();
                    double[][] valueSets = Arrays.copyOf(benchmark.valueSets, CPU_BATCH);
                    double[] targets = Arrays.copyOf(benchmark.targets, CPU_BATCH);
                    current = String.format(", minimum cardinality (batch) %.0f",
                            perCpuSecond(threads, () -> solver.solveBatch(valueSets, targets, tolerance)));
                }
                System.out.printf("n = %d, tolerance = %g: problems per CPU second: meet in the middle %.0f%s%n",
                        n, tolerance, meetInTheMiddle, current);
            }
        }
    }

    /** Problems per CPU second of a pass over {@value #CPU_BATCH} problems, after one warm-up pass. */
    private static double perCpuSecond(ThreadMXBean threads, Runnable pass) {
        pass.run();
        long start = threads.getCurrentThreadCpuTime();
        long solved = 0;
        do {
            pass.run();
            solved += CPU_BATCH;
        } while (threads.getCurrentThreadCpuTime() - start < 1_000_000_000L);
        return solved / ((threads.getCurrentThreadCpuTime() - start) / 1e9);
    }
}
