package org.ltcheck.differential;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ltcheck.mother.MotherLayerSpec;
import org.ltcheck.build.TargetLayer;
import org.ltcheck.model.Activation;

/**
 * One sum-layer channel o standing for target channel j, as a difference against the target:
 * its pre-activation minus the target's is
 *
 * <pre>
 *   Σ_entries [ Σ_{e ∈ entry} u_e·ψ_e(h) − w·h ]  +  Σ_e u_e·d_e  +  Σ_constants u·κ + b_o − b_j
 * </pre>
 *
 * where an entry is one (path, target input channel i, tap k) with its target weight w and the
 * kept edges from copies of i at that tap, h the target's value of that input neuron, ψ_e(h) what
 * the copy carries exactly (h for a sum-layer copy, φ(a·h) for a copy-layer copy) and d_e the
 * copy's deviation from ψ_e(h). The first sum is a fixed function of the target's own neurons,
 * bounded with their intervals (sign-aware, per neuron and position) instead of η·Σ|h|; the
 * second carries the copies' deviations through the actual kept weights.
 */
final class SumRow {
  static final int MAIN = 0;
  static final int SKIP = 1;

  final int group;
  final double targetBias;
  final double ownBias;
  /** Float operations of the ticket's sum (nonzero weights of both paths, plus the residual addition). */
  final int floatTerms;
  final int[] path;
  final int[] input;
  final int[] tap;
  final double[] targetWeight;
  /** Coefficient of h for h &gt; 0 and for h &lt; 0 (equal except for piecewise-linear copies). */
  final double[] coefPos;
  final double[] coefNeg;
  /** Σ u·φ(0) of smooth copies. */
  final double[] intercept;
  /** Σ |u|·(|a| + 1): the magnitude of the composition, for the double-rounding slack. */
  final double[] absCoef;
  /** Whether the entry's copies are smooth (their linearisation remainders must be added). */
  final boolean[] smooth;
  /** The copies' activation per entry, null for sum-layer copies. */
  final ActivationBounds[] copies;
  /**
   * Per entry of copy-layer copies: the channel all its copies copy (they then share one source
   * deviation), −1 if they copy different channels or the entry reads sum-layer copies.
   */
  final int[] copiedChannel;
  final int[] edgeStart;
  final int[] edgeChannel;
  final double[] edgeU;
  final double[] edgeA;
  final int[] constPath;
  final int[] constTap;
  final double[] constValue;

  private SumRow(int group, double targetBias, double ownBias, int floatTerms, List<Entry> entries, List<double[]> constants) {
    this.group = group;
    this.targetBias = targetBias;
    this.ownBias = ownBias;
    this.floatTerms = floatTerms;
    int n = entries.size();
    path = new int[n];
    input = new int[n];
    tap = new int[n];
    targetWeight = new double[n];
    coefPos = new double[n];
    coefNeg = new double[n];
    intercept = new double[n];
    absCoef = new double[n];
    smooth = new boolean[n];
    copies = new ActivationBounds[n];
    copiedChannel = new int[n];
    edgeStart = new int[n + 1];
    int edges = 0;
    for (Entry e : entries) {
      edges += e.channels.size();
    }
    edgeChannel = new int[edges];
    edgeU = new double[edges];
    edgeA = new double[edges];
    int k = 0;
    for (int t = 0; t < n; t++) {
      Entry e = entries.get(t);
      path[t] = e.path;
      input[t] = e.input;
      tap[t] = e.tap;
      targetWeight[t] = e.targetWeight;
      smooth[t] = e.copies != null && !e.copies.piecewiseLinear();
      copies[t] = e.copies;
      copiedChannel[t] = e.copies == null || e.sources.size() != 1 ? -1 : e.sources.iterator().next();
      edgeStart[t] = k;
      for (int q = 0; q < e.channels.size(); q++) {
        double u = e.weights.get(q);
        double a = e.factors.get(q);
        edgeChannel[k] = e.channels.get(q);
        edgeU[k] = u;
        edgeA[k] = a;
        k++;
        absCoef[t] += Math.abs(u) * (Math.abs(a) + 1);
        if (e.copies == null) {
          coefPos[t] += u;
          coefNeg[t] += u;
        } else if (e.copies.piecewiseLinear()) {
          coefPos[t] += u * e.copies.positiveSlope(a);
          coefNeg[t] += u * e.copies.negativeSlope(a);
        } else {
          double c = u * e.copies.derivativeAtZero() * a;
          coefPos[t] += c;
          coefNeg[t] += c;
          intercept[t] += u * e.copies.valueAtZero();
        }
      }
    }
    edgeStart[n] = k;
    int c = constants.size();
    constPath = new int[c];
    constTap = new int[c];
    constValue = new double[c];
    for (int q = 0; q < c; q++) {
      constPath[q] = (int) constants.get(q)[0];
      constTap[q] = (int) constants.get(q)[1];
      constValue[q] = constants.get(q)[2];
    }
  }

