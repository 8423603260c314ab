package org.ltcheck.construct;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.ltcheck.model.Activation;
import org.ltcheck.model.SlidingWindow;
import org.ltcheck.subsetsum.MinimumCardinalitySolver;
import org.ltcheck.subsetsum.SubsetSolution;
import org.ltcheck.theory.ActivationKind;
import org.ltcheck.theory.Construction;

/**
 * The state of one construction (see {@link TicketConstructor} for the algorithms): lays out
 * the mother layer by layer, solves the subset-sum problems of every sum-layer channel, repairs
 * failures by growing the layer below, and freezes the result into a {@link Ticket}.
 *
 * <p><b>Copies with an intercept (sigmoid).</b> A sigmoid copy of a zero input is φ(0) = 1/2, but
 * a convolution's zero padding reads 0 where the target reads x = 0, so at the border the kept
 * copy edges would lose their share u/2 of the intercept that the bias compensates everywhere
 * else. The copy layer in front of such a convolution therefore pads instead (a 1x1 convolution
 * with the target's padding: its border is φ(a·0) = φ(0), its constants φ(β)) and the
 * convolution reading it has no padding. Every tap then reads a real value, so the bias —
 * b minus the intercepts Σu/2 of the kept copy edges, often several times the weight range —
 * may use the constants through every tap ({@link OffsetCompensation}). A shortcut reading such
 * a padded copy layer is a (2p+1)x(2p+1) convolution of which only the centre tap is kept.
 */
final class ConstructionRun {
  private final MinimumCardinalitySolver solver;
  private final List<TargetLayer> target;
  private final int[] inputShape;
  private final ConstructionSettings settings;
  private final MotherRandom random;
  private final LongConsumer progress;
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong problems = new AtomicLong();
  private final AtomicLong keptTerms = new AtomicLong();
  private long primaryFailures;
  private long extraChannels;
  private final List<LayerBuild> layers = new ArrayList<>();

  /** Copies a group may grow to by repairs before a problem counts as unsolvable. */
  static final int MAX_GROUP_SIZE = 4 * MinimumCardinalitySolver.MAX_BASE_SET_SIZE;

  /** Which copies of the input channel form the base set of a problem. */
  private enum Part {
    /** Copies with a &gt; 0 of a piecewise-linear copy layer (x⁺ for ReLU). */
    POSITIVE,
    /** Copies with a &lt; 0 of a piecewise-linear copy layer (x⁻ for ReLU). */
    NEGATIVE,
    /** All copies: sum-layer copies, or linearised smooth copies. */
    ALL
  }

  /**
   * One subset-sum problem of a sum-layer channel: a target weight (main path, or shortcut when
   * {@code skip}) or the bias (input group {@link ChannelId#BIAS_GROUP}).
   */
  private record Problem(int inputGroup, int position, Part part, double target, double tolerance, boolean skip) {
    boolean isBias() {
      return inputGroup == ChannelId.BIAS_GROUP;
    }
  }

  /** A problem that failed in the parallel phase, to be repaired sequentially. */
  private record Failure(LayerBuild layer, Channel channel, int group, int copy, int order, Problem problem) {}

  ConstructionRun(
      MinimumCardinalitySolver solver, List<TargetLayer> target, int[] inputShape, ConstructionSettings settings,
      LongConsumer progress) {
    this.solver = solver;
    this.target = target;
    this.inputShape = inputShape.clone();
    this.settings = settings;
    this.random = new MotherRandom(settings.seed());
    this.progress = progress == null ? n -> {} : progress;
  }

  /**
   * The tolerance of a sum layer's subset sums ({@link ConstructionSettings#layerTolerance}),
   * less a hair: the certificate recomputes each composed value with its own summation order, and
   * the slack keeps its check "error ≤ tolerance" independent of floating-point association.
   */
  private double tolerance(LayerBuild sum) {
    return settings.layerTolerance(sum.targetIndex, target.size()) * (1 - 1e-9);
  }

