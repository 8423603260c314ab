package org.ltcheck.adversarial;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.ltcheck.inference.InferenceEngine;
import org.ltcheck.model.Network;
import org.ltcheck.tensor.FloatTensor;

/**
 * Searches a box for the input where a ticket and its target differ most,
 * max over logits k of |f_ticket(x)_k − f_target(x)_k|: projected gradient ascent with sign
 * steps (PGD, Madry et al. 2018) on one objective s·(f_ticket − f_target)_k at a time, from
 * many starts (given images, the centre, random corners and random points). Each start ascends
 * on the (k, s) where it already differs most; steps decay geometrically from a fraction of each
 * element's interval, and the best point of an ascent is finally "snapped" to the corner its
 * gradient points at while that helps.
 *
 * <p>Gradients come from reverse passes in double ({@link DifferentiableNetwork}); the best point
 * of every ascent is rounded to float32 inside the box and re-evaluated by the float32
 * {@link InferenceEngine} on both networks, and the largest re-evaluated difference is the
 * result: a value the networks really reach in the region, so it must not exceed a certified
 * bound over the same region.
 *
 * <p>Starts and ascents are spread over threads, each ascent computed by one thread with its own
 * generator and tapes, so results are identical for every thread count.
 */
public final class ProjectedGradientDifferenceAscent implements AutoCloseable {
  private final DifferentiableNetwork ticket;
  private final DifferentiableNetwork target;
  private final InferenceEngine ticketEngine;
  private final InferenceEngine targetEngine;
  /** Tapes of finished tasks, reused: a ticket's tape holds tens of megabytes. */
  private final ConcurrentLinkedQueue<Tapes> spare = new ConcurrentLinkedQueue<>();

  public ProjectedGradientDifferenceAscent(Network ticket, Network target) {
    if (!Arrays.equals(ticket.inputShape(), target.inputShape())
        || !Arrays.equals(ticket.outputShape(), target.outputShape())) {
      throw new IllegalArgumentException("ticket " + Arrays.toString(ticket.inputShape()) + " -> "
          + Arrays.toString(ticket.outputShape()) + " and target " + Arrays.toString(target.inputShape()) + " -> "
          + Arrays.toString(target.outputShape()) + " differ in shape");
    }
    this.ticket = DifferentiableNetwork.compile(ticket);
    this.target = DifferentiableNetwork.compile(target);
    this.ticketEngine = new InferenceEngine(ticket, 1);
    this.targetEngine = new InferenceEngine(target, 1);
  }

  /**
   * The largest difference found in the box [{@code lower}, {@code upper}] (per element of the
   * flattened input).
   *
   * @param images start images of shape (N, input shape...), or null for none
   */
  public DifferenceSearchResult search(
      double[] lower, double[] upper, FloatTensor images, DifferenceSearchSettings settings) {
    Box box = new Box(lower, upper, ticket.inputSize());
    List<double[]> starts = starts(box, images, settings);
    double[][] startDifferences = new double[starts.size()][];
    parallel(starts.size(), settings.threads(), i -> {
      Tapes t = tapes();
      startDifferences[i] = t.difference(starts.get(i));
      spare.add(t);
    });
    List<Ascent> ascents = new ArrayList<>();
    for (int i = 0; i < starts.size(); i++) {
      for (int[] objective : largestObjectives(startDifferences[i], settings.objectivesPerStart())) {
        ascents.add(new Ascent(starts.get(i), objective[0], objective[1]));
      }
    }
    DifferenceSearchResult[] results = new DifferenceSearchResult[ascents.size()];
    parallel(ascents.size(), settings.threads(), i -> {
      Tapes t = tapes();
      results[i] = ascend(ascents.get(i), box, settings, t);
      spare.add(t);
    });
    DifferenceSearchResult best = results[0];
    long forward = starts.size();
    long backward = 0;
    for (DifferenceSearchResult r : results) {
      forward += r.forwardPasses();
      backward += r.backwardPasses();
      if (r.found() > best.found()) {
        best = r;
      }
    }
    return new DifferenceSearchResult(best.found(), best.logit(), best.sign(), best.input(), best.doubleFound(),
        ascents.size(), forward, backward);
  }

  @Override
  public void close() {
    ticketEngine.close();
    targetEngine.close();
  }

  private record Ascent(double[] start, int logit, int sign) {}

  /** The given images, the centre, random corners and random points, in that order. */
  private static List<double[]> starts(Box box, FloatTensor images, DifferenceSearchSettings settings) {
    List<double[]> starts = new ArrayList<>();
    if (images != null && images.size() > 0) {
      if (images.size() % box.size() != 0) {
        throw new IllegalArgumentException(
            "start images " + images + " are not whole inputs of " + box.size() + " values");
      }
      float[] v = images.toArray();
      int n = Math.min(settings.imageStarts(), v.length / box.size());
      for (int i = 0; i < n; i++) {
        starts.add(box.project(v, i * box.size()));
      }
    }
    starts.add(box.centre());
    SplittableRandom root = new SplittableRandom(settings.seed());
    for (int i = 0; i < settings.cornerStarts(); i++) {
      starts.add(box.randomCorner(root.split()));
    }
    for (int i = 0; i < settings.randomStarts(); i++) {
      starts.add(box.randomPoint(root.split()));
    }
    return starts;
  }

