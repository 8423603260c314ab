package org.ltcheck.inference;

import java.util.List;
import org.ltcheck.model.Activation;
import org.ltcheck.model.AvgPool2d;
import org.ltcheck.model.BatchNorm2d;
import org.ltcheck.model.ChannelScale;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.GlobalAvgPool;
import org.ltcheck.model.Layer;
import org.ltcheck.model.Linear;
import org.ltcheck.model.MaxPool2d;
import org.ltcheck.model.Network;
import org.ltcheck.model.ResidualBlock;

/**
 * Textbook double-precision evaluation of one sample, written straight from the layer
 * definitions (PyTorch semantics) with no attempt at speed: the yardstick for the engine, and for
 * the construction tests (tickets against their targets).
 */
public final class NaiveReference {
  private NaiveReference() {}

  /** A sample as a shaped double array. */
  record Sample(int[] shape, double[] v) {}

  public static double[] forward(Network net, double[] input) {
    return run(net.layers(), new Sample(net.inputShape(), input)).v();
  }

  static Sample run(List<Layer> layers, Sample x) {
    for (Layer l : layers) {
      x = apply(l, x);
    }
    return x;
  }

  static Sample apply(Layer layer, Sample x) {
    int[] s = x.shape();
    if (layer instanceof Conv2d c) {
      int cin = s[0], h = s[1], w = s[2];
      int kh = c.kernelHeight(), kw = c.kernelWidth(), st = c.stride(), p = c.padding();
      int ho = (h + 2 * p - kh) / st + 1, wo = (w + 2 * p - kw) / st + 1;
      double[] out = new double[c.outChannels() * ho * wo];
      for (int o = 0; o < c.outChannels(); o++) {
        for (int y = 0; y < ho; y++) {
          for (int xx = 0; xx < wo; xx++) {
            double sum = c.bias() == null ? 0 : c.bias().get(o);
            for (int ci = 0; ci < cin; ci++) {
              for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                  int iy = y * st + ky - p, ix = xx * st + kx - p;
                  if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                    sum += c.weight().get(((o * cin + ci) * kh + ky) * kw + kx) * x.v()[(ci * h + iy) * w + ix];
                  }
                }
              }
            }
            out[(o * ho + y) * wo + xx] = sum;
          }
        }
      }
      return new Sample(new int[] {c.outChannels(), ho, wo}, out);
    } else if (layer instanceof Linear l) {
      double[] out = new double[l.outFeatures()];
      for (int o = 0; o < out.length; o++) {
        double sum = l.bias() == null ? 0 : l.bias().get(o);
        for (int i = 0; i < l.inFeatures(); i++) {
          sum += l.weight().get(o * l.inFeatures() + i) * x.v()[i];
        }
        out[o] = sum;
      }
      return new Sample(new int[] {out.length}, out);
    } else if (layer instanceof BatchNorm2d bn) {
      double[] out = new double[x.v().length];
      int plane = s[1] * s[2];
      for (int i = 0; i < out.length; i++) {
        int c = i / plane;
        out[i] = (x.v()[i] - bn.runningMean().get(c)) / Math.sqrt(bn.runningVar().get(c) + bn.eps())
            * bn.gamma().get(c) + bn.beta().get(c);
      }
      return new Sample(s, out);
    } else if (layer instanceof ChannelScale cs) {
      double[] out = new double[x.v().length];
      int plane = s[1] * s[2];
      for (int i = 0; i < out.length; i++) {
        out[i] = x.v()[i] * cs.scale().get(i / plane);
      }
      return new Sample(s, out);
    } else if (layer instanceof Activation a) {
      double[] out = new double[x.v().length];
      for (int i = 0; i < out.length; i++) {
        out[i] = a.apply(x.v()[i]);
      }
      return new Sample(s, out);
    } else if (layer instanceof Flatten) {
      return new Sample(new int[] {x.v().length}, x.v());
    } else if (layer instanceof AvgPool2d p) {
      return pool(x, p.kernel(), p.kernel(), p.stride());
    } else if (layer instanceof GlobalAvgPool) {
      return pool(x, s[1], s[2], 1);
    } else if (layer instanceof MaxPool2d p) {
      return maxPool(x, p.kernel(), p.stride(), p.padding());
    } else if (layer instanceof ResidualBlock r) {
      Sample body = run(r.body(), x);
      Sample side = r.shortcut().isEmpty() ? x : run(r.shortcut(), x);
      double[] out = new double[body.v().length];
      for (int i = 0; i < out.length; i++) {
        out[i] = r.after().apply(body.v()[i] + side.v()[i]);
      }
      return new Sample(body.shape(), out);
    }
    throw new AssertionError(layer);
  }

  private static Sample pool(Sample x, int kh, int kw, int st) {
    int[] s = x.shape();
    int ho = (s[1] - kh) / st + 1, wo = (s[2] - kw) / st + 1;
    double[] out = new double[s[0] * ho * wo];
    for (int c = 0; c < s[0]; c++) {
      for (int y = 0; y < ho; y++) {
        for (int xx = 0; xx < wo; xx++) {
          double sum = 0;
          for (int ky = 0; ky < kh; ky++) {
            for (int kx = 0; kx < kw; kx++) {
              sum += x.v()[(c * s[1] + y * st + ky) * s[2] + xx * st + kx];
            }
          }
          out[(c * ho + y) * wo + xx] = sum / (kh * kw);
        }
      }
    }
    return new Sample(new int[] {s[0], ho, wo}, out);
  }

  /** PyTorch's MaxPool2d (floor mode): the input padded with −∞ on every side. */
  private static Sample maxPool(Sample x, int k, int st, int pad) {
    int[] s = x.shape();
    int ho = (s[1] + 2 * pad - k) / st + 1, wo = (s[2] + 2 * pad - k) / st + 1;
    double[] out = new double[s[0] * ho * wo];
    for (int c = 0; c < s[0]; c++) {
      for (int y = 0; y < ho; y++) {
        for (int xx = 0; xx < wo; xx++) {
          double max = Double.NEGATIVE_INFINITY;
          for (int ky = 0; ky < k; ky++) {
            for (int kx = 0; kx < k; kx++) {
              int iy = y * st + ky - pad, ix = xx * st + kx - pad;
              double v = iy >= 0 && iy < s[1] && ix >= 0 && ix < s[2] ? x.v()[(c * s[1] + iy) * s[2] + ix]
                  : Double.NEGATIVE_INFINITY;
              max = Math.max(max, v);
            }
          }
          out[(c * ho + y) * wo + xx] = max;
        }
      }
    }
    return new Sample(new int[] {s[0], ho, wo}, out);
  }
}