  /**
   * The activation of the mother's hidden layers: the target's (all hidden target layers must
   * share it); ReLU copies when the target has no nonlinear hidden layer.
   */
  static Activation copyActivation(List<TargetLayer> target) {
    Activation hidden = null;
    for (int l = 0; l < target.size() - 1; l++) {
      Activation a = target.get(l).activation();
      if (hidden == null) {
        hidden = a;
      } else if (!hidden.equals(a)) {
        throw new IllegalArgumentException(
            "target layer " + l + " uses " + a + " but earlier layers use " + hidden
                + "; the mother has one hidden activation");
      }
    }
    return hidden == null || hidden.kind() == ActivationKind.IDENTITY ? Activation.relu() : hidden;
  }

  void build() {
    boolean map = inputShape.length == 3;
    int channels = inputShape[0];
    int height = map ? inputShape[1] : 1;
    int width = map ? inputShape[2] : 1;
    LayerBuild below = null;
    boolean belowNonNegative = settings.inputNonNegative();
    Construction c = settings.construction();
    Activation copies = copyActivation(target);
    // carriers[s + 1]: the mother layer whose channels hold copies of target layer s's output
    // (s = -1: the input), the base sets of the shortcut problems; heights/widths likewise.
    LayerBuild[] carriers = new LayerBuild[target.size() + 1];
    int[] heights = new int[target.size() + 1];
    int[] widths = new int[target.size() + 1];
    heights[0] = height;
    widths[0] = width;
    for (int l = 0; l < target.size(); l++) {
      TargetLayer t = target.get(l);
      boolean last = l == target.size() - 1;
      if (t.inChannels() != channels) {
        throw new IllegalArgumentException(
            "target layer " + l + " expects " + t.inChannels() + " input channels but receives " + channels);
      }
      boolean pool = t.before() == TargetLayer.Reshape.GLOBAL_AVG_POOL;
      boolean flatten = t.before() == TargetLayer.Reshape.FLATTEN;
      if ((pool || flatten) && !map) {
        throw new IllegalArgumentException("target layer " + l + " " + t.before() + " of an input that is not a map");
      }
      if (pool) {
        map = false;
        height = 1;
        width = 1;
      }
      boolean pooled = false;
      int prePad = 0;
      if (l == 0 || c == Construction.TWO_L) {
        double bound = l == 0 ? settings.inputBound() : CopyRule.rangeBound(copies);
        LayerBuild copy = copyLayer(below, channels, height, width, map, belowNonNegative, t, l, pool, copies, bound);
        if (t.kind() == TargetLayer.Kind.CONV && copy.rule.intercept() != 0) {
          prePad = t.padding();
          copy.padding = prePad;
        }
        layers.add(copy);
        below = copy;
        carriers[l] = copy;
        pooled = pool;
      }
      int copiesPerChannel = (c == Construction.L_PLUS_ONE && !last) ? settings.rho() : 1;
      int constantChannels = (c == Construction.L_PLUS_ONE && !last) ? settings.rho() : 0;
      double scale = t.weightScale() * (below.role == MotherLayerSpec.Role.COPY ? below.rule.sumScaleFactor(below.scale) : 1.0);
      LayerBuild sum = new LayerBuild(
          layers.size(), MotherLayerSpec.Role.SUM, t.kind(), t, l, below, t.outChannels(),
          below.channelsInOrder().size(), height + 2 * prePad, width + 2 * prePad, flatten, pool && !pooled, scale,
          t.activation(), below.inputNonNegative || below.role == MotherLayerSpec.Role.SUM);
      sum.padding = t.padding() - prePad;
      if (t.hasSkip()) {
        attachSkip(sum, t, l, carriers, heights, widths);
      }
      layers.add(sum);
      buildSumLayer(sum, copiesPerChannel);
      for (int k = 0; k < constantChannels; k++) {
        sum.constants.add(constantChannel(sum, k));
      }
      belowNonNegative = t.activation().kind() == ActivationKind.RELU;
      below = sum;
      channels = t.outChannels();
      if (t.kind() == TargetLayer.Kind.CONV) {
        height = t.outputHeight();
        width = t.outputWidth();
      } else {
        map = false;
        height = 1;
        width = 1;
      }
      if (c == Construction.L_PLUS_ONE && !last) {
        carriers[l + 1] = sum;
      }
      heights[l + 1] = height;
      widths[l + 1] = width;
    }
  }

