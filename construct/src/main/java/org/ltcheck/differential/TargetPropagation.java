package org.ltcheck.differential;

import java.util.ArrayList;
import java.util.List;
import org.ltcheck.build.TargetLayer;
import org.ltcheck.model.PoolWindow;

/**
 * Interval bounds on every neuron of the target (interval bound propagation, Gowal et al. 2018,
 * per neuron and position), in exact arithmetic on the folded target layers, together with the
 * deviation of the target's float32 evaluation from them.
 *
 * <p>The float deviation of a weight layer's pre-activation is Σ w·e_in (intervals) plus the
 * rounding of the layer itself, γ_{n+10}·(Σ|w|·|ĥ| + |b|): n float products and additions of the
 * convolution or linear layer, and up to ten more roundings for the float batch-norm factors,
 * their multiply-add, the double folding, the shortcut's scale or convolution and the residual
 * addition (each term of the float result is the exact term times at most n+10 factors 1+δ,
 * |δ| ≤ 2⁻²⁴). Activations: {@link ActivationBounds#difference} plus their own float error.
 */
final class TargetPropagation {
  private final List<TargetLayer> layers;
  private final List<LayerTaps> taps;

  TargetPropagation(List<TargetLayer> layers) {
    this.layers = List.copyOf(layers);
    List<LayerTaps> t = new ArrayList<>();
    for (TargetLayer l : layers) {
      t.add(new LayerTaps(l));
    }
    this.taps = List.copyOf(t);
  }

  /** The nonzero weights of each output channel, as flat (input channel, position) indices. */
  private static final class LayerTaps {
    final int[][] row;
    final double[][] weight;

    LayerTaps(TargetLayer l) {
      int rows = l.inChannels() * l.positions();
      double[] w = l.weights();
      row = new int[l.outChannels()][];
      weight = new double[l.outChannels()][];
      for (int j = 0; j < l.outChannels(); j++) {
        int n = 0;
        for (int r = 0; r < rows; r++) {
          n += w[j * rows + r] != 0 ? 1 : 0;
        }
        row[j] = new int[n];
        weight[j] = new double[n];
        int k = 0;
        for (int r = 0; r < rows; r++) {
          if (w[j * rows + r] != 0) {
            row[j][k] = r;
            weight[j][k++] = w[j * rows + r];
          }
        }
      }
    }
  }

  List<TargetLayer> layers() {
    return layers;
  }

  /** The bounds of one region: pre-activations and outputs of every layer. */
  static final class State {
    final NeuronBounds input;
    final NeuronBounds[] pre;
    final NeuronBounds[] post;
    private final NeuronBounds[] pooled;
    private final List<TargetLayer> layers;

    State(NeuronBounds input, List<TargetLayer> layers) {
      this.input = input;
      this.layers = layers;
      this.pre = new NeuronBounds[layers.size()];
      this.post = new NeuronBounds[layers.size()];
      this.pooled = new NeuronBounds[layers.size() + 1];
    }

    /**
     * Output of target layer {@code l} (−1: the input), if {@code pool} pooled as target layer
     * l + 1 reads it (averaged over positions, or max-pooled).
     */
    NeuronBounds view(int l, boolean pool) {
      NeuronBounds b = l < 0 ? input : post[l];
      if (!pool) {
        return b;
      }
      if (pooled[l + 1] == null) {
        pooled[l + 1] = readBy(layers.get(l + 1), b);
      }
      return pooled[l + 1];
    }
  }

  /** {@code b} as target layer {@code t} reads it: averaged over positions, max-pooled, or as it is. */
  static NeuronBounds readBy(TargetLayer t, NeuronBounds b) {
    if (t.before() == TargetLayer.Reshape.GLOBAL_AVG_POOL) {
      return b.pooled();
    }
    if (t.maxPool() != null) {
      return b.maxPooled(PoolWindow.of(t.maxPool(), new int[] {b.channels, b.height, b.width}));
    }
    return b;
  }

