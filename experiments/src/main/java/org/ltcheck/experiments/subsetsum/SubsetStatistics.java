package org.ltcheck.experiments.subsetsum;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.random.RandomGenerator;
import org.ltcheck.experiments.subsetsum.SubsetStatsResult.Cell;
import org.ltcheck.experiments.subsetsum.SubsetStatsResult.PolicyOutcome;
import org.ltcheck.experiments.subsetsum.SubsetStatsResult.ReferenceComparison;
import org.ltcheck.experiments.subsetsum.SubsetStatsResult.TheoryComparison;
import org.ltcheck.subsetsum.FirstFitSolver;
import org.ltcheck.subsetsum.MinimumCardinalitySolver;
import org.ltcheck.subsetsum.SubsetSolution;
import org.ltcheck.theory.SubsetSumBound;

/**
 * Measures how large a random base set must be for subset sums to approximate <em>every</em>
 * target in [-1, 1] (Lueker's event, PAPER §2), and so the constant C that the theory leaves open.
 *
 * <h2>Design</h2>
 * <ul>
 *   <li><b>Success event.</b> A trial draws a base set and counts as a success when every point of
 *       the {@link TargetGrid} is approximated within ε by a subset of at most
 *       {@code maxSubsetSize} values ({@link MinimumCardinalitySolver#solveShared}: all grid targets
 *       against one base set). See {@link TargetGrid} for how this relates to "every z".</li>
 *   <li><b>Nested base sets.</b> Each trial draws one sequence of {@code max n} values; the base set
 *       of size n is its first n values. Each n still sees n i.i.d. values, so every estimate is
 *       unbiased, but the curves are coupled: adding values only adds subsets, so in every trial
 *       success and the set of approximated grid targets can only grow with n. The measured success
 *       and failure rates are therefore exactly monotone in n (no Monte-Carlo wiggles when reading
 *       off the smallest n that reaches 1 − δ), and differences between sizes are measured with
 *       common random numbers. The same base sets serve every ε.</li>
 *   <li><b>Theory.</b> Per (values, ε) the smallest measured n with success ≥ 1 − δ is compared with
 *       {@link SubsetSumBound#baseSetSize}(ε, δ, 1, C) and turned into the constant it implies.</li>
 *   <li><b>Reference protocol.</b> To compare with the authors' published figures, which come from a
 *       different experiment (one random target per fresh base set, first fit over sizes ≤ 9), that
 *       experiment is repeated with both {@link FirstFitSolver} and the minimum-cardinality solver
 *       on identical problems.</li>
 *   <li><b>Reproducibility.</b> All random values are drawn up front, sequentially, from the
 *       caller's generator; the parallel part only solves. Results (except timings) are therefore
 *       a function of the settings and the generator's seed, independent of the thread count.</li>
 * </ul>
 */
public final class SubsetStatistics {
  /** Reference-protocol targets per progress unit and parallel task. */
  static final int REFERENCE_CHUNK = 1_000;

  /**
   * The trials run in this many rounds, each over every n. Why: the cost of one trial varies
   * with n by an order of magnitude and not monotonically (a trial with a target that no small
   * subset reaches searches every size up to the limit), so a progress bar that went n by n
   * would extrapolate a wildly wrong ETA; rounds of equal expected cost keep the linear ETA
   * within about one round. Each round rebuilds the solver's matrices per n, a small cost.
   */
  static final int ROUNDS = 10;

  private SubsetStatistics() {}

  /** @return the number of progress units {@link #measure} reports, for a progress bar */
  public static long progressTotal(SubsetStatsSettings s) {
    long grid = (long) s.sizes().size() * s.values().size() * s.trials();
    long reference = (long) s.values().size() * chunks(s.reference().targets());
    return grid + reference;
  }

