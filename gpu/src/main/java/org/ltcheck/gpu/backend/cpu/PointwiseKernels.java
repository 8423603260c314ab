package org.ltcheck.gpu.backend.cpu;

import java.nio.FloatBuffer;
import org.ltcheck.gpu.backend.BackendChecks;
import org.ltcheck.theory.ActivationKind;

/** Element-wise operations: split into contiguous chunks, each element written by one task. */
final class PointwiseKernels {
  private final Parallel parallel;

  PointwiseKernels(Parallel parallel) {
    this.parallel = parallel;
  }

  void fill(FloatBuffer t, int n, float v) {
    parallel.forRange(n, (from, to) -> {
      for (int i = from; i < to; i++) {
        t.put(i, v);
      }
    });
  }

  void copy(FloatBuffer src, FloatBuffer dst, int n) {
    parallel.forRange(n, (from, to) -> dst.put(from, src, from, to - from));
  }

  void scale(FloatBuffer t, int n, float alpha) {
    parallel.forRange(n, (from, to) -> {
      for (int i = from; i < to; i++) {
        t.put(i, t.get(i) * alpha);
      }
    });
  }

  void add(FloatBuffer a, FloatBuffer b, FloatBuffer out, int n) {
    parallel.forRange(n, (from, to) -> {
      for (int i = from; i < to; i++) {
        out.put(i, a.get(i) + b.get(i));
      }
    });
  }

  void axpy(float alpha, FloatBuffer x, FloatBuffer y, int n) {
    parallel.forRange(n, (from, to) -> {
      for (int i = from; i < to; i++) {
        y.put(i, y.get(i) + alpha * x.get(i));
      }
    });
  }

  void multiply(FloatBuffer t, FloatBuffer mask, int n) {
    parallel.forRange(n, (from, to) -> {
      for (int i = from; i < to; i++) {
        float m = mask.get(i);
        t.put(i, m == 0f ? 0f : t.get(i) * m);
      }
    });
  }

  /** Elements per heap chunk of the branch-free activation loops (three arrays stay in L1). */
  private static final int CHUNK = 2048;

  /**
   * φ(x) element by element through {@link ActivationKind}'s float32 functions (the ones the
   * inference engine uses, so training and inference agree bit for bit except that ReLU maps NaN
   * to +0 here). ReLU and LeakyReLU run branch-free over heap chunks.
   */
  void activationForward(ActivationKind kind, float slope, FloatBuffer x, FloatBuffer y, int n) {
    if (kind == ActivationKind.RELU || kind == ActivationKind.LEAKY_RELU) {
      boolean leaky = kind == ActivationKind.LEAKY_RELU;
      parallel.forRange(n, (from, to) -> {
        float[] in = new float[CHUNK];
        float[] out = new float[CHUNK];
        for (int s = from; s < to; s += CHUNK) {
          int len = Math.min(CHUNK, to - s);
          x.get(s, in, 0, len);
          // x·1[x > 0], ReLU through its own gradient mask: the backend contract (the CUDA
          // kernel's too) maps NaN to +0, where the inference's ActivationKind.relu keeps it;
          // on every other float the two agree bit for bit.
          if (leaky) {
            for (int i = 0; i < len; i++) {
              out[i] = ActivationKind.leakyReluGradient(in[i], in[i], slope);
            }
          } else {
            for (int i = 0; i < len; i++) {
              out[i] = ActivationKind.reluGradient(in[i], in[i]);
            }
          }
          y.put(s, out, 0, len);
        }
      });
      return;
    }
    parallel.forRange(n, (from, to) -> {
      for (int i = from; i < to; i++) {
        y.put(i, kind.apply(x.get(i), slope));
      }
    });
  }

