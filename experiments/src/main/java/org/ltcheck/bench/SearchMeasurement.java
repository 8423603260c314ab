package org.ltcheck.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.ltcheck.adversarial.DifferenceAscentLowerBound;
import org.ltcheck.adversarial.DifferenceSearchResult;
import org.ltcheck.adversarial.DifferenceSearchSettings;
import org.ltcheck.adversarial.ProjectedGradientDifferenceAscent;
import org.ltcheck.ticket.TicketFiles;
import org.ltcheck.ticket.TicketNetworks;
import org.ltcheck.data.Dataset;
import org.ltcheck.data.MnistFetcher;
import org.ltcheck.data.Normalization;
import org.ltcheck.data.Split;
import org.ltcheck.model.Network;
import org.ltcheck.targets.MnistCnnTarget;
import org.ltcheck.tensor.FloatTensor;

/**
 * Lower bounds on sup ‖f_ticket − f_target‖∞ for the MNIST tickets, from
 * {@link ProjectedGradientDifferenceAscent}: over the whole normalised pixel box (started also
 * from the test images that differ most, found by evaluating all of them), and over L∞ balls of
 * r pixel levels (r/255 before normalisation, clipped to the pixel box) around the first test
 * images, with the time per search. Every found value is checked against the certified worst
 * case in the ticket's {@code .report.json} (found ≤ true ≤ certified; a violation throws).
 *
 * <p>Usage: {@code SearchMeasurement [tickets=DIR] [constructions=L+1,2L] [balls=100]
 * [radii=1,2,4] [threads=2] [seed=1]}; DIR holds {@code mnist-<construction>.safetensors}
 * (written by {@code ltcheck construct --target mnist}).
 */
public final class SearchMeasurement {
  private SearchMeasurement() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> o = new HashMap<>(Map.of("tickets", "/work/notes/baseline", "constructions", "L+1,2L",
        "balls", "100", "radii", "1,2,4", "threads", "2", "seed", "1"));
    for (String a : args) {
      String[] kv = a.split("=", 2);
      if (kv.length != 2 || !o.containsKey(kv[0])) {
        System.err.println("unknown argument '" + a + "'; expected one of " + o.keySet() + " as key=value");
        System.exit(2);
      }
      o.put(kv[0], kv[1]);
    }
    int threads;
    long seed;
    int balls;
    int[] radii;
    try {
      threads = Integer.parseInt(o.get("threads"));
      seed = Long.parseLong(o.get("seed"));
      balls = Integer.parseInt(o.get("balls"));
      radii = Arrays.stream(o.get("radii").split(",")).mapToInt(Integer::parseInt).toArray();
    } catch (NumberFormatException e) {
      System.err.println("threads, seed, balls and radii must be integers: " + e.getMessage());
      System.exit(2);
      return;
    }
    Network target = MnistCnnTarget.bundled();
    Dataset test = MnistFetcher.withDefaults().loadNormalised(Split.TEST, null);
    Normalization norm = Normalization.MNIST;
    double low = -norm.mean()[0] / norm.std()[0];
    double high = (1 - norm.mean()[0]) / norm.std()[0];
    int n = test.images().size() / test.size();
    for (String construction : o.get("constructions").split(",")) {
      Path file = Path.of(o.get("tickets"), "mnist-" + construction + ".safetensors");
      Network ticket = TicketNetworks.ticket(TicketFiles.read(file));
      double certified = certifiedBound(file);
      try (ProjectedGradientDifferenceAscent search = new ProjectedGradientDifferenceAscent(ticket, target)) {
        long t0 = System.nanoTime();
        double[] imageDiff = DifferenceAscentLowerBound.differences(ticket, target, test.images(), threads);
        double screen = seconds(t0);
        Integer[] order = new Integer[imageDiff.length];
        for (int i = 0; i < order.length; i++) {
          order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(imageDiff[b], imageDiff[a]));
        DifferenceSearchSettings global = DifferenceSearchSettings.defaults().withSeed(seed).withThreads(threads);
        float[] starts = new float[global.imageStarts() * n];
        for (int i = 0; i < global.imageStarts(); i++) {
          System.arraycopy(test.batch(order[i], order[i] + 1).toArray(), 0, starts, i * n, n);
        }
        double[] lower = new double[n];
        double[] upper = new double[n];
        Arrays.fill(lower, low);
        Arrays.fill(upper, high);
        long t1 = System.nanoTime();
        DifferenceSearchResult r = search.search(lower, upper,
            FloatTensor.wrap(starts, global.imageStarts(), 1, 28, 28), global);
        System.out.printf(Locale.ROOT, "%s whole domain [%.4f, %.4f]^%d: found %.4f (logit %d, sign %+d, double %.4f), "
            + "%d ascents, %d forward + %d backward passes, %.1f s on %d threads; max over the %d test images %.4f "
            + "(image %d, %.1f s)%n", construction, low, high, n, r.found(), r.logit(), r.sign(), r.doubleFound(),
            r.ascents(), r.forwardPasses(), r.backwardPasses(), seconds(t1), threads, test.size(),
            imageDiff[order[0]], order[0], screen);
        System.out.printf(Locale.ROOT, "%s certified worst case %.1f over |x| <= %.4f: certified / found %.0f%n",
            construction, certified, Math.max(-low, high), r.ratio(certified));
        r.requireAtMost(certified, "the " + construction + " ticket's report");
        DifferenceSearchSettings local = DifferenceSearchSettings.aroundImage().withSeed(seed).withThreads(threads);
        for (int radius : balls > 0 ? radii : new int[0]) {
          double eps = radius / 255.0 / norm.std()[0];
          double[] found = new double[balls];
          double[] clean = new double[balls];
          long t2 = System.nanoTime();
          for (int i = 0; i < balls; i++) {
            FloatTensor image = test.batch(i, i + 1);
            for (int j = 0; j < n; j++) {
              lower[j] = Math.max(low, image.get(j) - eps);
              upper[j] = Math.min(high, image.get(j) + eps);
            }
            DifferenceSearchResult ball = search.search(lower, upper, image, local);
            ball.requireAtMost(certified, "the " + construction + " ticket's report");
            found[i] = ball.found();
            clean[i] = imageDiff[i];
          }
          double time = seconds(t2);
          System.out.printf(Locale.ROOT, "%s L∞ ball r = %d/255 around test images 0..%d: found max %.4f, median %.4f "
              + "(at the images themselves max %.4f, median %.4f); %.2f s per search%n", construction, radius,
              balls - 1, max(found), median(found), max(clean), median(clean), time / balls);
        }
      }
    }
  }

  /**
   * The certified worst-case output error over |x| ≤ B₀ from the ticket's {@code .report.json}
   * (which covers the pixel box), or +∞ when there is no report beside the ticket.
   */
  private static double certifiedBound(Path ticketFile) throws IOException {
    String name = ticketFile.getFileName().toString().replaceFirst("\\.safetensors$", ".report.json");
    Path report = ticketFile.resolveSibling(name);
    if (!Files.isRegularFile(report)) {
      return Double.POSITIVE_INFINITY;
    }
    return new ObjectMapper().readTree(report.toFile()).path("outputErrorBound").asDouble(Double.POSITIVE_INFINITY);
  }

  /** max over logits of |ticket − target| for every image, float32 as the certificate sees it. */
  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static double max(double[] v) {
    return Arrays.stream(v).max().orElse(Double.NaN);
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
  }
}