  /**
   * Runs the measurement.
   *
   * @param settings what to measure
   * @param random the source of every random value (e.g. {@code new SplittableRandom(seed)}); used
   *     only by the calling thread, before the parallel part
   * @param threads worker threads, &gt;= 1
   * @param progress called with the number of finished units (of {@link #progressTotal}) after each
   *     unit, from worker threads; must be thread safe
   * @return the statistics
   */
  public static SubsetStatsResult measure(
      SubsetStatsSettings settings, RandomGenerator random, int threads, LongConsumer progress) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads = " + threads + " must be >= 1");
    }
    long start = System.nanoTime();
    Map<BaseValues, double[][]> sequences = new EnumMap<>(BaseValues.class);
    for (BaseValues v : settings.values()) {
      double[][] s = new double[settings.trials()][];
      for (int t = 0; t < s.length; t++) {
        s[t] = v.draw(settings.maxSize(), random);
      }
      sequences.put(v, s);
    }
    Map<BaseValues, ReferenceProblems> referenceProblems = new EnumMap<>(BaseValues.class);
    for (BaseValues v : settings.values()) {
      referenceProblems.put(v, ReferenceProblems.draw(v, settings.reference(), random));
    }
    AtomicLong done = new AtomicLong();
    Runnable step = () -> progress.accept(done.incrementAndGet());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Cell> cells = measureGrid(settings, sequences, pool, step);
      List<ReferenceComparison> reference = new ArrayList<>();
      if (settings.reference().targets() > 0) {
        for (BaseValues v : settings.values()) {
          reference.add(compare(v, settings.reference(), referenceProblems.get(v), pool, step));
        }
      }
      return new SubsetStatsResult(settings, cells, theory(settings, cells), reference,
          (System.nanoTime() - start) / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }

  // ------------------------------------------------------------------------------------------
  // Grid statistics

  /** Per trial and ε: how many grid targets were missed, and the sizes of the approximated ones. */
  private record TrialOutcome(int missed, int found, long sizeSum) {}

  private static List<Cell> measureGrid(
      SubsetStatsSettings s, Map<BaseValues, double[][]> sequences, ExecutorService pool, Runnable step) {
    double[][] grids = s.epsilons().stream().map(e -> TargetGrid.covering(e, s.gridDensity())).toArray(double[][]::new);
    // outcomes[values][eps][n][trial]
    TrialOutcome[][][][] outcomes = new TrialOutcome[s.values().size()][grids.length][s.sizes().size()][s.trials()];
    int rounds = Math.min(ROUNDS, s.trials());
    for (int round = 0; round < rounds; round++) {
      int fromTrial = (int) ((long) s.trials() * round / rounds);
      int toTrial = (int) ((long) s.trials() * (round + 1) / rounds);
      for (int ni = 0; ni < s.sizes().size(); ni++) {
        int n = s.sizes().get(ni);
        // A fresh solver per n: its cache of subset indicator matrices serves only this n, and
        // dropping the previous one bounds memory to one n's matrices.
        MinimumCardinalitySolver solver = new MinimumCardinalitySolver(s.maxSubsetSize());
        for (int vi = 0; vi < s.values().size(); vi++) {
          double[][] sequence = sequences.get(s.values().get(vi));
          List<Callable<TrialOutcome[]>> tasks = new ArrayList<>();
          for (int t = fromTrial; t < toTrial; t++) {
            double[] baseSet = Arrays.copyOf(sequence[t], n);
            tasks.add(() -> {
              TrialOutcome[] perEps = new TrialOutcome[grids.length];
              for (int e = 0; e < grids.length; e++) {
                perEps[e] = outcome(solver.solveShared(baseSet, grids[e], s.epsilons().get(e)));
              }
              step.run();
              return perEps;
            });
          }
          List<TrialOutcome[]> done = runAll(pool, tasks);
          for (int t = fromTrial; t < toTrial; t++) {
            for (int e = 0; e < grids.length; e++) {
              outcomes[vi][e][ni][t] = done.get(t - fromTrial)[e];
            }
          }
        }
      }
    }
    List<Cell> cells = new ArrayList<>();
    for (int vi = 0; vi < s.values().size(); vi++) {
      for (int e = 0; e < grids.length; e++) {
        for (int ni = 0; ni < s.sizes().size(); ni++) {
          cells.add(cell(s.values().get(vi), s.epsilons().get(e), s.sizes().get(ni), grids[e].length,
              outcomes[vi][e][ni]));
        }
      }
    }
    return cells;
  }

  private static TrialOutcome outcome(SubsetSolution[] solutions) {
    int missed = 0;
    long sizeSum = 0;
    for (SubsetSolution solution : solutions) {
      if (solution.found()) {
        sizeSum += solution.cardinality();
      } else {
        missed++;
      }
    }
    return new TrialOutcome(missed, solutions.length - missed, sizeSum);
  }

  private static Cell cell(BaseValues v, double eps, int n, int gridTargets, TrialOutcome[] trials) {
    int successes = 0;
    long missed = 0;
    long found = 0;
    long sizeSum = 0;
    double sumSquares = 0;
    for (TrialOutcome t : trials) {
      successes += t.missed() == 0 ? 1 : 0;
      missed += t.missed();
      found += t.found();
      sizeSum += t.sizeSum();
      double fraction = (double) t.missed() / gridTargets;
      sumSquares += fraction * fraction;
    }
    int count = trials.length;
    double rate = (double) missed / ((long) count * gridTargets);
    Double stdError = null;
    if (count > 1) {
      double variance = Math.max(0.0, (sumSquares - count * rate * rate) / (count - 1));
      stdError = Math.sqrt(variance / count);
    }
    return new Cell(v, eps, n, gridTargets, Proportion.of(successes, count), rate, stdError,
        found == 0 ? null : (double) sizeSum / found);
  }

  private static List<TheoryComparison> theory(SubsetStatsSettings s, List<Cell> cells) {
    List<TheoryComparison> rows = new ArrayList<>();
    for (BaseValues v : s.values()) {
      for (double eps : s.epsilons()) {
        List<Cell> curve = cells.stream().filter(c -> c.values() == v && c.eps() == eps).toList();
        Integer empiricalN = curve.stream().filter(c -> c.success().rate() >= 1 - s.delta())
            .map(Cell::n).findFirst().orElse(null);
        int theoryN = SubsetSumBound.baseSetSize(eps, s.delta(), 1, v.theoryConstant());
        Double atTheory = curve.stream().filter(c -> c.n() == theoryN).map(c -> c.success().rate())
            .findFirst().orElse(null);
        // impliedConstant(n, ε, δ) = n / ln(1/min(ε, δ)): δ plays the role of the failure rate.
        Double implied = empiricalN == null ? null : SubsetSumBound.impliedConstant(empiricalN, eps, s.delta());
        rows.add(new TheoryComparison(v, eps, s.delta(), empiricalN, theoryN, v.theoryConstant(), atTheory, implied));
      }
    }
    return rows;
  }

  // ------------------------------------------------------------------------------------------
  // Reference protocol

  /** The reference's problems: target z_i ~ U[-1,1] with its own base set. */
  private record ReferenceProblems(double[] targets, double[][] baseSets) {
    static ReferenceProblems draw(BaseValues v, SubsetStatsSettings.ReferenceProtocol p, RandomGenerator random) {
      double[] targets = new double[p.targets()];
      double[][] baseSets = new double[p.targets()][];
      for (int i = 0; i < targets.length; i++) {
        targets[i] = BaseValues.uniform(random);
        baseSets[i] = v.draw(p.n(), random);
      }
      return new ReferenceProblems(targets, baseSets);
    }
  }

  /** Sums over one chunk of reference problems, for one policy. */
  private record PolicyTally(long failures, long found, long sizeSum, double errorSum, long nanos) {
    static PolicyTally of(SubsetSolution[] solutions, long nanos) {
      long failures = 0;
      long sizeSum = 0;
      double errorSum = 0;
      for (SubsetSolution s : solutions) {
        if (s.found()) {
          sizeSum += s.cardinality();
          errorSum += s.error();
        } else {
          failures++;
        }
      }
      return new PolicyTally(failures, solutions.length - failures, sizeSum, errorSum, nanos);
    }

    PolicyTally plus(PolicyTally o) {
      return new PolicyTally(failures + o.failures, found + o.found, sizeSum + o.sizeSum, errorSum + o.errorSum,
          nanos + o.nanos);
    }

    PolicyOutcome outcome(String policy) {
      return new PolicyOutcome(policy, Proportion.of(failures, failures + found),
          found == 0 ? null : (double) sizeSum / found, found == 0 ? null : errorSum / found, nanos / 1e9);
    }
  }

  /** Both policies' tallies over one chunk, and how often they disagree. */
  private record ChunkResult(PolicyTally firstFit, PolicyTally minimumCardinality, long disagreements) {}

  private static ReferenceComparison compare(BaseValues v, SubsetStatsSettings.ReferenceProtocol p,
      ReferenceProblems problems, ExecutorService pool, Runnable step) {
    int limit = FirstFitSolver.DEFAULT_MAX_SIZE;
    FirstFitSolver firstFit = new FirstFitSolver(limit);
    MinimumCardinalitySolver minimum = new MinimumCardinalitySolver(limit);
    List<Callable<ChunkResult>> tasks = new ArrayList<>();
    for (int from = 0; from < p.targets(); from += REFERENCE_CHUNK) {
      int to = Math.min(p.targets(), from + REFERENCE_CHUNK);
      double[] targets = Arrays.copyOfRange(problems.targets(), from, to);
      double[][] baseSets = Arrays.copyOfRange(problems.baseSets(), from, to);
      tasks.add(() -> {
        long t0 = System.nanoTime();
        SubsetSolution[] ff = new SubsetSolution[targets.length];
        for (int i = 0; i < ff.length; i++) {
          ff[i] = firstFit.solve(baseSets[i], targets[i], p.eps());
        }
        long t1 = System.nanoTime();
        SubsetSolution[] mc = minimum.solveBatch(baseSets, targets, p.eps());
        long t2 = System.nanoTime();
        long disagreements = 0;
        for (int i = 0; i < ff.length; i++) {
          boolean same = ff[i].found() == mc[i].found() && (!ff[i].found() || ff[i].cardinality() == mc[i].cardinality());
          disagreements += same ? 0 : 1;
        }
        step.run();
        return new ChunkResult(PolicyTally.of(ff, t1 - t0), PolicyTally.of(mc, t2 - t1), disagreements);
      });
    }
    PolicyTally ff = new PolicyTally(0, 0, 0, 0, 0);
    PolicyTally mc = ff;
    long disagreements = 0;
    for (ChunkResult r : runAll(pool, tasks)) {
      ff = ff.plus(r.firstFit());
      mc = mc.plus(r.minimumCardinality());
      disagreements += r.disagreements();
    }
    PolicyOutcome firstFitOutcome = ff.outcome("first fit (reference)");
    Proportion failure = firstFitOutcome.failure();
    Double implied = failure.rate() < 1 ? SubsetSumBound.impliedConstant(p.n(), p.eps(), failure.rate()) : null;
    boolean within = failure.lower95() <= v.referenceFailureRate() && v.referenceFailureRate() <= failure.upper95();
    return new ReferenceComparison(v, p.n(), p.eps(), limit, firstFitOutcome, mc.outcome("minimum cardinality"),
        disagreements, v.referenceFailureRate(), v.referenceMeanSubsetSize(), within, implied);
  }

  // ------------------------------------------------------------------------------------------

  /** Runs the tasks on the pool and returns their results in task order; rethrows a task's failure. */
  private static <T> List<T> runAll(ExecutorService pool, List<Callable<T>> tasks) {
    try {
      List<T> results = new ArrayList<>(tasks.size());
      for (Future<T> f : pool.invokeAll(tasks)) {
        results.add(f.get());
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }

  private static long chunks(int targets) {
    return (targets + (long) REFERENCE_CHUNK - 1) / REFERENCE_CHUNK;
  }
}