  /**
   * Connects the shortcut of a block's last layer: the mother shortcut reads the channels that
   * carry copies of the block input (L+1: the sum layer of the target layer before the block;
   * 2L: the copy layer in front of the block), so that each target shortcut weight S[j][i] is a
   * subset sum over the edges from the copies of channel i, exactly like a kernel weight.
   */
  private void attachSkip(LayerBuild sum, TargetLayer t, int l, LayerBuild[] carriers, int[] heights, int[] widths) {
    TargetSkip skip = t.skip();
    int s = skip.source();
    if (s >= l) {
      throw new IllegalArgumentException("target layer " + l + ": shortcut from layer " + s + " is not an earlier layer");
    }
    LayerBuild src = carriers[s + 1];
    if (src == null) {
      throw new IllegalArgumentException(
          "target layer " + l + ": no mother layer carries copies of target layer " + s + "'s output");
    }
    if (skip.inChannels() != src.groups()) {
      throw new IllegalArgumentException(
          "target layer " + l + ": shortcut reads " + skip.inChannels() + " channels but layer " + s + " has "
              + src.groups());
    }
    int h = SlidingWindow.outputSize(heights[s + 1], 1, skip.stride(), 0);
    int w = SlidingWindow.outputSize(widths[s + 1], 1, skip.stride(), 0);
    if (h != t.outputHeight() || w != t.outputWidth()) {
      throw new IllegalArgumentException(
          "target layer " + l + ": shortcut output " + h + "x" + w + " differs from the layer's "
              + t.outputHeight() + "x" + t.outputWidth());
    }
    sum.skipSource = src;
    sum.skipStride = skip.stride();
    // a padded copy layer is larger by its padding on each side; the centre of a (2p+1)-kernel re-aligns
    sum.skipKernel = src.role == MotherLayerSpec.Role.COPY ? 2 * src.padding + 1 : 1;
    sum.skipScale = skip.weightScale() * (src.role == MotherLayerSpec.Role.COPY ? src.rule.sumScaleFactor(src.scale) : 1.0);
  }

  /**
   * A 1x1 copy layer over {@code below} (or the network input): ρ₁ copies of each channel with
   * one kept edge each, and ρ₁ constant channels. {@code inputNonNegative} records whether what
   * it copies is non-negative, which tells the next sum layer whether the negative copies are
   * needed. With {@code poolBefore} it copies the globally pooled channels (a dense layer).
   */
  private LayerBuild copyLayer(
      LayerBuild below, int channels, int height, int width, boolean map, boolean inputNonNegative,
      TargetLayer feeds, int targetIndex, boolean poolBefore, Activation activation, double inputBound) {
    int inputWidth = below == null ? channels : below.channelsInOrder().size();
    double scale = new CopyRule(activation).copyScale(inputBound, settings.eta());
    LayerBuild copy = new LayerBuild(
        layers.size(), MotherLayerSpec.Role.COPY, map ? TargetLayer.Kind.CONV : TargetLayer.Kind.DENSE, feeds,
        targetIndex, below, channels, inputWidth, map ? height : 1, map ? width : 1, false, poolBefore, scale,
        activation, inputNonNegative);
    for (int g = 0; g < channels; g++) {
      for (int k = 0; k < settings.rho1(); k++) {
        copy.copies.get(g).add(copyChannel(copy, g, k));
      }
    }
    for (int k = 0; k < settings.rho1(); k++) {
      copy.constants.add(constantChannel(copy, k));
    }
    return copy;
  }

  private long sourceId(LayerBuild copy, int group) {
    return copy.input == null ? ChannelId.of(group, 0) : copy.input.copies.get(group).get(0).id;
  }

