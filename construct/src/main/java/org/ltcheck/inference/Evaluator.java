package org.ltcheck.inference;

import org.ltcheck.data.Dataset;
import org.ltcheck.tensor.FloatTensor;

/**
 * Runs an engine over a whole data set in batches, so that memory stays bounded by one batch of
 * activations and a caller can report progress between batches.
 */
public final class Evaluator {
  /** Batch size that keeps per-batch buffers small while amortising the thread hand-off. */
  public static final int DEFAULT_BATCH = 500;

  private final InferenceEngine engine;
  private final int batchSize;

  public Evaluator(InferenceEngine engine, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    this.engine = engine;
    this.batchSize = batchSize;
  }

  public Evaluator(InferenceEngine engine) {
    this(engine, DEFAULT_BATCH);
  }

  /** All outputs, shape (N, outputs...). */
  public FloatTensor logits(Dataset data, ProgressListener listener) {
    int n = data.size();
    int per = Math.toIntExact(FloatTensor.numelOf(engine.outputShape()));
    float[] all = new float[Math.multiplyExact(n, per)];
    for (int from = 0; from < n; from += batchSize) {
      int to = Math.min(n, from + batchSize);
      engine.forward(data.batch(from, to)).copyTo(all, from * per);
      listener.processed(to, n);
    }
    int[] shape = engine.outputShape();
    int[] full = new int[shape.length + 1];
    full[0] = n;
    System.arraycopy(shape, 0, full, 1, shape.length);
    return FloatTensor.wrap(all, full);
  }

  /** Top-1 predictions and the number of correct ones. */
  public Evaluation evaluate(Dataset data, ProgressListener listener) {
    int n = data.size();
    int[] predictions = new int[n];
    int correct = 0;
    for (int from = 0; from < n; from += batchSize) {
      int to = Math.min(n, from + batchSize);
      FloatTensor out = engine.forward(data.batch(from, to));
      int classes = out.size() / (to - from);
      for (int i = from; i < to; i++) {
        predictions[i] = argmax(out, (i - from) * classes, classes);
        if (predictions[i] == data.label(i)) {
          correct++;
        }
      }
      listener.processed(to, n);
    }
    return new Evaluation(predictions, correct, data.description());
  }

  public Evaluation evaluate(Dataset data) {
    return evaluate(data, ProgressListener.NONE);
  }

  /** Index of the first maximal value among {@code t[off, off + n)}, ignoring NaN; -1 if all NaN. */
  static int argmax(FloatTensor t, int off, int n) {
    int best = -1;
    float max = Float.NEGATIVE_INFINITY;
    for (int k = 0; k < n; k++) {
      float v = t.get(off + k);
      if (v > max || (best < 0 && v == max)) {
        max = v;
        best = k;
      }
    }
    return best;
  }
}
