package org.ltcheck.build;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.ltcheck.mother.ChannelId;
import org.ltcheck.mother.MotherLayerSpec;
import org.ltcheck.mother.MotherRandom;

/**
 * Problem generation: the subset-sum problems of one sum-layer channel, the base set of each
 * (which channels of the layer below may realise it) and the values the solver sees.
 */
final class SubsetSumProblems {
  /** Which copies of the input channel form the base set of a problem. */
  enum Part {
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
  record Problem(int inputGroup, int position, Part part, double target, double tolerance, boolean skip) {
    boolean isBias() {
      return inputGroup == ChannelId.BIAS_GROUP;
    }
  }

  private final MotherRandom random;
  private final ConstructionAlgorithm algorithm;
  private final IntToDoubleFunction etaOf;
  private final int depth;

  /** Problems with the uniform tolerance {@code eta}. */
  SubsetSumProblems(MotherRandom random, ConstructionAlgorithm algorithm, double eta, int depth) {
    this(random, algorithm, l -> eta, depth);
  }

  /** @param etaOf the per-parameter tolerance η_l of each target layer */
  SubsetSumProblems(MotherRandom random, ConstructionAlgorithm algorithm, IntToDoubleFunction etaOf, int depth) {
    this.random = random;
    this.algorithm = algorithm;
    this.etaOf = etaOf;
    this.depth = depth;
  }

  /**
   * The tolerance of a sum layer's subset sums ({@link ConstructionAlgorithm#layerTolerance}),
   * less a hair: the certificate recomputes each composed value with its own summation order, and
   * the slack keeps its check "error ≤ tolerance" independent of floating-point association.
   */
  double tolerance(LayerBuild sum) {
    return algorithm.layerTolerance(etaOf.applyAsDouble(sum.targetIndex), sum.targetIndex, depth) * (1 - 1e-9);
  }

  /**
   * The problems of output channel {@code group}: one per nonzero target weight (two for
   * products when the input can be negative), one per nonzero shortcut weight, and the bias last
   * (also a zero bias when the layer reads padded sigmoid copies: {@link OffsetBiases} solves it,
   * and a zero target needs no edge).
   */
  List<Problem> of(LayerBuild sum, int group) {
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
    if (t.bias(group) != 0 || sum.readsPaddedCopies()) {
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

  /** The layer whose channels problem {@code p} draws on: the layer read, or the shortcut's source. */
  static LayerBuild sourceOf(LayerBuild sum, Problem p) {
    return p.skip() ? sum.skipSource : sum.input;
  }

  /** The channels whose edges may realise problem {@code p}. */
  static List<Channel> base(LayerBuild sum, Problem p) {
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
  float edgeWeight(LayerBuild sum, long outId, Problem p, Channel c) {
    return p.skip()
        ? random.shortcutWeight(sum.index, outId, c.id, p.position(), sum.skipScale)
        : random.weight(sum.index, outId, c.id, p.position(), sum.scale);
  }

  /**
   * The solver's values: each base channel's edge weight times what the channel carries, plus,
   * for a sigmoid copy, its mirror's (−u·φ'(0)·(−a): the pair's 2·u·φ'(0)·a, exactly).
   */
  double[] values(LayerBuild sum, long outId, Problem p, List<Channel> base) {
    LayerBuild src = sourceOf(sum, p);
    boolean copies = src.role == MotherLayerSpec.Role.COPY && !p.isBias();
    double[] v = new double[base.size()];
    for (int k = 0; k < v.length; k++) {
      Channel c = base.get(k);
      v[k] = (double) edgeWeight(sum, outId, p, c) * (copies ? src.rule.coefficient(c.carried) : c.carried);
      if (c.mirror != null) {
        v[k] += (double) edgeWeight(sum, outId, p, c.mirror) * src.rule.coefficient(c.mirror.carried);
      }
    }
    return v;
  }
}