  int entries() {
    return path.length;
  }

  private static final class Entry {
    final int path;
    final int input;
    final int tap;
    double targetWeight;
    final ActivationBounds copies;
    final List<Integer> channels = new ArrayList<>();
    final List<Double> weights = new ArrayList<>();
    final List<Double> factors = new ArrayList<>();
    final java.util.Set<Integer> sources = new java.util.HashSet<>();

    Entry(int path, int input, int tap, ActivationBounds copies) {
      this.path = path;
      this.input = input;
      this.tap = tap;
      this.copies = copies;
    }
  }

  /** Builds the rows of sum layer {@code m} from its float weights. */
  static void build(
      TicketLayout.MotherLayer ml, int m, float[] weights, float[] bias, float[] skip,
      List<TicketLayout.MotherLayer> below, List<TargetLayer> target, int inView, boolean inPooled) {
    MotherLayerSpec l = ml.spec;
    if (m == 0) {
      throw new IllegalArgumentException("ticket sum layer 0 reads the network input directly");
    }
    if (l.targetLayer() < 0 || l.targetLayer() >= target.size()) {
      throw new IllegalArgumentException("ticket sum layer " + m + " names target layer " + l.targetLayer());
    }
    TargetLayer t = target.get(l.targetLayer());
    boolean pooled = t.readsPooled();
    if (inView != l.targetLayer() - 1 || inPooled != pooled) {
      throw new IllegalArgumentException(
          "ticket sum layer " + m + " for target layer " + l.targetLayer() + " reads target layer " + inView
              + (inPooled ? " pooled" : ""));
    }
    if (!sameActivation(l.activation(), t.activation())) {
      throw new IllegalArgumentException(
          "ticket sum layer " + m + " applies " + l.activation() + ", its target layer " + t.activation());
    }
    if (l.kind() != t.kind() || l.positions() != t.positions() || l.stride() != t.stride()) {
      throw new IllegalArgumentException(
          "ticket sum layer " + m + " has kernel " + l.kind() + "/" + l.positions() + "/stride " + l.stride()
              + ", its target " + t.kind() + "/" + t.positions() + "/stride " + t.stride());
    }
    TicketLayout.MotherLayer src = below.get(m - 1);
    TicketLayout.MotherLayer skipSrc = null;
    if (t.hasSkip() != l.hasSkip()) {
      throw new IllegalArgumentException("ticket sum layer " + m + " and its target layer disagree on a shortcut");
    }
    if (l.hasSkip()) {
      skipSrc = below.get(l.skipSource());
      if (skipSrc.viewLayer != t.skip().source() || skipSrc.viewPooled || l.skipStride() != t.skip().stride()) {
        throw new IllegalArgumentException(
            "ticket sum layer " + m + ": shortcut reads target layer " + skipSrc.viewLayer + ", the target's "
                + t.skip().source());
      }
    }
    int in = l.inChannels();
    int positions = l.positions();
    int skipIn = l.skipInChannels();
    int taps = l.skipPositions();
    for (int o = 0; o < ml.channels; o++) {
      if (ml.kind[o] != TicketLayout.SUM) {
        continue;
      }
      int j = ml.group[o];
      if (j < 0 || j >= t.outChannels()) {
        throw new IllegalArgumentException("ticket sum layer " + m + ": channel " + o + " serves target channel " + j);
      }
      Map<Long, Entry> entries = new LinkedHashMap<>();
      List<double[]> constants = new ArrayList<>();
      int terms = 0;
      for (int c = 0; c < in; c++) {
        for (int p = 0; p < positions; p++) {
          float u = weights[(o * in + c) * positions + p];
          if (u != 0) {
            terms++;
            addEdge(entries, constants, SumRow.MAIN, src, c, p, u, t.inChannels(), m);
          }
        }
      }
      if (skipSrc != null) {
        for (int c = 0; c < skipIn; c++) {
          for (int p = 0; p < taps; p++) {
            float u = skip[(o * skipIn + c) * taps + p];
            if (u != 0) {
              terms++;
              addEdge(entries, constants, SumRow.SKIP, skipSrc, c, p, u, t.skip().inChannels(), m);
            }
          }
        }
        terms++;
      }
      // Target weights the ticket has no edge for still count: their whole term w·h is error.
      for (int i = 0; i < t.inChannels(); i++) {
        for (int p = 0; p < positions; p++) {
          double w = t.weight(j, i, p);
          if (w != 0) {
            entries.computeIfAbsent(key(SumRow.MAIN, i, p), k -> new Entry(SumRow.MAIN, key(k), keyTap(k), copiesOf(src)))
                .targetWeight = w;
          }
        }
      }
      if (skipSrc != null) {
        int centre = l.skipCentre();
        for (int i = 0; i < t.skip().inChannels(); i++) {
          double w = t.skip().weight(j, i);
          if (w != 0) {
            TicketLayout.MotherLayer s = skipSrc;
            entries.computeIfAbsent(key(SumRow.SKIP, i, centre), k -> new Entry(SumRow.SKIP, key(k), keyTap(k), copiesOf(s)))
                .targetWeight = w;
          }
        }
      }
      ml.rows[o] = new SumRow(j, t.bias(j), bias[o], terms, new ArrayList<>(entries.values()), constants);
    }
  }

