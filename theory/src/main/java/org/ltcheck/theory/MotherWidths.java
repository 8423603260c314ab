package org.ltcheck.theory;

import java.util.ArrayList;
import java.util.List;

/**
 * Mother widths and parameter counts of the L+1 (PAPER §3.4) and 2L (PAPER §4) constructions,
 * following their layer plans ({@link MotherLayout}).
 *
 * <p><b>L+1</b>: a 1×1 layer of width ρ₁·(n₀+1) (ρ₁ random copies of each input channel plus ρ₁
 * bias channels), then one mother layer per target layer: width ρ·(n_l+1) for l = 1..L−1 (ρ copies
 * of each target channel plus ρ bias channels) and n_L for the last. Depth L+1.
 *
 * <p><b>2L</b>: every target layer l becomes a 1×1 copy layer of width ρ₁·(n_{l−1}+1) followed by a
 * layer of width n_l whose weights are subset sums of products. Depth 2L.
 *
 * <p><b>Subset-sum problems</b> (the M of the union bound), per copy of a target output channel:
 * a product layer solves two problems per nonzero weight (one over the copies with positive first
 * factor, which carry x⁺, one over the negative ones, which carry x⁻) and one per nonzero bias; a
 * single-factor layer one per nonzero weight and one per nonzero bias. Each bias channel of an
 * intermediate L+1 layer is built by one more problem (approximating a constant). Counting two
 * problems per product weight also for ReLU layers whose inputs are nonnegative over-counts M,
 * which only makes the union bound more conservative.
 *
 * <p><b>Ticket estimate</b>: problems × expected subset size, plus the 1×1 layers' used edges (one
 * per copy) and bias-channel biases. Retries after subset-sum failures are not included: they
 * are a property of a particular draw, not of the bound.
 */
public final class MotherWidths {
  /** Far above any fixed point reachable with ints; only guards against a logic error. */
  private static final int MAX_FIXED_POINT_STEPS = 1_000_000;

  private MotherWidths() {}

  /**
   * The mother network for {@code target}. A base-set size not fixed in {@code p} is the least
   * fixed point of ρ = {@link SubsetSumBound#baseSetSize}(η, δ, M(ρ), C): M counts the problems of
   * the whole ticket and itself grows with the number of copies ρ. Iterating from M = 1 climbs
   * monotonically to that fixed point (both maps are non-decreasing), and it exists because ρ grows
   * only logarithmically in M while M grows linearly in ρ.
   */
  public static MotherPlan plan(TargetArchitecture target, Construction construction, WidthParameters p) {
    int rho = p.fixedRho().orElse(SubsetSumBound.baseSetSize(p.eta(), p.delta(), 1, p.cSingle()));
    long m = problems(target, construction, rho);
    if (p.fixedRho().isEmpty()) {
      for (int step = 0; ; step++) {
        int next = SubsetSumBound.baseSetSize(p.eta(), p.delta(), unionSize(m), p.cSingle());
        if (next == rho) {
          break;
        }
        if (step == MAX_FIXED_POINT_STEPS) {
          throw new IllegalStateException("base-set size did not converge (rho = " + rho + ", M = " + m + ")");
        }
        rho = next;
        m = problems(target, construction, rho);
      }
    }
    int rho1 = p.fixedRho1().orElse(SubsetSumBound.signSplitBaseSetSize(p.eta(), p.delta(), unionSize(m), p.cProduct()));
    List<MotherLayer> layers =
        layers(target, construction, rho, rho1, p.meanSubsetSizeSingle(), p.meanSubsetSizeProduct());
    return new MotherPlan(construction, target, p, rho, rho1, m, layers);
  }

  /** An all-zero target has no problems; its sizes are those of a single one (M = 1). */
  private static long unionSize(long problems) {
    return Math.max(1, problems);
  }

  /**
   * M: subset-sum problems of the whole ticket when intermediate L+1 layers keep {@code rho}
   * copies. Independent of ρ₁ (it sets the size of each problem's base set, not their number) and,
   * for 2L, of ρ.
   */
  public static long problems(TargetArchitecture target, Construction construction, int rho) {
    Checks.atLeast("rho", rho, 1);
    MotherLayout layout = construction.layout();
    long m = 0;
    int depth = target.depth();
    for (int t = 0; t < depth; t++) {
      m = Math.addExact(m, layerProblems(target.layer(t), layout.copyLayerBefore(t),
          layout.copiesPerChannel(t, depth, rho), layout.constantChannels(t, depth, rho)));
    }
    return m;
  }

  /** The mother layers for explicit base-set sizes. */
  public static List<MotherLayer> layers(
      TargetArchitecture target,
      Construction construction,
      int rho,
      int rho1,
      double meanSubsetSizeSingle,
      double meanSubsetSizeProduct) {
    Checks.atLeast("rho", rho, 1);
    Checks.atLeast("rho1", rho1, 2);
    Checks.nonNegativeFinite("mean subset size (single)", meanSubsetSizeSingle);
    Checks.nonNegativeFinite("mean subset size (product)", meanSubsetSizeProduct);
    MotherLayout layout = construction.layout();
    List<MotherLayer> out = new ArrayList<>();
    int depth = target.depth();
    for (int t = 0; t < depth; t++) {
      if (layout.copyLayerBefore(t)) {
        out.add(copyLayer(out.size(), t, target.layer(t), rho1));
      }
      boolean product = layout.copyLayerBefore(t);
      out.add(subsetSumLayer(out.size(), t, target.layer(t), out.get(out.size() - 1).outChannels(), product,
          layout.copiesPerChannel(t, depth, rho), layout.constantChannels(t, depth, rho),
          product ? meanSubsetSizeProduct : meanSubsetSizeSingle));
    }
    return List.copyOf(out);
  }

  private static long layerProblems(LayerShape s, boolean product, int copies, int constants) {
    long perCopy = Math.addExact(
        Math.multiplyExact(product ? 2L : 1L, s.targetNonZeroWeights()), s.targetNonZeroBiases());
    return Math.addExact(Math.multiplyExact((long) copies, perCopy), constants);
  }

  /**
   * ρ₁ copies of each of the target layer's input channels plus ρ₁ bias channels; it acts on the
   * spatial map when the target layer does (a flatten comes after it), so it is a 1×1 convolution
   * there and a linear layer otherwise.
   */
  private static MotherLayer copyLayer(int index, int targetLayer, LayerShape s, int rho1) {
    int in = s.inChannels();
    int width = Math.multiplyExact(rho1, in + 1);
    LayerShape.Kind kind = s.readsSpatialMap() ? LayerShape.Kind.CONV : LayerShape.Kind.LINEAR;
    double ticket = (double) rho1 * in + rho1;
    return new MotherLayer(index, MotherLayer.Role.COPY, kind, targetLayer, in, width, 1, 1, rho1, rho1, 0, ticket);
  }

  private static MotherLayer subsetSumLayer(
      int index,
      int targetLayer,
      LayerShape s,
      int inWidth,
      boolean product,
      int copies,
      int constants,
      double meanSubsetSize) {
    int width = Math.addExact(Math.multiplyExact(copies, s.outChannels()), constants);
    long problems = layerProblems(s, product, copies, constants);
    return new MotherLayer(
        index,
        product ? MotherLayer.Role.PRODUCT : MotherLayer.Role.SINGLE,
        s.kind(),
        targetLayer,
        inWidth,
        width,
        s.kernelPositions(),
        s.inputPositionsPerChannel(),
        copies,
        constants,
        problems,
        problems * meanSubsetSize);
  }
}
