package org.ltcheck.build;

import java.util.ArrayList;
import java.util.List;
import org.ltcheck.mother.MotherLayerSpec;
import org.ltcheck.model.Activation;
import org.ltcheck.model.SlidingWindow;
import org.ltcheck.theory.ActivationKind;
import org.ltcheck.theory.MotherLayout;

/**
 * Layout: lays out the mother layer by layer, following the construction's plan
 * ({@link ConstructionAlgorithm#layout()}): a copy layer where the plan puts one, then the sum
 * layer of each target layer, built by the {@link SumLayerScheduler} (once {@link BiasReach} has
 * found every bias within reach) before the next is laid out,
 * with the shortcut of a block's last layer connected to the layer carrying the block's input.
 *
 * <p><b>Max pooling.</b> A target layer that reads max-pooled input gets the same pooling in
 * front of the first mother layer laid out for it, so that the pooled channels each represent
 * one whole target neuron. With a copy layer (2L, and the first layer of L+1) the pool comes
 * before it: it then pools the previous sum layer's channels (2L: one channel per target
 * neuron), or the network input, and copies the pooled values (pooling after the copies would be
 * wrong: a copy φ(a·x) with a &lt; 0 is decreasing in x, so its maximum is at the window's
 * minimum). Without one (L+1, layers ≥ 1) the pool comes before the sum layer: each of the ρ
 * copies of a target neuron is a separate, whole approximation h̃_s ≈ h (its own subset sums of
 * the full target row, not a share of the neuron that the next layer adds up), so max_W h̃_s
 * approximates max_W h within max_W |h̃_s − h|, and the next layer's Σ_s u_s·max_W h̃_s is the
 * same subset sum of approximations of the pooled neuron as without pooling. Constant channels
 * are constant over the map and pool to themselves, so biases are unchanged.
 */
final class LayerLayout {
  private final List<TargetLayer> target;
  private final int[] inputShape;
  private final ConstructionSettings settings;
  private final MotherChannels channels;
  private final SumLayerScheduler scheduler;
  private final BiasReach biasReach;
  private final List<LayerBuild> layers = new ArrayList<>();

  LayerLayout(
      List<TargetLayer> target, int[] inputShape, ConstructionSettings settings, MotherChannels channels,
      SumLayerScheduler scheduler, BiasReach biasReach) {
    this.target = target;
    this.inputShape = inputShape.clone();
    this.settings = settings;
    this.channels = channels;
    this.scheduler = scheduler;
    this.biasReach = biasReach;
  }

