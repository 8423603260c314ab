package org.ltcheck.build;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ltcheck.build.SubsetSumProblems.Problem;
import org.ltcheck.mother.ChannelId;
import org.ltcheck.mother.MotherLayerSpec;
import org.ltcheck.subsetsum.MeetInTheMiddleSolver;
import org.ltcheck.subsetsum.SubsetSolution;
import org.ltcheck.subsetsum.SubsetSumSolver;

/**
 * Solving: builds one copy of a sum-layer output channel from its subset-sum problems, solved
 * in batches of equal base-set size and tolerance, and keeps the chosen edges. Problems without a
 * solution are handed to {@link FailureRepair}, at once or — in the parallel phase — later.
 */
final class SumChannelSolver {
  /** A problem that failed in the parallel phase, to be repaired sequentially. */
  record Failure(LayerBuild layer, Channel channel, int group, int copy, int order, Problem problem) {}

  private record BatchKey(int size, double tolerance, SubsetSumSolver solver) {}

  private final SubsetSumSolver solver;
  /** The solver of problems over distinct copies, for least amplification; {@code solver} otherwise. */
  private final SubsetSumSolver overCopies;
  private final SubsetSumProblems problems;
  private final OffsetBiases offsets;
  private final ConstructionCounters counters;
  private final FailureRepair repair;

  SumChannelSolver(
      SubsetSumSolver solver, SubsetSumProblems problems, OffsetBiases offsets, MotherChannels channels,
      ConstructionCounters counters, ConstructionSettings settings) {
    this.solver = solver;
    this.overCopies = settings.subsetObjective() == MeetInTheMiddleSolver.Objective.FEWEST_TERMS
        ? solver
        : new MeetInTheMiddleSolver(settings.subsetObjective());
    this.problems = problems;
    this.offsets = offsets;
    this.counters = counters;
    // the two recurse: repairing a problem may build a whole extra channel of a sum layer below
    this.repair = new FailureRepair(this, problems, offsets, channels, counters, settings);
  }

  /**
   * The solver of problem {@code p}: a weight read from a sum layer's copies (L+1), whose distinct
   * errors a subset amplifies by its Σ|u|, goes to the settings' subset objective; every other
   * problem (copies of a copy layer, which are exact, and biases over constants) to fewest terms.
   */
  SubsetSumSolver solverFor(LayerBuild sum, Problem p) {
    return !p.isBias() && SubsetSumProblems.sourceOf(sum, p).role == MotherLayerSpec.Role.SUM ? overCopies : solver;
  }

  /**
   * Builds copy {@code index} of output channel {@code group}: one subset sum per problem
   * ({@link SubsetSumProblems#of}). When the layer reads padded sigmoid copies, the bias is solved
   * last, over the constants through every tap ({@link OffsetBiases}). Unsolved problems go to
   * {@code failures} when given, otherwise they are repaired at once.
   */
  Channel build(LayerBuild sum, int group, int index, List<Failure> failures) {
    Channel ch = new Channel(ChannelId.of(group, index), 1.0, false);
    List<Problem> list = problems.of(sum, group);
    counters.problemsPosed(list.size());
    boolean deferBias = sum.readsPaddedCopies();
    int count = deferBias ? list.size() - 1 : list.size();
    List<List<Channel>> bases = new ArrayList<>(count);
    SubsetSolution[] solutions = solveBatch(sum, ch, list, count, bases);
    boolean failed = false;
    for (int q = 0; q < count; q++) {
      failed |= settle(sum, ch, group, index, q, list.get(q), bases.get(q), solutions[q], failures);
    }
    if (deferBias) {
      int q = list.size() - 1;
      Problem bias = list.get(q);
      if (failed) {
        failures.add(new Failure(sum, ch, group, index, q, bias));
      } else {
        SubsetSolution s = offsets.solve(sum, ch);
        if (s.found()) {
          offsets.keep(sum, ch, s);
        } else if (failures != null) {
          failures.add(new Failure(sum, ch, group, index, q, bias));
        } else {
          repair.repair(sum, ch, bias);
        }
      }
    }
    return ch;
  }