  /** The {@code count} pairs (k, s) with the largest s·d_k, ties to the lower logit. */
  static List<int[]> largestObjectives(double[] difference, int count) {
    List<int[]> all = new ArrayList<>(2 * difference.length);
    for (int k = 0; k < difference.length; k++) {
      int s = difference[k] >= 0 ? 1 : -1;
      all.add(new int[] {k, s});
      all.add(new int[] {k, -s});
    }
    all.sort((a, b) -> {
      int c = Double.compare(b[1] * difference[b[0]], a[1] * difference[a[0]]);
      return c != 0 ? c : Integer.compare(a[0], b[0]);
    });
    return all.subList(0, Math.min(count, all.size()));
  }

  /** One ascent; its best point re-evaluated in float32. */
  private DifferenceSearchResult ascend(Ascent a, Box box, DifferenceSearchSettings settings, Tapes t) {
    int n = box.size();
    double[] x = a.start().clone();
    double[] bestX = null;
    double[] bestGrad = null;
    double best = Double.NEGATIVE_INFINITY;
    long passes = 0;
    for (int step = 0; step <= settings.steps(); step++) {
      double value = t.objective(x, a.logit(), a.sign());
      double[] grad = t.gradient(a.logit(), a.sign());
      passes++;
      if (value > best || bestX == null) {
        best = value;
        bestX = x.clone();
        bestGrad = grad;
      }
      if (step == settings.steps()) {
        break;
      }
      double alpha = settings.step(step);
      for (int j = 0; j < n; j++) {
        if (grad[j] != 0) {
          x[j] = box.clamp(j, x[j] + Math.copySign(alpha * box.width(j), grad[j]));
        }
      }
    }
    for (int round = 0; round < settings.snapRounds(); round++) {
      double[] corner = new double[n];
      for (int j = 0; j < n; j++) {
        corner[j] = bestGrad[j] > 0 ? box.upper(j) : bestGrad[j] < 0 ? box.lower(j) : bestX[j];
      }
      if (Arrays.equals(corner, bestX)) {
        break;
      }
      double value = t.objective(corner, a.logit(), a.sign());
      double[] grad = t.gradient(a.logit(), a.sign());
      passes++;
      if (!(value > best)) {
        break;
      }
      best = value;
      bestX = corner;
      bestGrad = grad;
    }
    float[] xf = box.toFloat(bestX);
    double[] xd = new double[n];
    for (int j = 0; j < n; j++) {
      xd[j] = xf[j];
    }
    double doubleFound = maxAbs(t.difference(xd))[0];
    double[] floatMax = maxAbs(floatDifference(xf));
    return new DifferenceSearchResult(floatMax[0], (int) floatMax[1], (int) floatMax[2], xf, doubleFound, 1,
        passes + 1, passes);
  }

  /** ticket − target at {@code x}, both through the float32 engines. */
  private double[] floatDifference(float[] x) {
    int[] shape = ticket.inputShape();
    int[] batch = new int[shape.length + 1];
    batch[0] = 1;
    System.arraycopy(shape, 0, batch, 1, shape.length);
    FloatTensor in = FloatTensor.wrap(x.clone(), batch);
    float[] a = ticketEngine.forward(in).toArray();
    float[] b = targetEngine.forward(in).toArray();
    double[] d = new double[a.length];
    for (int k = 0; k < a.length; k++) {
      d[k] = (double) a[k] - (double) b[k];
    }
    return d;
  }

  /** {max |d_k|, its k, its sign}; the first k on ties; a NaN difference counts as infinite. */
  private static double[] maxAbs(double[] d) {
    double[] m = {-1, 0, 1};
    for (int k = 0; k < d.length; k++) {
      double v = Double.isNaN(d[k]) ? Double.POSITIVE_INFINITY : Math.abs(d[k]);
      if (v > m[0]) {
        m[0] = v;
        m[1] = k;
        m[2] = d[k] >= 0 ? 1 : -1;
      }
    }
    return m;
  }

  private Tapes tapes() {
    Tapes t = spare.poll();
    return t != null ? t : new Tapes(ticket.newTape(), target.newTape(), ticket.outputSize());
  }

  /** One thread's tapes of both networks. */
  private record Tapes(DifferentiableNetwork.Tape ticket, DifferentiableNetwork.Tape target, int outputs) {
    double[] difference(double[] x) {
      double[] a = ticket.forward(x);
      double[] b = target.forward(x);
      for (int k = 0; k < a.length; k++) {
        a[k] -= b[k];
      }
      return a;
    }

    double objective(double[] x, int logit, int sign) {
      return sign * difference(x)[logit];
    }

    /** Gradient of the objective at the point of the latest {@link #objective}. */
    double[] gradient(int logit, int sign) {
      double[] w = new double[outputs];
      w[logit] = sign;
      double[] g = ticket.backward(w);
      w[logit] = -sign;
      double[] h = target.backward(w);
      for (int j = 0; j < g.length; j++) {
        g[j] += h[j];
      }
      return g;
    }
  }

  /** Runs {@code task} for 0..count-1 on {@code threads} threads (the caller's when 1). */
  private static void parallel(int count, int threads, IntConsumer task) {
    if (threads == 1 || count <= 1) {
      for (int i = 0; i < count; i++) {
        task.accept(i);
      }
      return;
    }
    int workers = Math.min(threads, count);
    ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
      Thread th = new Thread(r, "difference-search");
      th.setDaemon(true);
      return th;
    });
    try {
      AtomicInteger next = new AtomicInteger();
      List<Future<?>> futures = new ArrayList<>(workers);
      for (int w = 0; w < workers; w++) {
        futures.add(pool.submit(() -> {
          for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
            task.accept(i);
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("difference search interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
