package org.ltcheck.assess;

import java.util.List;
import java.util.Locale;
import org.ltcheck.build.ConstructionAlgorithm;
import org.ltcheck.build.ConstructionSettings;
import org.ltcheck.build.FailureRepair;
import org.ltcheck.build.TargetLayer;
import org.ltcheck.subsetsum.SubsetSumSolver;

/**
 * Which tolerances the construction can reach at all, checked before any work.
 *
 * <p>Why a bound exists: every composed ticket weight is a sum of at most k
 * ({@link ConstructionSettings#maxSubsetSize()}) of the n = {@value SubsetSumSolver#MAX_BASE_SET_SIZE}
 * newest copies of a channel, whose mother weights are drawn from U[-s, s] with the layer's
 * scale s = max(1, max |w|) ({@link TargetLayer#weightScale()}). A failed problem grows the copy
 * group, which offers a new window of n copies, until the group has
 * {@value #MAX_GROUP_SIZE} copies; then the construction gives up. So at most W·N sums are ever
 * tried, W = {@value #MAX_GROUP_SIZE} − n + 1 windows of N = Σ_{i≤k} C(n, i) subsets each, and
 * W·N sums place one within η of every value in [−s, s] only if 2η·W·N ≥ 2s. Below
 * η = s / (W·N) — for k = 6 about 1.4·10⁻⁸·s — a run is bound to fail, but only after it has
 * built thousands of extra copies (weights of 10³⁰ or ε = 10⁻³⁰⁰ took 20 s to fail); this class
 * says so in one sentence before any work. Above the bound the construction may still need
 * extra copies, which it reports.
 */
public final class ToleranceLimits {
  /** Copies a group may grow to before a problem counts as unsolvable (ConstructionRun's limit). */
  static final int MAX_GROUP_SIZE = FailureRepair.MAX_GROUP_SIZE;

  private ToleranceLimits() {}

  /** A tolerance that no subset sum of the construction can reach for a layer's weights. */
  public static final class UnreachableToleranceException extends IllegalArgumentException {
    private final int layer;
    private final double scale;
    private final double smallestEps;

    UnreachableToleranceException(String message, int layer, double scale, double smallestEps) {
      super(message);
      this.layer = layer;
      this.scale = scale;
      this.smallestEps = smallestEps;
    }

    /** The target layer whose weights cannot be reached. */
    public int layer() {
      return layer;
    }

    /** Its scale s = max(1, max |w|). */
    public double scale() {
      return scale;
    }

    /** The smallest ε that layer allows. */
    public double smallestEps() {
      return smallestEps;
    }
  }

  /** The most subset sums one problem is ever offered: W windows of N subsets (see the class comment). */
  public static double subsetSums(int maxSubsetSize) {
    int n = SubsetSumSolver.MAX_BASE_SET_SIZE;
    double subsets = 0;
    double binomial = 1; // C(n, i)
    for (int i = 0; i <= Math.min(maxSubsetSize, n); i++) {
      subsets += binomial;
      binomial = binomial * (n - i) / (i + 1);
    }
    return (MAX_GROUP_SIZE - n + 1) * subsets;
  }

  /**
   * The smallest ε (the settings' η) whose per-layer tolerance
   * ({@link ConstructionAlgorithm#layerTolerance}) the subset sums can reach for weights of scale
   * {@code scale} in target layer {@code layer} of {@code layers}.
   */
  public static double smallestEps(ConstructionSettings settings, double scale, int layer, int layers) {
    double factor = ConstructionAlgorithm.of(settings.construction()).layerTolerance(1.0, layer, layers);
    return scale / subsetSums(settings.maxSubsetSize()) / factor;
  }