  /** Repairs a failure recorded by {@link #build}. */
  void repair(Failure f) {
    repair.repair(f.layer(), f.channel(), f.problem());
  }

  /**
   * Keeps a solution over the base set it was solved on (an earlier problem's repair may have
   * grown the group since), or records or repairs the failure; true when recorded as a failure.
   */
  private boolean settle(
      LayerBuild sum, Channel ch, int group, int index, int q, Problem p, List<Channel> base, SubsetSolution s,
      List<Failure> failures) {
    if (s != null && s.found()) {
      keep(sum, ch, p, base, s);
      return false;
    }
    if (failures != null) {
      failures.add(new Failure(sum, ch, group, index, q, p));
      return true;
    }
    repair.repair(sum, ch, p);
    return false;
  }

  /**
   * Solves problems 0..count-1 of {@code list}, batched by base-set size and tolerance; the base
   * sets solved on are added to {@code bases}.
   */
  private SubsetSolution[] solveBatch(
      LayerBuild sum, Channel ch, List<Problem> list, int count, List<List<Channel>> bases) {
    Map<BatchKey, List<Integer>> bySize = new HashMap<>();
    for (int q = 0; q < count; q++) {
      Problem p = list.get(q);
      SubsetSumSolver s = solverFor(sum, p);
      List<Channel> base = window(SubsetSumProblems.base(sum, p), s.maxBaseSetSize());
      bases.add(base);
      bySize.computeIfAbsent(new BatchKey(base.size(), p.tolerance(), s), n -> new ArrayList<>()).add(q);
    }
    SubsetSolution[] solutions = new SubsetSolution[count];
    for (Map.Entry<BatchKey, List<Integer>> e : bySize.entrySet()) {
      List<Integer> qs = e.getValue();
      if (e.getKey().size() == 0) {
        continue;
      }
      double[][] values = new double[qs.size()][];
      double[] targets = new double[qs.size()];
      for (int r = 0; r < qs.size(); r++) {
        Problem p = list.get(qs.get(r));
        values[r] = problems.values(sum, ch.id, p, bases.get(qs.get(r)));
        targets[r] = p.target();
      }
      SubsetSolution[] s = e.getKey().solver().solveBatch(values, targets, e.getKey().tolerance());
      for (int r = 0; r < qs.size(); r++) {
        solutions[qs.get(r)] = s[r];
      }
    }
    return solutions;
  }

  /**
   * The solver's base set: the newest {@code max} channels of {@code base} (the solver's
   * {@link SubsetSumSolver#maxBaseSetSize}). A group grown by other channels' repairs beyond what the solver takes is then
   * still usable, and each repair that grows it further offers a new window. The window is a copy,
   * so that solution indices keep their channels when the group grows; a group that fits is
   * returned as it is (growing only appends, so its indices stay valid).
   */
  static List<Channel> window(List<Channel> base, int max) {
    int n = base.size();
    return n <= max ? base : new ArrayList<>(base.subList(n - max, n));
  }

  /**
   * Keeps the edges of solution {@code s} over {@code base}; a sigmoid copy's edge together with
   * its mirror's, so that their intercepts cancel ({@link CopyRule}).
   */
  void keep(LayerBuild sum, Channel ch, Problem p, List<Channel> base, SubsetSolution s) {
    for (int idx : s.indices()) {
      Channel c = base.get(idx);
      keepEdge(ch, p, c);
      if (c.mirror != null) {
        keepEdge(ch, p, c.mirror);
      }
    }
    counters.termsKept(s.cardinality());
  }

  private static void keepEdge(Channel ch, Problem p, Channel from) {
    if (p.skip()) {
      ch.keepSkip(from.id, p.position());
    } else {
      ch.keep(from.id, p.position());
    }
  }
}
