package org.ltcheck.assess;

import org.ltcheck.data.Dataset;
import org.ltcheck.inference.Evaluator;
import org.ltcheck.inference.InferenceEngine;
import org.ltcheck.inference.ProgressListener;
import org.ltcheck.model.Network;
import org.ltcheck.tensor.FloatTensor;

/**
 * Runs a target and its ticket over the same images and compares their outputs: accuracy of
 * each, top-1 agreement and the largest logit difference, the measured counterpart of the
 * certificate's error bound.
 */
public final class TicketComparison {
  private TicketComparison() {}

  /**
   * @param progress told the images processed, counting the target pass then the ticket pass
   *     (total 2·N)
   */
  public static Agreement compare(
      Network target, Network ticket, Dataset data, int threads, ProgressListener progress) {
    return compare(target, ticket, data, threads, progress, null);
  }

  /**
   * As {@link #compare(Network, Network, Dataset, int, ProgressListener)}, also checking each
   * image's measured logit difference against its certified bound {@code perImageBound[i]}.
   */
  public static Agreement compare(
      Network target, Network ticket, Dataset data, int threads, ProgressListener progress, double[] perImageBound) {
    int n = data.size();
    FloatTensor t;
    FloatTensor k;
    try (InferenceEngine e = new InferenceEngine(target, threads)) {
      t = new Evaluator(e).logits(data, (done, total) -> progress.processed(done, 2 * n));
    }
    try (InferenceEngine e = new InferenceEngine(ticket, threads)) {
      k = new Evaluator(e).logits(data, (done, total) -> progress.processed(n + done, 2 * n));
    }
    return compare(t, k, data.labels(), data.description(), perImageBound);
  }

  /** Compares two logit tensors of shape (N, classes); {@code perImageBound} may be null. */
  public static Agreement compare(
      FloatTensor targetLogits, FloatTensor ticketLogits, int[] labels, String description, double[] perImageBound) {
    if (!java.util.Arrays.equals(targetLogits.shape(), ticketLogits.shape())) {
      throw new IllegalArgumentException(
          "target logits " + targetLogits + " and ticket logits " + ticketLogits + " differ in shape");
    }
    int n = targetLogits.dim(0);
    int classes = targetLogits.size() / n;
    int targetCorrect = 0;
    int ticketCorrect = 0;
    int agreeing = 0;
    double maxDiff = 0;
    int within = 0;
    double maxBound = Double.NaN;
    for (int i = 0; i < n; i++) {
      double imageDiff = 0;
      double imageMagnitude = 0;
      int off = i * classes;
      int a = argmax(targetLogits, off, classes);
      int b = argmax(ticketLogits, off, classes);
      targetCorrect += a == labels[i] ? 1 : 0;
      ticketCorrect += b == labels[i] ? 1 : 0;
      agreeing += a == b ? 1 : 0;
      for (int c = 0; c < classes; c++) {
        double d = Math.abs((double) targetLogits.get(off + c) - ticketLogits.get(off + c));
        imageDiff = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(imageDiff, d);
        imageMagnitude = Math.max(imageMagnitude, Math.abs(targetLogits.get(off + c)));
      }
      maxDiff = Math.max(maxDiff, imageDiff);
      if (perImageBound != null) {
        maxBound = Double.isNaN(maxBound) ? perImageBound[i] : Math.max(maxBound, perImageBound[i]);
        // float32 inference rounds each logit by about 1e-6 of its magnitude on top of the bound.
        double rounding = 1e-5 * (1 + imageMagnitude);
        within += imageDiff <= perImageBound[i] + rounding ? 1 : 0;
      }
    }
    return new Agreement(
        n, targetCorrect, ticketCorrect, agreeing, maxDiff, description, maxBound, perImageBound == null ? -1 : within);
  }

  private static int argmax(FloatTensor t, int off, int n) {
    int best = 0;
    for (int c = 1; c < n; c++) {
      if (t.get(off + c) > t.get(off + best)) {
        best = c;
      }
    }
    return best;
  }
}
