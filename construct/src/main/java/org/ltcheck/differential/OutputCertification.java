package org.ltcheck.differential;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.ltcheck.mother.MotherSpec;
import org.ltcheck.build.TargetLayers;
import org.ltcheck.data.Normalization;
import org.ltcheck.inference.InferenceEngine;
import org.ltcheck.inference.ProgressListener;
import org.ltcheck.model.Network;
import org.ltcheck.simplify.DeadNeuronFolding;
import org.ltcheck.simplify.DeadNeurons;
import org.ltcheck.tensor.FloatTensor;

/**
 * The domain-level entry point: certifies a ticket's outputs against its target over the whole
 * input domain and over L∞ balls around images ({@link OutputCertificate}). Images are certified
 * in parallel, each by one thread; every result depends on its image only, so the certificate is
 * the same for every thread count. Radius 0 is the image itself, certified from both networks'
 * float32 outputs ({@link PointAgreement}); larger radii by {@link DifferentialCertifier}.
 */
public final class OutputCertification {
  /** Radii in 8-bit pixel levels certified by default. */
  public static final List<Double> DEFAULT_RADII = List.of(0.0, 1.0, 2.0, 4.0);

  private final Network target;
  private final Network ticket;
  private final DifferentialCertifier certifier;
  private final Normalization normalization;
  private final InputRegion domain;
  private final int threads;

  /**
   * @param target the target network (as evaluated)
   * @param mother the ticket's mother
   * @param ticket the ticket network ({@code TicketNetworks.ticket(ticket)})
   * @param normalization the inputs' normalisation (its box is the domain; radii are in its pixels)
   * @param threads worker threads, at least 1
   */
  public OutputCertification(Network target, MotherSpec mother, Network ticket, Normalization normalization, int threads) {
    this(target, mother, DeadNeurons.none(), ticket, normalization, threads);
  }

  /**
   * Certification of a ticket built for the target without the channels {@code dead}: they are
   * proved 0 over the domain first, so that the target without them is the same function and the
   * certificate holds for the original target.
   *
   * @throws IllegalArgumentException if a removed channel is not proved 0, or the ticket does not
   *     fit the target
   */
  public OutputCertification(Network target, MotherSpec mother, DeadNeurons dead, Network ticket,
      Normalization normalization, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    this.target = target;
    this.ticket = ticket;
    this.normalization = normalization;
    this.domain = InputRegion.domain(target.inputShape(), normalization);
    this.certifier = new DifferentialCertifier(DeadNeuronFolding.fold(TargetLayers.of(target), domain, dead), mother, ticket);
    this.threads = threads;
  }

  public InputRegion domain() {
    return domain;
  }

  public DifferentialCertifier certifier() {
    return certifier;
  }

  /**
   * @param images normalised images, shape (N, C, H, W); N may be 0 or null (global bound only, no
   *     local entries)
   * @param radii radii in pixel levels
   * @param progress told after the global bound and after each image
   * @param lowerBound the search whose result is reported as {@code found}
   */
  public OutputCertificate certify(
      FloatTensor images, List<Double> radii, ProgressListener progress, DifferenceLowerBound lowerBound) {
    int n = images == null ? 0 : images.dim(0);
    int total = n + 1;
    ForkJoinPool pool = threads > 1 ? new ForkJoinPool(threads) : null;
    try {
      DifferentialCertifier.GlobalBound global = certifier.boundWithWorstInputs(domain, pool);
      double certified = global.bound().maxAbsDifference();
      double found = lowerBound.found(target, ticket, domain, withStarts(images, global.worstInputs()));
      if (found > certified) {
        // A value both networks really compute inside the domain above the sound bound: a bug in
        // the certifier (or in the ticket's correspondence), never an acceptable result.
        throw new IllegalStateException("the found difference " + found + " exceeds the certified bound " + certified
            + " over the input domain: the certificate is unsound");
      }
      progress.processed(1, total);
      long start = System.nanoTime();
      double[][] bounds = new double[radii.size()][n];
      boolean[][] agree = new boolean[radii.size()][n];
      float[] targetLogits = logits(target, images);
      float[] ticketLogits = logits(ticket, images);
      int classes = n == 0 ? 0 : targetLogits.length / n;
      int[] predicted = predictions(targetLogits, n);
      float[] all = n == 0 ? new float[0] : images.toArray();
      int size = domain.size();
      AtomicInteger done = new AtomicInteger(1);
      IntConsumer each = i -> {
        float[] image = Arrays.copyOfRange(all, i * size, (i + 1) * size);
        for (int r = 0; r < radii.size(); r++) {
          AgreementBound a = radii.get(r) == 0
              ? PointAgreement.of(targetLogits, ticketLogits, i * classes, classes, predicted[i])
              : certifier.agreement(InputRegion.ball(image, radii.get(r), normalization, domain), predicted[i], null);
          bounds[r][i] = a.difference().maxAbsDifference();
          agree[r][i] = a.agreementCertified();
        }
        progress.processed(done.incrementAndGet(), total);
      };
      if (pool == null) {
        IntStream.range(0, n).forEach(each);
      } else {
        pool.submit(() -> IntStream.range(0, n).parallel().forEach(each)).join();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      List<OutputCertificate.Local> local = new ArrayList<>();
      for (int r = 0; r < (n == 0 ? 0 : radii.size()); r++) {
        int certifiedCount = 0;
        for (boolean b : agree[r]) {
          certifiedCount += b ? 1 : 0;
        }
        double[] sorted = bounds[r].clone();
        Arrays.sort(sorted);
        local.add(new OutputCertificate.Local(
            radii.get(r), n, (double) certifiedCount / n, median(sorted), sorted[n - 1]));
      }
      return new OutputCertificate(
          new OutputCertificate.Global(certified, found), local, n == 0 ? 0 : seconds / n);
    } finally {
      if (pool != null) {
        pool.shutdown();
      }
    }
  }

  /** The images followed by more inputs of the same shape (the search screens them all). */
  private FloatTensor withStarts(FloatTensor images, float[][] more) {
    if (more.length == 0) {
      return images;
    }
    int size = domain.size();
    int n = images == null ? 0 : images.dim(0);
    float[] all = new float[(n + more.length) * size];
    if (n > 0) {
      System.arraycopy(images.toArray(), 0, all, 0, n * size);
    }
    for (int i = 0; i < more.length; i++) {
      System.arraycopy(more[i], 0, all, (n + i) * size, size);
    }
    int[] shape = domain.shape();
    int[] batch = new int[shape.length + 1];
    batch[0] = n + more.length;
    System.arraycopy(shape, 0, batch, 1, shape.length);
    return FloatTensor.wrap(all, batch);
  }

  /** The float32 outputs of {@code network} for every image (empty for none). */
  private float[] logits(Network network, FloatTensor images) {
    if (images == null || images.dim(0) == 0) {
      return new float[0];
    }
    try (InferenceEngine e = new InferenceEngine(network, threads)) {
      return e.forward(images).toArray();
    }
  }

  private static int[] predictions(float[] logits, int n) {
    int[] p = new int[n];
    int classes = n == 0 ? 0 : logits.length / n;
    for (int i = 0; i < n; i++) {
      int best = 0;
      for (int k = 1; k < classes; k++) {
        if (logits[i * classes + k] > logits[i * classes + best]) {
          best = k;
        }
      }
      p[i] = best;
    }
    return p;
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
