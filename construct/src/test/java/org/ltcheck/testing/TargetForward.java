package org.ltcheck.testing;

import java.util.List;
import org.ltcheck.build.TargetLayer;
import org.ltcheck.build.TargetSkip;
import org.ltcheck.inference.NaiveReference;
import org.ltcheck.model.MaxPool2d;
import org.ltcheck.model.Network;

/**
 * Evaluates the folded target layers of {@link org.ltcheck.build.TargetLayers} directly, in
 * double precision, returning every layer's output: the tests' view of what each mother layer
 * must reproduce.
 */
public final class TargetForward {
  private TargetForward() {}

  /**
   * @return outputs[s + 1] = output of target layer s (after its activation), outputs[0] = x
   */
  public static double[][] outputs(List<TargetLayer> layers, int[] inputShape, double[] x) {
    double[][] out = new double[layers.size() + 1][];
    int[] heights = new int[layers.size() + 1];
    int[] widths = new int[layers.size() + 1];
    out[0] = x;
    heights[0] = inputShape.length == 3 ? inputShape[1] : 1;
    widths[0] = inputShape.length == 3 ? inputShape[2] : 1;
    for (int l = 0; l < layers.size(); l++) {
      TargetLayer t = layers.get(l);
      double[] in = out[l];
      if (t.maxPool() != null) {
        in = maxPool(in, t.inChannels(), heights[l], widths[l], t.maxPool());
      }
      if (t.before() == TargetLayer.Reshape.GLOBAL_AVG_POOL) {
        in = pool(in, t.inChannels());
      }
      double[] y = t.kind() == TargetLayer.Kind.CONV ? conv(t, in) : dense(t, in);
      int oh = t.outputHeight();
      int ow = t.outputWidth();
      if (t.hasSkip()) {
        TargetSkip s = t.skip();
        double[] src = out[s.source() + 1];
        int sh = heights[s.source() + 1];
        int sw = widths[s.source() + 1];
        for (int j = 0; j < t.outChannels(); j++) {
          for (int i = 0; i < s.inChannels(); i++) {
            double w = s.weight(j, i);
            if (w == 0) {
              continue;
            }
            for (int a = 0; a < oh; a++) {
              for (int b = 0; b < ow; b++) {
                y[(j * oh + a) * ow + b] += w * src[(i * sh + a * s.stride()) * sw + b * s.stride()];
              }
            }
          }
        }
      }
      for (int k = 0; k < y.length; k++) {
        y[k] = t.activation().apply(y[k]);
      }
      out[l + 1] = y;
      heights[l + 1] = oh;
      widths[l + 1] = ow;
    }
    return out;
  }

  /** Max pooling of a (C, H, W) map, as PyTorch does it. */
  public static double[] maxPool(double[] in, int channels, int height, int width, MaxPool2d pool) {
    return NaiveReference.forward(new Network(new int[] {channels, height, width}, List.of(pool)), in);
  }

  /** Global average pooling of a (C, positions) map. */
  public static double[] pool(double[] in, int channels) {
    int per = in.length / channels;
    double[] y = new double[channels];
    for (int c = 0; c < channels; c++) {
      double acc = 0;
      for (int p = 0; p < per; p++) {
        acc += in[c * per + p];
      }
      y[c] = acc / per;
    }
    return y;
  }

  private static double[] conv(TargetLayer t, double[] in) {
    int h = t.inputHeight();
    int w = t.inputWidth();
    int oh = t.outputHeight();
    int ow = t.outputWidth();
    double[] y = new double[t.outChannels() * oh * ow];
    for (int j = 0; j < t.outChannels(); j++) {
      for (int a = 0; a < oh; a++) {
        for (int b = 0; b < ow; b++) {
          double acc = t.bias(j);
          for (int i = 0; i < t.inChannels(); i++) {
            for (int ky = 0; ky < t.kernelHeight(); ky++) {
              int yy = a * t.stride() - t.padding() + ky;
              if (yy < 0 || yy >= h) {
                continue;
              }
              for (int kx = 0; kx < t.kernelWidth(); kx++) {
                int xx = b * t.stride() - t.padding() + kx;
                if (xx >= 0 && xx < w) {
                  acc += t.weight(j, i, ky * t.kernelWidth() + kx) * in[(i * h + yy) * w + xx];
                }
              }
            }
          }
          y[(j * oh + a) * ow + b] = acc;
        }
      }
    }
    return y;
  }

  private static double[] dense(TargetLayer t, double[] in) {
    int positions = t.positions();
    double[] y = new double[t.outChannels()];
    for (int j = 0; j < y.length; j++) {
      double acc = t.bias(j);
      for (int i = 0; i < t.inChannels(); i++) {
        for (int p = 0; p < positions; p++) {
          acc += t.weight(j, i, p) * in[i * positions + p];
        }
      }
      y[j] = acc;
    }
    return y;
  }
}
