package org.ltcheck.gpu.backend.cpu;

import java.nio.FloatBuffer;

/**
 * Batch normalisation over (batch, channels, spatial); one task per channel, statistics in
 * double precision with two passes (mean, then centred sum of squares) for accuracy. Each
 * image's plane of a channel is copied to a heap array in bulk and summed with four interleaved
 * double accumulators (a fixed order, so results stay deterministic) rather than one long
 * chain of dependent additions, which made the sums latency-bound.
 */
final class NormKernels {
  private final Parallel parallel;

  NormKernels(Parallel parallel) {
    this.parallel = parallel;
  }

  /** Sum of a[0..n) in double, four interleaved partial sums. */
  private static double sum(float[] a, int n) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = 0;
    for (; i + 3 < n; i += 4) {
      s0 += a[i];
      s1 += a[i + 1];
      s2 += a[i + 2];
      s3 += a[i + 3];
    }
    for (; i < n; i++) {
      s0 += a[i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** Sum of (a[i] - mean)² over [0, n) in double, four interleaved partial sums. */
  private static double centredSquares(float[] a, int n, double mean) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = 0;
    for (; i + 3 < n; i += 4) {
      double d0 = a[i] - mean;
      double d1 = a[i + 1] - mean;
      double d2 = a[i + 2] - mean;
      double d3 = a[i + 3] - mean;
      s0 += d0 * d0;
      s1 += d1 * d1;
      s2 += d2 * d2;
      s3 += d3 * d3;
    }
    for (; i < n; i++) {
      double d = a[i] - mean;
      s0 += d * d;
    }
    return (s0 + s1) + (s2 + s3);
  }

  void trainForward(
      FloatBuffer x, int batch, int channels, int spatial, FloatBuffer gamma, FloatBuffer beta,
      FloatBuffer runMean, FloatBuffer runVar, float momentum, float eps, FloatBuffer y,
      FloatBuffer saveMean, FloatBuffer saveInvStd) {
    long m = (long) batch * spatial;
    parallel.forEach(channels, m * channels, c -> {
      float[] plane = new float[spatial];
      double sum = 0;
      for (int n = 0; n < batch; n++) {
        x.get((n * channels + c) * spatial, plane, 0, spatial);
        sum += sum(plane, spatial);
      }
      double mean = sum / m;
      double sq = 0;
      for (int n = 0; n < batch; n++) {
        x.get((n * channels + c) * spatial, plane, 0, spatial);
        sq += centredSquares(plane, spatial, mean);
      }
      double var = sq / m;
      float invStd = (float) (1.0 / Math.sqrt(var + eps));
      float meanF = (float) mean;
      float g = gamma.get(c);
      float b = beta.get(c);
      for (int n = 0; n < batch; n++) {
        int base = (n * channels + c) * spatial;
        x.get(base, plane, 0, spatial);
        for (int i = 0; i < spatial; i++) {
          plane[i] = (plane[i] - meanF) * invStd * g + b;
        }
        y.put(base, plane, 0, spatial);
      }
      saveMean.put(c, meanF);
      saveInvStd.put(c, invStd);
      double unbiased = m > 1 ? sq / (m - 1) : var;
      runMean.put(c, (float) ((1 - momentum) * runMean.get(c) + momentum * mean));
      runVar.put(c, (float) ((1 - momentum) * runVar.get(c) + momentum * unbiased));
    });
  }

  void inferenceForward(
      FloatBuffer x, int batch, int channels, int spatial, FloatBuffer gamma, FloatBuffer beta,
      FloatBuffer runMean, FloatBuffer runVar, float eps, FloatBuffer y) {
    parallel.forEach(batch * channels, (long) batch * channels * spatial, task -> {
      int c = task % channels;
      float scale = (float) (gamma.get(c) / Math.sqrt(runVar.get(c) + (double) eps));
      float shift = beta.get(c) - runMean.get(c) * scale;
      int base = task * spatial;
      float[] plane = new float[spatial];
      x.get(base, plane, 0, spatial);
      for (int i = 0; i < spatial; i++) {
        plane[i] = plane[i] * scale + shift;
      }
      y.put(base, plane, 0, spatial);
    });
  }

  void backward(
      FloatBuffer x, FloatBuffer dy, int batch, int channels, int spatial, FloatBuffer gamma,
      FloatBuffer saveMean, FloatBuffer saveInvStd, FloatBuffer dx, FloatBuffer dGamma, FloatBuffer dBeta) {
    long m = (long) batch * spatial;
    parallel.forEach(channels, m * channels, c -> {
      float mean = saveMean.get(c);
      float invStd = saveInvStd.get(c);
      float[] xs = new float[spatial];
      float[] gs = new float[spatial];
      double sumDy = 0;
      double sumDyXhat = 0;
      for (int n = 0; n < batch; n++) {
        int base = (n * channels + c) * spatial;
        x.get(base, xs, 0, spatial);
        dy.get(base, gs, 0, spatial);
        double a0 = 0;
        double a1 = 0;
        double b0 = 0;
        double b1 = 0;
        int i = 0;
        for (; i + 1 < spatial; i += 2) {
          float g0 = gs[i];
          float g1 = gs[i + 1];
          a0 += g0;
          a1 += g1;
          b0 += g0 * ((xs[i] - mean) * invStd);
          b1 += g1 * ((xs[i + 1] - mean) * invStd);
        }
        for (; i < spatial; i++) {
          float g0 = gs[i];
          a0 += g0;
          b0 += g0 * ((xs[i] - mean) * invStd);
        }
        sumDy += a0 + a1;
        sumDyXhat += b0 + b1;
      }
      dBeta.put(c, (float) sumDy);
      dGamma.put(c, (float) sumDyXhat);
      float k = gamma.get(c) * invStd;
      float meanDy = (float) (sumDy / m);
      float meanDyXhat = (float) (sumDyXhat / m);
      for (int n = 0; n < batch; n++) {
        int base = (n * channels + c) * spatial;
        x.get(base, xs, 0, spatial);
        dy.get(base, gs, 0, spatial);
        for (int i = 0; i < spatial; i++) {
          float xhat = (xs[i] - mean) * invStd;
          gs[i] = k * (gs[i] - meanDy - xhat * meanDyXhat);
        }
        dx.put(base, gs, 0, spatial);
      }
    });
  }
}
