package org.ltcheck.gpu.backend.cpu;

import java.nio.FloatBuffer;
import org.ltcheck.model.PoolWindow;
import org.ltcheck.model.SlidingWindow;

/**
 * Per-channel operations on tensors viewed as (outer, channels, inner), and pooling. Reductions
 * run over one channel inside one task in a fixed order, in double precision (rows copied in
 * bulk, four interleaved accumulators per row).
 */
final class ChannelKernels {
  private final Parallel parallel;

  ChannelKernels(Parallel parallel) {
    this.parallel = parallel;
  }

  void addChannelBias(FloatBuffer y, FloatBuffer bias, int outer, int channels, int inner) {
    parallel.forEach(outer * channels, (long) outer * channels * inner, task -> {
      float bv = bias.get(task % channels);
      int base = task * inner;
      for (int i = 0; i < inner; i++) {
        y.put(base + i, y.get(base + i) + bv);
      }
    });
  }

  void channelSum(FloatBuffer x, int outer, int channels, int inner, FloatBuffer out) {
    parallel.forEach(channels, (long) outer * channels * inner, c -> {
      float[] row = new float[inner];
      double sum = 0;
      for (int o = 0; o < outer; o++) {
        x.get((o * channels + c) * inner, row, 0, inner);
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < inner; i += 4) {
          s0 += row[i];
          s1 += row[i + 1];
          s2 += row[i + 2];
          s3 += row[i + 3];
        }
        for (; i < inner; i++) {
          s0 += row[i];
        }
        sum += (s0 + s1) + (s2 + s3);
      }
      out.put(c, (float) sum);
    });
  }

  void scaleChannels(FloatBuffer x, FloatBuffer scale, int outer, int channels, int inner, FloatBuffer y) {
    parallel.forEach(outer * channels, (long) outer * channels * inner, task -> {
      float sv = scale.get(task % channels);
      int base = task * inner;
      for (int i = 0; i < inner; i++) {
        y.put(base + i, x.get(base + i) * sv);
      }
    });
  }

  void channelDot(FloatBuffer a, FloatBuffer b, int outer, int channels, int inner, FloatBuffer out) {
    parallel.forEach(channels, (long) outer * channels * inner, c -> {
      float[] ra = new float[inner];
      float[] rb = new float[inner];
      double sum = 0;
      for (int o = 0; o < outer; o++) {
        int base = (o * channels + c) * inner;
        a.get(base, ra, 0, inner);
        b.get(base, rb, 0, inner);
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < inner; i += 4) {
          s0 += (double) ra[i] * rb[i];
          s1 += (double) ra[i + 1] * rb[i + 1];
          s2 += (double) ra[i + 2] * rb[i + 2];
          s3 += (double) ra[i + 3] * rb[i + 3];
        }
        for (; i < inner; i++) {
          s0 += (double) ra[i] * rb[i];
        }
        sum += (s0 + s1) + (s2 + s3);
      }
      out.put(c, (float) sum);
    });
  }

  void avgPoolForward(FloatBuffer x, int planes, int h, int w, int k, int s, FloatBuffer y) {
    int oh = SlidingWindow.outputSize(h, k, s, 0);
    int ow = SlidingWindow.outputSize(w, k, s, 0);
    float inv = 1f / (k * k);
    parallel.forEach(planes, (long) planes * h * w, p -> {
      int in = p * h * w;
      int out = p * oh * ow;
      for (int r = 0; r < oh; r++) {
        for (int q = 0; q < ow; q++) {
          float sum = 0;
          for (int i = 0; i < k; i++) {
            int row = in + (r * s + i) * w + q * s;
            for (int j = 0; j < k; j++) {
              sum += x.get(row + j);
            }
          }
          y.put(out + r * ow + q, sum * inv);
        }
      }
    });
  }

  void avgPoolBackward(FloatBuffer dy, int planes, int h, int w, int k, int s, FloatBuffer dx) {
    int oh = SlidingWindow.outputSize(h, k, s, 0);
    int ow = SlidingWindow.outputSize(w, k, s, 0);
    float inv = 1f / (k * k);
    parallel.forEach(planes, (long) planes * h * w, p -> {
      float[] acc = new float[h * w];
      int out = p * oh * ow;
      for (int r = 0; r < oh; r++) {
        for (int q = 0; q < ow; q++) {
          float g = dy.get(out + r * ow + q) * inv;
          for (int i = 0; i < k; i++) {
            int row = (r * s + i) * w + q * s;
            for (int j = 0; j < k; j++) {
              acc[row + j] += g;
            }
          }
        }
      }
      dx.put(p * h * w, acc, 0, acc.length);
    });
  }

  void maxPoolForward(FloatBuffer x, PoolWindow window, FloatBuffer y) {
    int hw = window.inHeight() * window.inWidth();
    int oh = window.outHeight();
    int ow = window.outWidth();
    parallel.forEach(window.channels(), (long) window.channels() * hw, p -> {
      for (int r = 0; r < oh; r++) {
        for (int q = 0; q < ow; q++) {
          y.put((p * oh + r) * ow + q, x.get(p * hw + argmax(x, p * hw, window, r, q)));
        }
      }
    });
  }

  void maxPoolBackward(FloatBuffer x, FloatBuffer dy, PoolWindow window, FloatBuffer dx) {
    int hw = window.inHeight() * window.inWidth();
    int oh = window.outHeight();
    int ow = window.outWidth();
    parallel.forEach(window.channels(), (long) window.channels() * hw, p -> {
      float[] acc = new float[hw];
      for (int r = 0; r < oh; r++) {
        for (int q = 0; q < ow; q++) {
          acc[argmax(x, p * hw, window, r, q)] += dy.get((p * oh + r) * ow + q);
        }
      }
      dx.put(p * hw, acc, 0, acc.length);
    });
  }

  /**
   * Offset in its plane of window (r, q)'s first largest input, the last NaN if any (PyTorch's
   * rule; max_pool_argmax in the CUDA source is the same loop).
   */
  private static int argmax(FloatBuffer x, int plane, PoolWindow window, int r, int q) {
    int w = window.inWidth();
    int best = window.firstRow(r) * w + window.firstColumn(q);
    float max = Float.NEGATIVE_INFINITY;
    for (int y = window.firstRow(r); y < window.endRow(r); y++) {
      for (int c = window.firstColumn(q); c < window.endColumn(q); c++) {
        float v = x.get(plane + y * w + c);
        if (v > max || Float.isNaN(v)) {
          max = v;
          best = y * w + c;
        }
      }
    }
    return best;
  }

  void globalAvgPoolForward(FloatBuffer x, int planes, int spatial, FloatBuffer y) {
    parallel.forEach(planes, (long) planes * spatial, p -> {
      double sum = 0;
      int base = p * spatial;
      for (int i = 0; i < spatial; i++) {
        sum += x.get(base + i);
      }
      y.put(p, (float) (sum / spatial));
    });
  }

  void globalAvgPoolBackward(FloatBuffer dy, int planes, int spatial, FloatBuffer dx) {
    parallel.forEach(planes, (long) planes * spatial, p -> {
      float g = dy.get(p) / spatial;
      int base = p * spatial;
      for (int i = 0; i < spatial; i++) {
        dx.put(base + i, g);
      }
    });
  }
}
