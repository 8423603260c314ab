package org.ltcheck.gpu.backend.cpu;

import java.nio.FloatBuffer;

/**
 * Batch normalisation over (batch, channels, spatial); one task per channel, statistics in
 * double precision with two passes (mean, then centred sum of squares) for accuracy.
 */
final class NormKernels {
  private final Parallel parallel;

  NormKernels(Parallel parallel) {
    this.parallel = parallel;
  }

  void trainForward(
      FloatBuffer x, int batch, int channels, int spatial, FloatBuffer gamma, FloatBuffer beta,
      FloatBuffer runMean, FloatBuffer runVar, float momentum, float eps, FloatBuffer y,
      FloatBuffer saveMean, FloatBuffer saveInvStd) {
    long m = (long) batch * spatial;
    parallel.forEach(channels, m * channels, c -> {
      double sum = 0;
      for (int n = 0; n < batch; n++) {
        int base = (n * channels + c) * spatial;
        for (int i = 0; i < spatial; i++) {
          sum += x.get(base + i);
        }
      }
      double mean = sum / m;
      double sq = 0;
      for (int n = 0; n < batch; n++) {
        int base = (n * channels + c) * spatial;
        for (int i = 0; i < spatial; i++) {
          double d = x.get(base + i) - mean;
          sq += d * d;
        }
      }
      double var = sq / m;
      float invStd = (float) (1.0 / Math.sqrt(var + eps));
      float meanF = (float) mean;
      float g = gamma.get(c);
      float b = beta.get(c);
      for (int n = 0; n < batch; n++) {
        int base = (n * channels + c) * spatial;
        for (int i = 0; i < spatial; i++) {
          y.put(base + i, (x.get(base + i) - meanF) * invStd * g + b);
        }
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
      for (int i = 0; i < spatial; i++) {
        y.put(base + i, x.get(base + i) * scale + shift);
      }
    });
  }

  void backward(
      FloatBuffer x, FloatBuffer dy, int batch, int channels, int spatial, FloatBuffer gamma,
      FloatBuffer saveMean, FloatBuffer saveInvStd, FloatBuffer dx, FloatBuffer dGamma, FloatBuffer dBeta) {
    long m = (long) batch * spatial;
    parallel.forEach(channels, m * channels, c -> {
      float mean = saveMean.get(c);
      float invStd = saveInvStd.get(c);
      double sumDy = 0;
      double sumDyXhat = 0;
      for (int n = 0; n < batch; n++) {
        int base = (n * channels + c) * spatial;
        for (int i = 0; i < spatial; i++) {
          float g = dy.get(base + i);
          sumDy += g;
          sumDyXhat += g * ((x.get(base + i) - mean) * invStd);
        }
      }
      dBeta.put(c, (float) sumDy);
      dGamma.put(c, (float) sumDyXhat);
      float k = gamma.get(c) * invStd;
      float meanDy = (float) (sumDy / m);
      float meanDyXhat = (float) (sumDyXhat / m);
      for (int n = 0; n < batch; n++) {
        int base = (n * channels + c) * spatial;
        for (int i = 0; i < spatial; i++) {
          float xhat = (x.get(base + i) - mean) * invStd;
          dx.put(base + i, k * (dy.get(base + i) - meanDy - xhat * meanDyXhat));
        }
      }
    });
  }
}
