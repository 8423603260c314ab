package org.ltcheck.evaluation;

import org.ltcheck.construct.Ticket;
import org.ltcheck.construct.TicketNetworks;
import org.ltcheck.data.Dataset;
import org.ltcheck.inference.Evaluator;
import org.ltcheck.inference.InferenceEngine;
import org.ltcheck.inference.ProgressListener;
import org.ltcheck.model.Network;
import org.ltcheck.tensor.FloatTensor;

/**
 * Measures a ticket against its target on {@code images} images spread evenly over a data set
 * (image k·N/n for k < n: the JPEG CIFAR-10 test set is ordered by class, so its first images
 * would all be airplanes):
 * accuracies, top-1 agreement and the largest logit difference ({@link TicketComparison}), plus
 * how fast each network runs. A ticket keeps the mother's full width, so on CPU it can be far
 * slower than its target (a ResNet-22 ticket has tens of times the target's nonzero weights);
 * the image count bounds the time, and the rates say what a full pass would cost.
 */
public final class TicketEvaluation {
  private TicketEvaluation() {}

  /**
   * @param agreement the comparison on the evaluated images
   * @param targetImagesPerSecond target inference rate
   * @param ticketImagesPerSecond ticket inference rate (the ticket materialised with its zeros)
   * @param maxTargetLogit largest |target logit|, the scale against which to read the logit
   *     differences
   */
  public record Result(
      Agreement agreement, double targetImagesPerSecond, double ticketImagesPerSecond, double maxTargetLogit) {}

  /**
   * @param images how many images to evaluate, evenly spaced over {@code data} (at most its size)
   * @param progress told the images processed, the target pass then the ticket pass (total 2·N)
   */
  public static Result evaluate(
      Network target, Ticket ticket, Dataset data, int images, int threads, ProgressListener progress) {
    if (images < 1) {
      throw new IllegalArgumentException("images to evaluate must be positive, got " + images);
    }
    Dataset d = data.evenlySpaced(images);
    int n = d.size();
    long t0 = System.nanoTime();
    FloatTensor t;
    try (InferenceEngine e = new InferenceEngine(target, threads)) {
      t = new Evaluator(e, batch(n)).logits(d, (done, total) -> progress.processed(done, 2 * n));
    }
    long t1 = System.nanoTime();
    FloatTensor k;
    try (InferenceEngine e = new InferenceEngine(TicketNetworks.ticket(ticket), threads)) {
      k = new Evaluator(e, batch(n)).logits(d, (done, total) -> progress.processed(n + done, 2 * n));
    }
    long t2 = System.nanoTime();
    Agreement a = TicketComparison.compare(t, k, d.labels(), d.description(), null);
    return new Result(a, n / ((t1 - t0) / 1e9), n / ((t2 - t1) / 1e9), t.maxAbs());
  }



  /** Small batches keep progress reports frequent when the ticket is slow. */
  private static int batch(int n) {
    return Math.max(1, Math.min(Evaluator.DEFAULT_BATCH, n / 20 + 1));
  }
}
