package org.ltcheck.bench;

import java.util.concurrent.TimeUnit;
import org.ltcheck.subsetsum.FirstFitSolver;
import org.ltcheck.subsetsum.MinimumCardinalitySolver;
import org.ltcheck.subsetsum.SubsetSolution;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Subset-sum throughput in targets per second, the quantity that bounds how fast a ticket can be constructed.
 *
 * <p>Every configuration solves the same seeded problems: {@value #TARGETS} targets z ~ U[-1,1], each with its
 * own base set of n values ~ U[-1,1] (as in the construction, base sets are never shared). Compared: the
 * minimum-cardinality solver as one batch and one target at a time, and the reference's first-fit policy.
 * Solvers are created once per trial, so the indicator-matrix cache is warm after the warm-up.
 *
 * <p>Run: {@code java -cp <experiments jar and dependencies> org.openjdk.jmh.Main SubsetSumBenchmark}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
public class SubsetSumBenchmark {

    /** Problems per benchmark invocation; throughput is reported per problem. */
    static final int TARGETS = 4096;

    private static final long SEED = 20220717L;

    /** Base-set size. */
    @Param({"15", "20"})
    int n;

    /** Admissible error per target weight (the paper's ε). */
    @Param({"0.01"})
    double tolerance;

    private double[][] valueSets;
    private double[] targets;
    private MinimumCardinalitySolver minimumCardinality;
    private FirstFitSolver firstFit;

    /** Draws the shared problems and creates the solvers. */
    @Setup
    public void setUp() {
        SubsetSumProblems problems = SubsetSumProblems.draw(SEED, TARGETS, n);
        valueSets = problems.valueSets();
        targets = problems.targets();
        minimumCardinality = new MinimumCardinalitySolver();
        firstFit = new FirstFitSolver();
    }

    /** Minimum cardinality, all targets in one {@code solveBatch} call. */
    @Benchmark
    @OperationsPerInvocation(TARGETS)
    public SubsetSolution[] minimumCardinalityBatch() {
        return minimumCardinality.solveBatch(valueSets, targets, tolerance);
    }

    /** Minimum cardinality, one {@code solve} call per target. */
    @Benchmark
    @OperationsPerInvocation(TARGETS)
    public void minimumCardinalitySingle(Blackhole blackhole) {
        for (int t = 0; t < TARGETS; t++) {
            blackhole.consume(minimumCardinality.solve(valueSets[t], targets[t], tolerance));
        }
    }

    /** The reference's first-fit policy (sizes 0..9), one target at a time. */
    @Benchmark
    @OperationsPerInvocation(TARGETS)
    public void firstFit(Blackhole blackhole) {
        for (int t = 0; t < TARGETS; t++) {
            blackhole.consume(firstFit.solve(valueSets[t], targets[t], tolerance));
        }
    }
}