  State propagate(InputRegion region) {
    int[] s = region.shape();
    NeuronBounds in = s.length == 3 ? new NeuronBounds(s[0], s[1], s[2]) : new NeuronBounds(s[0], 1, 1);
    for (int i = 0; i < in.size(); i++) {
      in.lo[i] = region.lo(i);
      in.hi[i] = region.hi(i);
    }
    State state = new State(in.finish(), layers);
    double[] pair = new double[2];
    for (int l = 0; l < layers.size(); l++) {
      TargetLayer t = layers.get(l);
      NeuronBounds src = state.view(l - 1, t.readsPooled());
      NeuronBounds skip = t.hasSkip() ? state.view(t.skip().source(), false) : null;
      NeuronBounds z = new NeuronBounds(t.outChannels(), t.outputHeight(), t.outputWidth());
      layer(t, taps.get(l), src, skip, z);
      ActivationBounds act = new ActivationBounds(t.activation());
      NeuronBounds h = new NeuronBounds(z.channels, z.height, z.width);
      for (int i = 0; i < z.size(); i++) {
        h.lo[i] = act.rangeLo(z.lo[i]);
        h.hi[i] = act.rangeHi(z.hi[i]);
        act.difference(z.lo[i], z.hi[i], z.devLo[i], z.devHi[i], pair);
        double r = act.rounding(z.lo[i] + z.devLo[i], z.hi[i] + z.devHi[i]);
        h.devLo[i] = pair[0] - r;
        h.devHi[i] = pair[1] + r;
      }
      state.pre[l] = z;
      state.post[l] = h.finish();
    }
    return state;
  }

  /**
   * Flat index in layer t's (hin x win) input of input channel i at position p (a kernel tap, or
   * for a dense layer the input position) for output (qy, qx); −1 where a convolution reads its
   * zero padding.
   */
  static int inputIndex(TargetLayer t, int qy, int qx, int i, int p, int hin, int win) {
    if (t.kind() != TargetLayer.Kind.CONV) {
      return i * hin * win + p;
    }
    int y = qy * t.stride() + p / t.kernelWidth() - t.padding();
    int x = qx * t.stride() + p % t.kernelWidth() - t.padding();
    return y < 0 || y >= hin || x < 0 || x >= win ? -1 : (i * hin + y) * win + x;
  }

  private static void layer(TargetLayer t, LayerTaps taps, NeuronBounds src, NeuronBounds skip, NeuronBounds z) {
    int positions = t.positions();
    int hin = src.height;
    int win = src.width;
    int hw = z.plane();
    for (int j = 0; j < t.outChannels(); j++) {
      int[] rows = taps.row[j];
      double[] w = taps.weight[j];
      for (int q = 0; q < hw; q++) {
        int qy = q / z.width;
        int qx = q % z.width;
        double lo = t.bias(j);
        double hi = lo;
        double dLo = 0;
        double dHi = 0;
        double mag = Math.abs(lo);
        double floatMag = mag;
        double devMag = 0;
        for (int k = 0; k < rows.length; k++) {
          int i = rows[k] / positions;
          int p = rows[k] % positions;
          int idx = inputIndex(t, qy, qx, i, p, hin, win);
          if (idx < 0) {
            continue;
          }
          double wk = w[k];
          if (wk > 0) {
            lo += wk * src.lo[idx];
            hi += wk * src.hi[idx];
            dLo += wk * src.devLo[idx];
            dHi += wk * src.devHi[idx];
          } else {
            lo += wk * src.hi[idx];
            hi += wk * src.lo[idx];
            dLo += wk * src.devHi[idx];
            dHi += wk * src.devLo[idx];
          }
          double aw = Math.abs(wk);
          mag += aw * src.magnitude(idx);
          floatMag += aw * src.floatMagnitude(idx);
          devMag += aw * src.deviationMagnitude(idx);
        }
        int terms = rows.length;
        if (skip != null) {
          int sy = qy * t.skip().stride();
          int sx = qx * t.skip().stride();
          int sIn = t.skip().inChannels();
          for (int i = 0; i < sIn; i++) {
            double s = t.skip().weight(j, i);
            if (s == 0) {
              continue;
            }
            terms++;
            int idx = i * skip.plane() + sy * skip.width + sx;
            if (s > 0) {
              lo += s * skip.lo[idx];
              hi += s * skip.hi[idx];
              dLo += s * skip.devLo[idx];
              dHi += s * skip.devHi[idx];
            } else {
              lo += s * skip.hi[idx];
              hi += s * skip.lo[idx];
              dLo += s * skip.devHi[idx];
              dHi += s * skip.devLo[idx];
            }
            double as = Math.abs(s);
            mag += as * skip.magnitude(idx);
            floatMag += as * skip.floatMagnitude(idx);
            devMag += as * skip.deviationMagnitude(idx);
          }
        }
        double rounding = FloatRounding.dotRounding(terms + 9L, floatMag);
        int o = j * hw + q;
        z.lo[o] = FloatRounding.widenDown(lo, 2L * terms, mag);
        z.hi[o] = FloatRounding.widenUp(hi, 2L * terms, mag);
        z.devLo[o] = FloatRounding.widenDown(dLo - rounding, 2L * terms, devMag + rounding);
        z.devHi[o] = FloatRounding.widenUp(dHi + rounding, 2L * terms, devMag + rounding);
      }
    }
  }
}