  /**
   * Refuses settings whose tolerance no construction can reach for some layer of {@code target}.
   *
   * @throws UnreachableToleranceException naming the tolerance, the smallest reachable one, and,
   *     where large weights are the reason, the layer, the offending weight and its position
   */
  public static void check(List<TargetLayer> target, ConstructionSettings settings) {
    for (int l = 0; l < target.size(); l++) {
      TargetLayer t = target.get(l);
      double scale = Math.max(t.weightScale(), t.hasSkip() ? t.skip().weightScale() : 1.0);
      double eta = settings.etaOf(l);
      double smallest = smallestEps(settings, scale, l, target.size());
      if (eta >= smallest) {
        continue;
      }
      double atUnitScale = smallestEps(settings, 1.0, l, target.size());
      if (eta < atUnitScale) {
        throw belowSmallest(settings, atUnitScale, " in target layer " + l, l);
      }
      throw new UnreachableToleranceException(String.format(Locale.ROOT,
          "target layer %d (%s) has %s, too large for tolerance %s: its mother weights are drawn from U[-%.4g, %.4g],"
              + " and %s reach such weights only within %.3g; at this tolerance weights up to %.3g can be built",
          l, describe(t), largestParameter(t), eta, scale, scale, sums(settings), smallest,
          eta / atUnitScale), l, scale, smallest);
    }
  }

  /**
   * Refuses a tolerance that is out of reach whatever the target (weights within [-1, 1]), for
   * callers that know the settings before the target, such as a reproduction's grid.
   */
  public static void checkAtUnitScale(ConstructionSettings settings) {
    // target layer 0 of two is the most demanding: in L+1 it is built to a quarter of eps
    double smallest = smallestEps(settings, 1.0, 0, 2);
    if (settings.eta() < smallest) {
      throw belowSmallest(settings, smallest, " for " + settings.construction().label(), 0);
    }
  }

  private static UnreachableToleranceException belowSmallest(
      ConstructionSettings settings, double smallest, String where, int layer) {
    return new UnreachableToleranceException(String.format(Locale.ROOT,
        "eps %s is below the smallest tolerance the construction can reach, %.3g (%s cover [-1, 1] no finer%s)",
        settings.eta(), smallest, sums(settings), where), layer, 1.0, smallest);
  }

  private static String sums(ConstructionSettings settings) {
    return String.format(Locale.ROOT, "at most %.3g subset sums of up to %d of %d copies",
        subsetSums(settings.maxSubsetSize()), settings.maxSubsetSize(), SubsetSumSolver.MAX_BASE_SET_SIZE);
  }

  private static String describe(TargetLayer t) {
    return t.kind() == TargetLayer.Kind.CONV
        ? "conv " + t.inChannels() + "->" + t.outChannels() + ", " + t.kernelHeight() + "x" + t.kernelWidth()
        : "dense " + t.inChannels() * t.positions() + "->" + t.outChannels();
  }

  /** The parameter of largest magnitude, with where it sits. */
  private static String largestParameter(TargetLayer t) {
    double[] w = t.weights();
    double[] b = t.bias();
    double[] s = t.hasSkip() ? t.skip().weights() : new double[0];
    int wAt = largestAt(w);
    int bAt = largestAt(b);
    int sAt = largestAt(s);
    double wMax = magnitude(w, wAt);
    if (magnitude(s, sAt) > Math.max(wMax, magnitude(b, bAt))) {
      int in = t.skip().inChannels();
      return String.format(Locale.ROOT, "shortcut weight [out %d, in %d] = %.4g", sAt / in, sAt % in, s[sAt]);
    }
    if (magnitude(b, bAt) > wMax) {
      return String.format(Locale.ROOT, "bias [%d] = %.4g", bAt, b[bAt]);
    }
    int per = t.inChannels() * t.positions();
    String where = t.kind() == TargetLayer.Kind.CONV ? "tap" : "position";
    return String.format(Locale.ROOT, "weight [out %d, in %d, %s %d] = %.4g",
        wAt / per, wAt % per / t.positions(), where, wAt % t.positions(), w[wAt]);
  }

  /** Index of the entry of largest magnitude, -1 for none. */
  private static int largestAt(double[] values) {
    int at = -1;
    for (int i = 0; i < values.length; i++) {
      if (at < 0 || Math.abs(values[i]) > Math.abs(values[at])) {
        at = i;
      }
    }
    return at;
  }

  private static double magnitude(double[] values, int at) {
    return at < 0 ? 0 : Math.abs(values[at]);
  }
}