  /** g·φ'(x) from the output y through {@link ActivationKind}'s gradients (branch-free for ReLU). */
  void activationBackward(ActivationKind kind, float slope, FloatBuffer y, FloatBuffer dy, FloatBuffer dx, int n) {
    if (kind == ActivationKind.RELU || kind == ActivationKind.LEAKY_RELU) {
      boolean leaky = kind == ActivationKind.LEAKY_RELU;
      parallel.forRange(n, (from, to) -> {
        float[] outs = new float[CHUNK];
        float[] grads = new float[CHUNK];
        float[] res = new float[CHUNK];
        for (int s = from; s < to; s += CHUNK) {
          int len = Math.min(CHUNK, to - s);
          y.get(s, outs, 0, len);
          dy.get(s, grads, 0, len);
          if (leaky) {
            for (int i = 0; i < len; i++) {
              res[i] = ActivationKind.leakyReluGradient(outs[i], grads[i], slope);
            }
          } else {
            for (int i = 0; i < len; i++) {
              res[i] = ActivationKind.reluGradient(outs[i], grads[i]);
            }
          }
          dx.put(s, res, 0, len);
        }
      });
      return;
    }
    parallel.forRange(n, (from, to) -> {
      for (int i = from; i < to; i++) {
        dx.put(i, kind.gradient(y.get(i), dy.get(i), slope));
      }
    });
  }

  void sgd(FloatBuffer p, FloatBuffer g, FloatBuffer vel, int n, float lr, float momentum, float wd) {
    parallel.forRange(n, (from, to) -> {
      for (int i = from; i < to; i++) {
        float pv = p.get(i);
        float d = g.get(i) + wd * pv;
        if (momentum != 0f) {
          d = momentum * vel.get(i) + d;
          vel.put(i, d);
        }
        p.put(i, pv - lr * d);
      }
    });
  }

  void adam(
      FloatBuffer p, FloatBuffer g, FloatBuffer m, FloatBuffer v, int n,
      BackendChecks.AdamCorrection bc, float beta1, float beta2, float eps, float wd) {
    float stepSize = bc.stepSize();
    float sqrtBc2 = bc.sqrtBias2();
    parallel.forRange(n, (from, to) -> {
      for (int i = from; i < to; i++) {
        float pv = p.get(i);
        float d = g.get(i) + wd * pv;
        float mi = beta1 * m.get(i) + (1 - beta1) * d;
        float vi = beta2 * v.get(i) + (1 - beta2) * d * d;
        m.put(i, mi);
        v.put(i, vi);
        p.put(i, pv - stepSize * mi / ((float) Math.sqrt(vi) / sqrtBc2 + eps));
      }
    });
  }

  /** Softmax cross-entropy; rows are independent, the statistics are summed in row order. */
  void softmaxCrossEntropy(
      FloatBuffer logits, FloatBuffer labels, int batch, int classes, FloatBuffer dLogits,
      float gradScale, FloatBuffer stats) {
    double[] rowLoss = new double[batch];
    boolean[] rowCorrect = new boolean[batch];
    parallel.forEach(batch, (long) batch * classes * 8, r -> {
      int base = r * classes;
      int label = (int) labels.get(r);
      if (label < 0 || label >= classes || label != labels.get(r)) {
        throw new IllegalArgumentException("label " + labels.get(r) + " of row " + r + " is not a class in [0, " + classes + ")");
      }
      float max = Float.NEGATIVE_INFINITY;
      int arg = 0;
      for (int j = 0; j < classes; j++) {
        float v = logits.get(base + j);
        if (v > max) {
          max = v;
          arg = j;
        }
      }
      double sum = 0;
      for (int j = 0; j < classes; j++) {
        sum += Math.exp(logits.get(base + j) - max);
      }
      double logSum = Math.log(sum);
      rowLoss[r] = logSum - (logits.get(base + label) - max);
      rowCorrect[r] = arg == label;
      if (dLogits != null) {
        for (int j = 0; j < classes; j++) {
          double pj = Math.exp(logits.get(base + j) - max - logSum);
          dLogits.put(base + j, (float) (gradScale * (pj - (j == label ? 1 : 0))));
        }
      }
    });
    double loss = 0;
    int correct = 0;
    for (int r = 0; r < batch; r++) {
      loss += rowLoss[r];
      correct += rowCorrect[r] ? 1 : 0;
    }
    stats.put(0, (float) (stats.get(0) + loss));
    stats.put(1, stats.get(1) + correct);
  }
}