  private static void addEdge(
      Map<Long, Entry> entries, List<double[]> constants, int path, TicketLayout.MotherLayer src, int c, int p, float u,
      int targetInputs, int m) {
    if (src.kind[c] == TicketLayout.CONSTANT) {
      constants.add(new double[] {path, p, u * src.value[c]});
      return;
    }
    int i = src.group[c];
    if (i < 0 || i >= targetInputs) {
      throw new IllegalArgumentException(
          "ticket sum layer " + m + " reads channel " + c + " of group " + i + ", the target has " + targetInputs + " inputs");
    }
    Entry e = entries.computeIfAbsent(key(path, i, p), k -> new Entry(path, i, p, copiesOf(src)));
    e.channels.add(c);
    e.weights.add((double) u);
    e.factors.add(src.kind[c] == TicketLayout.COPY ? src.value[c] : 1.0);
    if (src.kind[c] == TicketLayout.COPY) {
      e.sources.add(src.source[c]);
    }
  }

  /** The activation of the copies a layer holds, null for sum-layer copies (ψ = identity). */
  private static ActivationBounds copiesOf(TicketLayout.MotherLayer src) {
    return src.spec.role() == MotherLayerSpec.Role.COPY ? src.activation : null;
  }

  private static long key(int path, int input, int tap) {
    return ((long) path << 60) | ((long) input << 30) | tap;
  }

  private static int key(long k) {
    return (int) ((k >>> 30) & ((1 << 30) - 1));
  }

  private static int keyTap(long k) {
    return (int) (k & ((1 << 30) - 1));
  }

  private static boolean sameActivation(Activation a, Activation b) {
    return a.kind() == b.kind() && (a.kind() != org.ltcheck.theory.ActivationKind.LEAKY_RELU
        || a.negativeSlope() == b.negativeSlope());
  }
}
