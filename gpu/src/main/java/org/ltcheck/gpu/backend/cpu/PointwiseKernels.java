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
   * -1 (all bits) where the float with raw bits {@code bits} is > 0 (+Inf included), else 0 (for
   * zeros of either sign, negatives and NaN): exactly {@code v > 0}, without a branch. ReLU's
   * sign is a coin flip on real data, and a mispredicted branch per element made the
   * activations cost ten times more than the arithmetic.
   */
  private static int positiveMask(int bits) {
    int m1 = bits - 1; // in [0, 0x7f7fffff] exactly for 0 < v <= +Inf
    return ((m1 - 0x7f800000) & ~m1) >> 31;
  }

  void activationForward(ActivationKind kind, float slope, FloatBuffer x, FloatBuffer y, int n) {
    if (kind == ActivationKind.RELU || kind == ActivationKind.LEAKY_RELU) {
      boolean leaky = kind == ActivationKind.LEAKY_RELU;
      parallel.forRange(n, (from, to) -> {
        float[] in = new float[CHUNK];
        float[] out = new float[CHUNK];
        for (int s = from; s < to; s += CHUNK) {
          int len = Math.min(CHUNK, to - s);
          x.get(s, in, 0, len);
          for (int i = 0; i < len; i++) {
            float v = in[i];
            int bits = Float.floatToRawIntBits(v);
            int m = positiveMask(bits);
            int neg = leaky ? Float.floatToRawIntBits(slope * v) : 0; // v > 0 ? v : slope*v (or +0)
            out[i] = Float.intBitsToFloat((bits & m) | (neg & ~m));
          }
          y.put(s, out, 0, len);
        }
      });
      return;
    }
    parallel.forRange(n, (from, to) -> {
      for (int i = from; i < to; i++) {
        float v = x.get(i);
        y.put(i, switch (kind) {
          case TANH -> (float) Math.tanh(v);
          case SIGMOID -> (float) (1.0 / (1.0 + Math.exp(-v)));
          case IDENTITY -> v;
          case RELU, LEAKY_RELU -> throw new AssertionError(kind);
        });
      }
    });
  }

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
          for (int i = 0; i < len; i++) {
            float g = grads[i];
            int m = positiveMask(Float.floatToRawIntBits(outs[i]));
            int neg = leaky ? Float.floatToRawIntBits(slope * g) : 0; // out > 0 ? g : slope*g (or +0)
            res[i] = Float.intBitsToFloat((Float.floatToRawIntBits(g) & m) | (neg & ~m));
          }
          dx.put(s, res, 0, len);
        }
      });
      return;
    }
    parallel.forRange(n, (from, to) -> {
      for (int i = from; i < to; i++) {
        float out = y.get(i);
        float g = dy.get(i);
        dx.put(i, switch (kind) {
          case TANH -> g * (1 - out * out);
          case SIGMOID -> g * out * (1 - out);
          case IDENTITY -> g;
          case RELU, LEAKY_RELU -> throw new AssertionError(kind);
        });
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
