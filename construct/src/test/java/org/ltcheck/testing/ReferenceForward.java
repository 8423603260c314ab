package org.ltcheck.testing;

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
import org.ltcheck.model.Network;
import org.ltcheck.model.ResidualBlock;
import org.ltcheck.tensor.FloatTensor;

/**
 * A deliberately naive double-precision forward pass over {@link Network}s, written from the
 * PyTorch definitions of each layer, as the oracle the tests compare tickets and targets with.
 * Sparse-aware in the only way that matters for the wide mother layers: zero weights are skipped.
 */
public final class ReferenceForward {
  private ReferenceForward() {}

  /** Output for one sample (input flattened in (C,H,W) order). */
  public static double[] apply(Network n, double[] x) {
    return run(n.layers(), n.inputShape(), x);
  }

  /** Outputs for a batch (N, input shape...), as floats. */
  public static FloatTensor forward(Network n, FloatTensor batch) {
    int samples = batch.dim(0);
    int per = batch.size() / samples;
    int[] outShape = n.outputShape();
    int outPer = Math.toIntExact(FloatTensor.numelOf(outShape));
    float[] out = new float[samples * outPer];
    for (int s = 0; s < samples; s++) {
      double[] x = new double[per];
      for (int i = 0; i < per; i++) {
        x[i] = batch.get(s * per + i);
      }
      double[] y = apply(n, x);
      for (int i = 0; i < outPer; i++) {
        out[s * outPer + i] = (float) y[i];
      }
    }
    int[] shape = new int[outShape.length + 1];
    shape[0] = samples;
    System.arraycopy(outShape, 0, shape, 1, outShape.length);
    return FloatTensor.wrap(out, shape);
  }

  private static double[] run(List<Layer> layers, int[] shape, double[] x) {
    for (Layer l : layers) {
      x = layer(l, shape, x);
      shape = l.outputShape(shape);
    }
    return x;
  }

  private static double[] layer(Layer l, int[] s, double[] x) {
    if (l instanceof Conv2d c) {
      return conv(c, s, x);
    }
    if (l instanceof Linear lin) {
      int out = lin.outFeatures();
      int in = lin.inFeatures();
      double[] y = new double[out];
      for (int o = 0; o < out; o++) {
        double acc = lin.bias() == null ? 0 : lin.bias().get(o);
        for (int i = 0; i < in; i++) {
          float w = lin.weight().get(o * in + i);
          if (w != 0) {
            acc += w * x[i];
          }
        }
        y[o] = acc;
      }
      return y;
    }
    if (l instanceof BatchNorm2d bn) {
      double[] y = x.clone();
      int per = x.length / s[0];
      for (int c = 0; c < s[0]; c++) {
        double mul = bn.gamma().get(c) / Math.sqrt(bn.runningVar().get(c) + bn.eps());
        for (int p = 0; p < per; p++) {
          y[c * per + p] = (x[c * per + p] - bn.runningMean().get(c)) * mul + bn.beta().get(c);
        }
      }
      return y;
    }
    if (l instanceof ChannelScale cs) {
      double[] y = x.clone();
      int per = x.length / s[0];
      for (int i = 0; i < y.length; i++) {
        y[i] *= cs.scale().get(i / per);
      }
      return y;
    }
    if (l instanceof Activation a) {
      double[] y = new double[x.length];
      for (int i = 0; i < y.length; i++) {
        y[i] = a.apply(x[i]);
      }
      return y;
    }
    if (l instanceof Flatten) {
      return x;
    }
    if (l instanceof GlobalAvgPool) {
      int per = x.length / s[0];
      double[] y = new double[s[0]];
      for (int c = 0; c < s[0]; c++) {
        double acc = 0;
        for (int p = 0; p < per; p++) {
          acc += x[c * per + p];
        }
        y[c] = acc / per;
      }
      return y;
    }
    if (l instanceof AvgPool2d p) {
      int[] o = p.outputShape(s);
      double[] y = new double[o[0] * o[1] * o[2]];
      for (int c = 0; c < o[0]; c++) {
        for (int i = 0; i < o[1]; i++) {
          for (int j = 0; j < o[2]; j++) {
            double acc = 0;
            for (int a = 0; a < p.kernel(); a++) {
              for (int b = 0; b < p.kernel(); b++) {
                acc += x[(c * s[1] + i * p.stride() + a) * s[2] + j * p.stride() + b];
              }
            }
            y[(c * o[1] + i) * o[2] + j] = acc / (p.kernel() * p.kernel());
          }
        }
      }
      return y;
    }
    if (l instanceof ResidualBlock b) {
      double[] main = run(b.body(), s, x);
      double[] side = run(b.shortcut(), s, x);
      double[] y = new double[main.length];
      for (int i = 0; i < y.length; i++) {
        y[i] = b.after().apply(main[i] + side[i]);
      }
      return y;
    }
    throw new IllegalArgumentException("reference forward does not know " + l);
  }

  private static double[] conv(Conv2d c, int[] s, double[] x) {
    int[] o = c.outputShape(s);
    int kh = c.kernelHeight();
    int kw = c.kernelWidth();
    int in = c.inChannels();
    double[] y = new double[o[0] * o[1] * o[2]];
    for (int oc = 0; oc < o[0]; oc++) {
      double b = c.bias() == null ? 0 : c.bias().get(oc);
      for (int i = 0; i < o[1] * o[2]; i++) {
        y[oc * o[1] * o[2] + i] = b;
      }
      for (int ic = 0; ic < in; ic++) {
        for (int a = 0; a < kh; a++) {
          for (int bb = 0; bb < kw; bb++) {
            float w = c.weight().get(((oc * in + ic) * kh + a) * kw + bb);
            if (w == 0) {
              continue;
            }
            for (int i = 0; i < o[1]; i++) {
              int yi = i * c.stride() - c.padding() + a;
              if (yi < 0 || yi >= s[1]) {
                continue;
              }
              for (int j = 0; j < o[2]; j++) {
                int xj = j * c.stride() - c.padding() + bb;
                if (xj < 0 || xj >= s[2]) {
                  continue;
                }
                y[(oc * o[1] + i) * o[2] + j] += w * x[(ic * s[1] + yi) * s[2] + xj];
              }
            }
          }
        }
      }
    }
    return y;
  }
}