  private Channel copyChannel(LayerBuild copy, int group, int index) {
    long id = ChannelId.of(group, index);
    long source = sourceId(copy, group);
    Channel ch = new Channel(id, random.weight(copy.index, id, source, 0, copy.scale), false);
    ch.keep(source, 0);
    return ch;
  }

  private Channel constantChannel(LayerBuild layer, int index) {
    long id = ChannelId.of(ChannelId.BIAS_GROUP, index);
    double beta = random.bias(layer.index, id);
    return new Channel(id, layer.activation.apply(beta), true);
  }

  /** Parallel phase over output channels, then sequential repair of failures. */
  private void buildSumLayer(LayerBuild sum, int copiesPerChannel) {
    int groups = sum.groups();
    List<List<Failure>> failures = new ArrayList<>();
    List<List<Channel>> built = new ArrayList<>();
    ForkJoinPool pool = new ForkJoinPool(settings.threads());
    try {
      List<Future<List<Channel>>> futures = new ArrayList<>();
      List<List<Failure>> perGroup = new ArrayList<>();
      for (int j = 0; j < groups; j++) {
        final int group = j;
        List<Failure> f = new ArrayList<>();
        perGroup.add(f);
        futures.add(pool.submit(() -> {
          List<Channel> chans = new ArrayList<>();
          for (int k = 0; k < copiesPerChannel; k++) {
            chans.add(sumChannel(sum, group, k, f));
          }
          progress.accept(done.incrementAndGet());
          return chans;
        }));
      }
      for (Future<List<Channel>> fu : futures) {
        built.add(fu.get());
      }
      failures.addAll(perGroup);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("construction interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(cause);
    } finally {
      pool.shutdown();
    }
    for (int j = 0; j < groups; j++) {
      sum.copies.get(j).addAll(built.get(j));
    }
    List<Failure> all = new ArrayList<>();
    failures.forEach(all::addAll);
    all.sort(Comparator.comparingInt(Failure::group).thenComparingInt(Failure::copy).thenComparingInt(Failure::order));
    primaryFailures += all.size();
    for (Failure f : all) {
      repair(f.layer(), f.channel(), f.problem());
    }
  }

  /**
   * Builds copy {@code index} of output channel {@code group}: one subset sum per nonzero target
   * weight (two for products when the input can be negative), one per nonzero shortcut weight,
   * and one for the bias. When the copies read carry an intercept (sigmoid), the bias is solved
   * last, for b minus the constant that the kept weight edges add. Unsolved problems go to
   * {@code failures} when given, otherwise they are repaired at once.
   */
  private Channel sumChannel(LayerBuild sum, int group, int index, List<Failure> failures) {
    Channel ch = new Channel(ChannelId.of(group, index), 1.0, false);
    List<Problem> list = problemsOf(sum, group);
    problems.addAndGet(list.size());
    boolean deferBias = hasIntercept(sum);
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
        SubsetSolution s = solveOffsetBias(sum, ch);
        if (s.found()) {
          keepOffsetBias(sum, ch, s);
        } else if (failures != null) {
          failures.add(new Failure(sum, ch, group, index, q, bias));
        } else {
          repair(sum, ch, bias);
        }
      }
    }
    return ch;
  }

  /** An edge from a constant channel, on the main path or the shortcut, that may build a bias. */
  private record BiasEdge(boolean skip, Channel constant, int position) {}

  /**
   * The edges that may build the bias of a channel whose kept copy edges add an intercept: from
   * every constant channel of the layer read, through every position it reads without padding
   * (see the class comment), and — when the shortcut reads intercept-carrying copies, whose
   * offsets the narrow main path may not reach — from every constant of the shortcut's source
   * through every tap of the unpadded shortcut convolution.
   */
  private static List<BiasEdge> offsetBiasEdges(LayerBuild sum) {
    List<BiasEdge> edges = new ArrayList<>();
    int[] taps = offsetBiasTaps(sum);
    for (Channel c : sum.input.constants) {
      for (int q : taps) {
        edges.add(new BiasEdge(false, c, q));
      }
    }
    if (skipHasIntercept(sum)) {
      for (Channel c : sum.skipSource.constants) {
        for (int q = 0; q < sum.skipKernel * sum.skipKernel; q++) {
          edges.add(new BiasEdge(true, c, q));
        }
      }
    }
    return edges;
  }

  /** The bias b minus the intercepts of the kept copy edges, see {@link OffsetCompensation}. */
  private SubsetSolution solveOffsetBias(LayerBuild sum, Channel ch) {
    List<BiasEdge> edges = offsetBiasEdges(sum);
    double[] v = new double[edges.size()];
    for (int k = 0; k < v.length; k++) {
      BiasEdge e = edges.get(k);
      float u = e.skip()
          ? random.shortcutWeight(sum.index, ch.id, e.constant().id, e.position(), sum.skipScale)
          : random.weight(sum.index, ch.id, e.constant().id, e.position(), sum.scale);
      v[k] = (double) u * e.constant().carried;
    }
    return OffsetCompensation.solve(solver, v, sum.target.bias(ChannelId.group(ch.id)) - ch.offset(), tolerance(sum));
  }

  private void keepOffsetBias(LayerBuild sum, Channel ch, SubsetSolution s) {
    List<BiasEdge> edges = offsetBiasEdges(sum);
    for (int idx : s.indices()) {
      BiasEdge e = edges.get(idx);
      if (e.skip()) {
        ch.keepSkip(e.constant().id, e.position());
      } else {
        ch.keep(e.constant().id, e.position());
      }
    }
    keptTerms.addAndGet(s.cardinality());
  }

  private static boolean skipHasIntercept(LayerBuild sum) {
    return sum.skipSource != null && sum.skipSource.role == MotherLayerSpec.Role.COPY
        && sum.skipSource.rule.intercept() != 0;
  }

  /** Positions through which constants may build a bias: all when no tap reads padding, else the centre. */
  private static int[] offsetBiasTaps(LayerBuild sum) {
    TargetLayer t = sum.target;
    if (t.kind() == TargetLayer.Kind.DENSE || sum.padding == 0) {
      int[] all = new int[t.positions()];
      for (int q = 0; q < all.length; q++) {
        all[q] = q;
      }
      return all;
    }
    return new int[] {t.biasPosition()};
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
    repair(sum, ch, p);
    return false;
  }

  private record BatchKey(int size, double tolerance) {}

  /**
   * Solves problems 0..count-1 of {@code list}, batched by base-set size and tolerance; the base
   * sets solved on are added to {@code bases}.
   */
  private SubsetSolution[] solveBatch(
      LayerBuild sum, Channel ch, List<Problem> list, int count, List<List<Channel>> bases) {
    Map<BatchKey, List<Integer>> bySize = new HashMap<>();
    for (int q = 0; q < count; q++) {
      List<Channel> base = window(base(sum, list.get(q)));
      bases.add(base);
      bySize.computeIfAbsent(new BatchKey(base.size(), list.get(q).tolerance()), n -> new ArrayList<>()).add(q);
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
        values[r] = values(sum, ch.id, p, bases.get(qs.get(r)));
        targets[r] = targetOf(ch, p);
      }
      SubsetSolution[] s = solver.solveBatch(values, targets, e.getKey().tolerance());
      for (int r = 0; r < qs.size(); r++) {
        solutions[qs.get(r)] = s[r];
      }
    }
    return solutions;
  }

  /** The bias target b minus the constant the kept edges already add (0 unless sigmoid copies). */
  private static double targetOf(Channel ch, Problem p) {
    return p.isBias() ? p.target() - ch.offset() : p.target();
  }

  /**
   * The solver's base set: the newest {@link MinimumCardinalitySolver#MAX_BASE_SET_SIZE} channels
   * of {@code base}. A group grown by other channels' repairs beyond what the solver takes is
   * then still usable, and each repair that grows it further offers a new window. The window is
   * a copy, so that solution indices keep their channels when the group grows; a group that fits
   * is returned as it is (growing only appends, so its indices stay valid).
   */
  private static List<Channel> window(List<Channel> base) {
    int n = base.size();
    int max = MinimumCardinalitySolver.MAX_BASE_SET_SIZE;
    return n <= max ? base : new ArrayList<>(base.subList(n - max, n));
  }

  /** Enlarges the base set by extra copies in the source layer until the problem is solved. */
  private void repair(LayerBuild sum, Channel ch, Problem p) {
    if (p.isBias() && hasIntercept(sum)) {
      LayerBuild grow = skipHasIntercept(sum) ? sum.skipSource : sum.input;
      while (true) {
        if (grow.constants.size() > MAX_GROUP_SIZE) {
          throw new IllegalStateException(
              "no subset of the edges from " + MAX_GROUP_SIZE + " constant channels"
                  + " approximates the bias " + (sum.target.bias(ChannelId.group(ch.id)) - ch.offset())
                  + " (intercepts compensated) within " + settings.eta() + " in mother layer " + sum.index);
        }
        SubsetSolution s = solveOffsetBias(sum, ch);
        if (s.found()) {
          keepOffsetBias(sum, ch, s);
          return;
        }
        extend(grow, ChannelId.BIAS_GROUP);
      }
    }
    while (true) {
      List<Channel> all = base(sum, p);
      List<Channel> base = window(all);
      double goal = targetOf(ch, p);
      if (all.size() > MAX_GROUP_SIZE) {
        throw new IllegalStateException(
            "no subset of up to " + settings.maxSubsetSize() + " of any " + MinimumCardinalitySolver.MAX_BASE_SET_SIZE
                + " consecutive of " + MAX_GROUP_SIZE + " copies approximates target value " + goal + " within "
                + settings.eta() + " in mother layer " + sum.index);
      }
      if (!base.isEmpty()) {
        SubsetSolution s = solver.solve(values(sum, ch.id, p, base), goal, p.tolerance());
        if (s.found()) {
          keep(sum, ch, p, base, s);
          return;
        }
      } else if (Math.abs(goal) <= p.tolerance()) {
        return;
      }
      extend(sourceOf(sum, p), p.inputGroup());
    }
  }

  /** Adds one channel to {@code group} of {@code layer}: a copy, a constant, or a constructed sum channel. */
  private void extend(LayerBuild layer, int group) {
    extraChannels++;
    if (group == ChannelId.BIAS_GROUP) {
      layer.constants.add(constantChannel(layer, layer.constants.size()));
    } else if (layer.role == MotherLayerSpec.Role.COPY) {
      List<Channel> g = layer.copies.get(group);
      g.add(copyChannel(layer, group, g.size()));
    } else {
      List<Channel> g = layer.copies.get(group);
      g.add(sumChannel(layer, group, g.size(), null));
    }
  }

  /** Whether kept edges from copies add a constant (the sigmoid's φ(0)) the bias must compensate. */
  private static boolean hasIntercept(LayerBuild sum) {
    return (sum.readsCopies() && sum.input.rule.intercept() != 0) || skipHasIntercept(sum);
  }

  private List<Problem> problemsOf(LayerBuild sum, int group) {
    TargetLayer t = sum.target;
    List<Problem> list = new ArrayList<>();
    for (int i = 0; i < t.inChannels(); i++) {
      for (int p = 0; p < t.positions(); p++) {
        double w = t.weight(group, i, p);
        if (w != 0) {
          addWeightProblems(list, sum.input, i, p, w, false, tolerance(sum));
        }
      }
    }
    if (t.hasSkip()) {
      TargetSkip skip = t.skip();
      for (int i = 0; i < skip.inChannels(); i++) {
        double w = skip.weight(group, i);
        if (w != 0) {
          addWeightProblems(
              list, sum.skipSource, i, (sum.skipKernel / 2) * sum.skipKernel + sum.skipKernel / 2, w, true, tolerance(sum));
        }
      }
    }
    if (t.bias(group) != 0 || hasIntercept(sum)) {
      list.add(new Problem(ChannelId.BIAS_GROUP, t.biasPosition(), Part.ALL, t.bias(group), tolerance(sum), false));
    }
    return list;
  }

  /**
   * The problems for target weight w from input channel i: over copies of a piecewise-linear copy
   * layer whose input can be negative, two problems (positive and negative copies) for w/(1+α)
   * within η/(1+α) each ({@link CopyRule}); otherwise one.
   */
  private static void addWeightProblems(
      List<Problem> list, LayerBuild source, int i, int p, double w, boolean skip, double tolerance) {
    if (source.role == MotherLayerSpec.Role.COPY && source.rule.piecewiseLinear()) {
      if (source.inputNonNegative) {
        list.add(new Problem(i, p, Part.POSITIVE, w, tolerance, skip));
      } else {
        double f = source.rule.splitFactor();
        list.add(new Problem(i, p, Part.POSITIVE, w * f, tolerance * f, skip));
        list.add(new Problem(i, p, Part.NEGATIVE, w * f, tolerance * f, skip));
      }
    } else {
      list.add(new Problem(i, p, Part.ALL, w, tolerance, skip));
    }
  }

  private static LayerBuild sourceOf(LayerBuild sum, Problem p) {
    return p.skip() ? sum.skipSource : sum.input;
  }

  /** The channels whose edges may realise problem {@code p}. */
  private static List<Channel> base(LayerBuild sum, Problem p) {
    LayerBuild in = sourceOf(sum, p);
    if (p.isBias()) {
      return in.constants;
    }
    List<Channel> copies = in.copies.get(p.inputGroup());
    if (p.part() == Part.ALL) {
      return copies;
    }
    List<Channel> signed = new ArrayList<>(copies.size());
    for (Channel c : copies) {
      if (p.part() == Part.NEGATIVE ? c.carried < 0 : c.carried > 0) {
        signed.add(c);
      }
    }
    return signed;
  }

  /** The random weight of the edge from {@code c} into channel {@code outId} that problem p would keep. */
  private float edgeWeight(LayerBuild sum, long outId, Problem p, Channel c) {
    return p.skip()
        ? random.shortcutWeight(sum.index, outId, c.id, p.position(), sum.skipScale)
        : random.weight(sum.index, outId, c.id, p.position(), sum.scale);
  }

  private double[] values(LayerBuild sum, long outId, Problem p, List<Channel> base) {
    LayerBuild src = sourceOf(sum, p);
    boolean copies = src.role == MotherLayerSpec.Role.COPY && !p.isBias();
    double[] v = new double[base.size()];
    for (int k = 0; k < v.length; k++) {
      Channel c = base.get(k);
      v[k] = (double) edgeWeight(sum, outId, p, c) * (copies ? src.rule.coefficient(c.carried) : c.carried);
    }
    return v;
  }

  private void keep(LayerBuild sum, Channel ch, Problem p, List<Channel> base, SubsetSolution s) {
    LayerBuild src = sourceOf(sum, p);
    double intercept = !p.isBias() && src.role == MotherLayerSpec.Role.COPY ? src.rule.intercept() : 0.0;
    for (int idx : s.indices()) {
      Channel c = base.get(idx);
      if (p.skip()) {
        ch.keepSkip(c.id, p.position());
      } else {
        ch.keep(c.id, p.position());
      }
      if (intercept != 0) {
        ch.addOffset(intercept * edgeWeight(sum, ch.id, p, c));
      }
    }
    keptTerms.addAndGet(s.cardinality());
  }

  Ticket freeze() {
    return MotherAssembly.freeze(layers, inputShape, settings);
  }

  TicketConstructor.Statistics statistics(Ticket ticket) {
    long p = problems.get();
    return new TicketConstructor.Statistics(
        p, primaryFailures, extraChannels, ticket.parameterCount(), p == 0 ? 0 : keptTerms.get() / (double) p);
  }
}