  /** Lays out and builds every mother layer, input side first. */
  List<LayerBuild> lay() {
    MotherLayout plan = settings.algorithm().layout();
    int depth = target.size();
    boolean map = inputShape.length == 3;
    int channelCount = inputShape[0];
    int height = map ? inputShape[1] : 1;
    int width = map ? inputShape[2] : 1;
    LayerBuild below = null;
    boolean belowNonNegative = settings.inputNonNegative();
    Activation copies = CopyRule.motherActivation(target);
    // carriers[s + 1]: the mother layer whose channels hold copies of target layer s's output
    // (s = -1: the input), the base sets of the shortcut problems; heights/widths likewise.
    LayerBuild[] carriers = new LayerBuild[depth + 1];
    int[] heights = new int[depth + 1];
    int[] widths = new int[depth + 1];
    heights[0] = height;
    widths[0] = width;
    for (int l = 0; l < depth; l++) {
      TargetLayer t = target.get(l);
      if (t.inChannels() != channelCount) {
        throw new IllegalArgumentException(
            "target layer " + l + " expects " + t.inChannels() + " input channels but receives " + channelCount);
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
      if (t.maxPool() != null) {
        if (!map) {
          throw new IllegalArgumentException("target layer " + l + " max-pools an input that is not a map");
        }
        height = t.inputHeight();
        width = t.inputWidth();
      }
      boolean pooled = false;
      boolean maxPooled = false;
      int prePad = 0;
      if (plan.copyLayerBefore(l)) {
        double bound = l == 0 ? settings.inputBound() : CopyRule.rangeBound(copies);
        LayerBuild copy = copyLayer(below, channelCount, height, width, map, belowNonNegative, t, l, pool, copies, bound);
        copy.maxPoolBefore = t.maxPool();
        maxPooled = true;
        if (t.kind() == TargetLayer.Kind.CONV && copy.rule.intercept() != 0) {
          // sigmoid copies pad in place of the convolution, see OffsetBiases
          prePad = t.padding();
          copy.padding = prePad;
        }
        layers.add(copy);
        below = copy;
        carriers[l] = copy;
        pooled = pool;
      }
      double scale = t.weightScale() * (below.role == MotherLayerSpec.Role.COPY ? below.rule.sumScaleFactor(below.scale) : 1.0);
      LayerBuild sum = LayerBuild.sumLayer(layers.size(), t, l)
          .reads(below, below.channelsInOrder().size(), height + 2 * prePad, width + 2 * prePad)
          .inputNonNegative(below.inputNonNegative || below.role == MotherLayerSpec.Role.SUM)
          .flattenBefore(flatten)
          .poolBefore(pool && !pooled)
          .groups(t.outChannels())
          .weightScale(scale)
          .activation(t.activation())
          .build();
      sum.padding = t.padding() - prePad;
      sum.maxPoolBefore = maxPooled ? null : t.maxPool();
      if (t.hasSkip()) {
        attachSkip(sum, t, l, carriers, heights, widths);
      }
      layers.add(sum);
      int copiesPerChannel = plan.copiesPerChannel(l, depth, settings.rho());
      biasReach.check(sum, copiesPerChannel);
      scheduler.build(sum, copiesPerChannel);
      for (int k = 0; k < plan.constantChannels(l, depth, settings.rho()); k++) {
        sum.constants.add(channels.constant(sum, k));
      }
      belowNonNegative = t.activation().kind() == ActivationKind.RELU;
      below = sum;
      channelCount = t.outChannels();
      if (t.kind() == TargetLayer.Kind.CONV) {
        height = t.outputHeight();
        width = t.outputWidth();
      } else {
        map = false;
        height = 1;
        width = 1;
      }
      if (plan.keepsCopies(l, depth)) {
        carriers[l + 1] = sum;
      }
      heights[l + 1] = height;
      widths[l + 1] = width;
    }
    return layers;
  }

  /**
   * Connects the shortcut of a block's last layer: the mother shortcut reads the channels that
   * carry copies of the block input (L+1: the sum layer of the target layer before the block;
   * 2L: the copy layer in front of the block), so that each target shortcut weight S[j][i] is a
   * subset sum over the edges from the copies of channel i, exactly like a kernel weight.
   */
  private static void attachSkip(
      LayerBuild sum, TargetLayer t, int l, LayerBuild[] carriers, int[] heights, int[] widths) {
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
      LayerBuild below, int channelCount, int height, int width, boolean map, boolean inputNonNegative,
      TargetLayer feeds, int targetIndex, boolean poolBefore, Activation activation, double inputBound) {
    int inputWidth = below == null ? channelCount : below.channelsInOrder().size();
    double scale = new CopyRule(activation).copyScale(inputBound, settings.eta());
    LayerBuild copy = LayerBuild.copyLayer(layers.size(), feeds, targetIndex)
        .kind(map ? TargetLayer.Kind.CONV : TargetLayer.Kind.DENSE)
        .reads(below, inputWidth, map ? height : 1, map ? width : 1)
        .inputNonNegative(inputNonNegative)
        .poolBefore(poolBefore)
        .groups(channelCount)
        .weightScale(scale)
        .activation(activation)
        .build();
    for (int g = 0; g < channelCount; g++) {
      for (int k = 0; k < settings.rho1(); k++) {
        copy.copies.get(g).add(channels.copy(copy, g, k));
      }
    }
    for (int k = 0; k < settings.rho1(); k++) {
      copy.constants.add(channels.constant(copy, k));
    }
    return copy;
  }
}
