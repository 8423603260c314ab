package org.ltcheck.subsetsum;

import static org.ltcheck.subsetsum.SubsetSumInputs.checkFinite;
import static org.ltcheck.subsetsum.SubsetSumInputs.checkTolerance;
import static org.ltcheck.subsetsum.SubsetSumInputs.checkValues;

import java.util.Objects;

/**
 * Exact subset-sum search for large base sets and small tolerances by meet in the middle (Horowitz and Sahni,
 * 1974): the base set is split into a left half (the first ⌊n/2⌋ indices) and a right half, each half's
 * subset sums are tabulated, one side sorted, and for every subset of the other side the sorted table is
 * binary searched for sums near target - sum (per pair of cardinality groups the cheaper side is sorted, and
 * tiny groups are matched by a linear scan instead). That costs about 2^(n/2) per half instead of 2^n, so
 * base sets of up to {@value #MAX_BASE_SET_SIZE} values and tolerances far below 1e-3 stay tractable, where
 * {@link MinimumCardinalitySolver} enumerates every subset up to the answer's size.
 *
 * <h2>Objectives</h2>
 * <ul>
 *   <li>{@link Objective#FEWEST_TERMS} (the default) follows {@link SubsetSumSolver}'s contract with
 *       {@link MinimumCardinalitySolver}'s tie rules, and returns the same solutions as {@link BruteForceSolver}:
 *       fewest terms, then smallest error, then the lexicographically first index set. Both halves' sums are
 *       grouped by cardinality and built lazily, and total cardinalities c = c_left + c_right are searched in
 *       increasing order, stopping at the first c with a feasible pair: for the typical answer of 2–7 terms
 *       only the small groups are ever built.</li>
 *   <li>{@link Objective#LEAST_AMPLIFICATION} minimises Σ|x| over the chosen values among <em>all</em> subsets
 *       within tolerance, whatever their size; ties go to fewer terms, then the smaller error, then the first
 *       index set. This is the factor by which a next layer's subset sum amplifies its inputs' errors in the
 *       L+1 construction, where copies carry distinct errors. It departs from the contract's "minimum
 *       cardinality" (a subset found is feasible, but may be larger than necessary). It first solves for fewest
 *       terms, whose Σ|x| bounds the answer's, tabulates only the subsets of each half within that bound, and
 *       searches them with a segment tree of the right half's Σ|x| over its sorted sums.</li>
 * </ul>
 * Without a feasible subset both objectives return the contract's fallback: the smallest error over all 2^n
 * subsets, then fewest terms, then the first index set. Every subset is evaluated as {@link SubsetSolution#of}
 * does, bit for bit; why the left + right shortcut loses nothing is argued in {@code MeetInTheMiddleSearch}.
 * Base values whose subset sums overflow to infinity are not supported.
 *
 * <h2>Threads and memory</h2>
 * Instances are thread safe and meant to be shared: each thread calling {@link #solve} gets its own workspace
 * (a {@link ThreadLocal} of this instance; drop the instance to release them), which keeps its tables for that
 * thread's next problem, so a problem allocates nothing but its result once the tables have grown. Per half
 * of h values a workspace holds, as far as they have been needed: the cardinality groups (12 bytes per
 * subset: sum and mask), the tables of all 2^h subsets for the infeasibility check and the fallback (8 bytes
 * per subset of the left half, 20 of the right), and for least amplification the subsets within the bound
 * (12 bytes per subset of either half, allocated for all 2^h) and the segment tree (up to 16 bytes per subset
 * of the right half). At n = 36 (h = 18, 2^18 subsets per half) that is at most 6 + 7 + 10 = 23 MiB per
 * thread, at n = 40 about 92 MiB; fewest terms with a feasible answer of at most 7 terms at n = 36 touches
 * under 2 MiB.
 */
public final class MeetInTheMiddleSolver implements SubsetSumSolver {

    /** Largest base set: two halves of {@link HalfSums#MAX_SIZE} = 20 values (2^20 subsets each). */
    public static final int MAX_BASE_SET_SIZE = 2 * HalfSums.MAX_SIZE;

    /** What the solver optimises among the subsets within tolerance. */
    public enum Objective {
        /** The {@link SubsetSumSolver} contract: fewest terms, then smallest error, then first index set. */
        FEWEST_TERMS,
        /** Least Σ|x| among all subsets within tolerance, then fewest terms, smallest error, first index set. */
        LEAST_AMPLIFICATION
    }

    private final Objective objective;
    /** Size of the left half, or -1 for ⌊n/2⌋; another split checks the search against itself in tests. */
    private final int leftSize;
    private final ThreadLocal<MeetInTheMiddleSearch> workspaces =
            ThreadLocal.withInitial(MeetInTheMiddleSearch::new);

    /** A solver with {@link Objective#FEWEST_TERMS}, the {@link SubsetSumSolver} contract. */
    public MeetInTheMiddleSolver() {
        this(Objective.FEWEST_TERMS);
    }

    /** @param objective what to optimise among the subsets within tolerance */
    public MeetInTheMiddleSolver(Objective objective) {
        this(objective, -1);
    }

    /**
     * A solver that splits the base set after the first {@code leftSize} values (clamped to n), so that tests
     * can compare two different splits, whose left + right shortcuts round differently.
     */
    MeetInTheMiddleSolver(Objective objective, int leftSize) {
        this.objective = Objects.requireNonNull(objective, "objective");
        if (leftSize < -1 || leftSize > HalfSums.MAX_SIZE) {
            throw new IllegalArgumentException(
                    "leftSize must be -1 or in 0.." + HalfSums.MAX_SIZE + ", was " + leftSize);
        }
        this.leftSize = leftSize;
    }

    /** @return what this solver optimises among the subsets within tolerance */
    public Objective objective() {
        return objective;
    }

    @Override
    public int maxBaseSetSize() {
        return MAX_BASE_SET_SIZE;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Accepts up to {@value #MAX_BASE_SET_SIZE} values, more than {@link SubsetSumSolver#MAX_BASE_SET_SIZE}.
     */
    @Override
    public SubsetSolution solve(double[] values, double target, double tolerance) {
        int n = checkValues(values, "values", MAX_BASE_SET_SIZE);
        checkFinite(target, "target");
        checkTolerance(tolerance);
        int split = leftSize < 0 ? n / 2 : Math.min(leftSize, n);
        if (n - split > HalfSums.MAX_SIZE) {
            throw new IllegalArgumentException("a split after " + split + " of n = " + n
                    + " values leaves " + (n - split) + " on the right, more than " + HalfSums.MAX_SIZE);
        }
        MeetInTheMiddleSearch search = workspaces.get();
        return objective == Objective.FEWEST_TERMS
                ? search.fewestTerms(values, target, tolerance, split)
                : search.leastAmplification(values, target, tolerance, split);
    }
}
