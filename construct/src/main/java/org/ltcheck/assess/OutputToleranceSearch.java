package org.ltcheck.assess;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ForkJoinPool;
import org.ltcheck.build.ConstructionSettings;
import org.ltcheck.build.TargetLayer;
import org.ltcheck.build.TicketConstructor;
import org.ltcheck.data.Normalization;
import org.ltcheck.differential.OutputCertification;
import org.ltcheck.model.Network;
import org.ltcheck.ticket.Ticket;
import org.ltcheck.ticket.TicketNetworks;

/**
 * Finds per-parameter tolerances whose ticket has a certified global output bound (sup over the whole input
 * domain of ‖f_ticket − f_target‖∞) of at most E, the theorem's output tolerance.
 *
 * <p><b>Uniform ladder.</b> The bound is about affine in η, B(η) ≈ floor + b·η: the deviations the certifier
 * propagates scale with the parameter errors, the floor (the float32 rounding terms) does not. The first rung is
 * the given η (--eps); each next rung solves the model through the last two rungs (through the origin after the
 * first) for 0.9·E, at most {@value #MAX_STEP}× tighter per rung. It stops when a rung meets E, when the model's
 * floor is at or above E (no η reaches it: the smallest bound reached is reported), at
 * {@value #SMALLEST_ETA}, or after {@value #MAX_RUNGS} rungs. Base sets and subset sizes grow with η
 * ({@link BaseSetGrowth}).
 *
 * <p><b>Per-layer budgets.</b> From the uniform η* that met E, each layer alone is loosened ×{@value #LOOSEN},
 * which measures its sensitivity s_l; {@link LayerBudgets} then shares E − floor among the layers (tolerances
 * at most the given η) and the per-layer rung is built, tightened up to {@value #MAX_BUDGET_TRIES} times if it
 * misses E. The smaller ticket of the two that meet E is the result.
 */
public final class OutputToleranceSearch {
  public static final int MAX_RUNGS = 8;
  public static final double MAX_STEP = 100;
  public static final double SMALLEST_ETA = 1e-7;
  public static final double LOOSEN = 4;
  public static final int MAX_BUDGET_TRIES = 3;
  /** Each uniform rung is at least this much tighter than the one before. */
  static final double MIN_STEP = 0.95;
  /** The share of E the model aims at, so that its error leaves the rung below E. */
  static final double AIM = 0.9;

  /** The certified global output bound of a ticket against its target (the differential certifier). */
  @FunctionalInterface
  public interface GlobalBound {
    double of(Network target, Ticket ticket);

    /** The differential certifier's bound over the input domain of {@code normalization}'s pixel box. */
    static GlobalBound differential(Normalization normalization, int threads) {
      return (target, ticket) -> {
        OutputCertification c =
            new OutputCertification(target, ticket.mother(), ticket.deadNeurons(), TicketNetworks.ticket(ticket),
                normalization, threads);
        ForkJoinPool pool = threads > 1 ? new ForkJoinPool(threads) : null;
        try {
          return c.certifier().bound(c.domain(), pool).maxAbsDifference();
        } finally {
          if (pool != null) {
            pool.shutdown();
          }
        }
      };
    }
  }

  /** What a rung tried. */
  public enum Kind {
    UNIFORM, SENSITIVITY, PER_LAYER
  }

  /**
   * One rung: a construction and its certified bound.
   *
   * @param layerEtas the tolerance of each target layer
   * @param seconds construction and certification of the rung
   */
  public record Rung(Kind kind, List<Double> layerEtas, int rho, int rho1, int maxSubsetSize, double certifiedBound,
      long ticketParameters, long motherParameters, double seconds) {
    public Rung {
      layerEtas = List.copyOf(layerEtas);
    }

    /** The loosest of the rung's tolerances. */
    public double eta() {
      return Collections.max(layerEtas);
    }
  }

  /**
   * @param result the chosen ticket: the smallest that met E, else the one with the smallest bound
   * @param settings its construction settings
   * @param rungs every rung, in order
   * @param chosen the index of the chosen rung
   * @param reached whether the chosen ticket's certified bound is at most E
   * @param reason why the search stopped where it did, in one sentence
   */
  public record Outcome(TicketConstructor.Result result, ConstructionSettings settings, List<Rung> rungs, int chosen,
      boolean reached, String reason) {
    public Outcome {
      rungs = List.copyOf(rungs);
    }
  }

  private final TicketConstructor constructor;
  private final GlobalBound certifier;

  public OutputToleranceSearch(TicketConstructor constructor, GlobalBound certifier) {
    this.constructor = Objects.requireNonNull(constructor, "constructor");
    this.certifier = Objects.requireNonNull(certifier, "certifier");
  }

  /** A rung's ticket beside its record. */
  private record Built(Rung rung, TicketConstructor.Result result, ConstructionSettings settings) {}

  /**
   * @param start the settings of the first rung (its η the loosest tolerance allowed)
   * @param outputEps E, finite and positive
   */
  public Outcome search(Network target, List<TargetLayer> layers, ConstructionSettings start, double outputEps,
      ToleranceSearch.Listener listener) {
    if (!(outputEps > 0 && Double.isFinite(outputEps))) {
      throw new IllegalArgumentException("the output tolerance must be finite and positive, got " + outputEps);
    }
    int depth = layers.size();
    List<Built> built = new ArrayList<>();
    double eta = start.eta();
    String reason;
    while (true) {
      Built b;
      try {
        b = build(target, layers, start, Kind.UNIFORM, Collections.nCopies(depth, eta), listener);
      } catch (IllegalArgumentException | IllegalStateException e) {
        if (built.isEmpty()) {
          throw e;
        }
        reason = String.format(Locale.ROOT, "the rung at eta = %.3g cannot be built: %s", eta, e.getMessage());
        return outcome(built, outputEps, reason);
      }
      built.add(b);
      if (b.rung.certifiedBound() <= outputEps) {
        reason = String.format(Locale.ROOT, "uniform eta = %.3g meets E = %s", eta, outputEps);
        break;
      }
      List<Built> uniform = built.stream().filter(x -> x.rung.kind() == Kind.UNIFORM).toList();
      double next = nextEta(uniform, outputEps);
      if (Double.isNaN(next)) {
        reason = floorReason(uniform, outputEps);
        return outcome(built, outputEps, reason);
      }
      if (uniform.size() == MAX_RUNGS || eta <= SMALLEST_ETA) {
        reason = String.format(Locale.ROOT, "E = %s not reached within %d rungs down to eta = %.3g", outputEps,
            uniform.size(), eta);
        return outcome(built, outputEps, reason);
      }
      eta = Math.max(SMALLEST_ETA, next);
    }
    double uniformEta = eta;
    if (depth > 1 && uniformEta < start.eta()) {
      try {
        reason += perLayer(target, layers, start, outputEps, built, listener);
      } catch (IllegalArgumentException | IllegalStateException e) {
        reason += "; per-layer budgets stopped: " + e.getMessage();
      }
    }
    return outcome(built, outputEps, reason);
  }

  /**
   * The next uniform η from the affine model through the last two rungs (the origin after one), or NaN when the
   * model's floor is at or above E (or the bound does not fall with η).
   */
  static double nextEta(List<Built> uniform, double outputEps) {
    Rung last = uniform.get(uniform.size() - 1).rung;
    double slope;
    double floor;
    if (uniform.size() == 1) {
      slope = last.certifiedBound() / last.eta();
      floor = 0;
    } else {
      Rung before = uniform.get(uniform.size() - 2).rung;
      slope = (before.certifiedBound() - last.certifiedBound()) / (before.eta() - last.eta());
      floor = last.certifiedBound() - slope * last.eta();
    }
    if (!(slope > 0) || floor >= AIM * outputEps) {
      return Double.NaN;
    }
    double aimed = (AIM * outputEps - floor) / slope;
    return Math.max(last.eta() / MAX_STEP, Math.min(aimed, last.eta() * MIN_STEP));
  }

  private static String floorReason(List<Built> uniform, double outputEps) {
    Rung last = uniform.get(uniform.size() - 1).rung;
    if (uniform.size() == 1) {
      return "the certified bound does not fall with eta";
    }
    Rung before = uniform.get(uniform.size() - 2).rung;
    double slope = (before.certifiedBound() - last.certifiedBound()) / (before.eta() - last.eta());
    double floor = last.certifiedBound() - slope * last.eta();
    return String.format(Locale.ROOT, "E = %s is out of reach: from eta = %.3g to %.3g the certified bound fell only"
        + " from %.4g to %.4g, so it levels off near %.4g as eta -> 0 (its part that does not shrink with the"
        + " parameter errors: the certificate's float32 rounding terms)", outputEps, before.eta(), last.eta(),
        before.certifiedBound(), last.certifiedBound(), floor);
  }

  /** The per-layer stage; returns what it adds to the reason. */
  private String perLayer(Network target, List<TargetLayer> layers, ConstructionSettings start, double outputEps,
      List<Built> built, ToleranceSearch.Listener listener) {
    int depth = layers.size();
    Built base = built.get(built.size() - 1);
    double eta = base.rung.eta();
    double loosened = Math.min(start.eta(), eta * LOOSEN);
    double[] bounds = new double[depth];
    for (int l = 0; l < depth; l++) {
      List<Double> etas = new ArrayList<>(Collections.nCopies(depth, eta));
      etas.set(l, loosened);
      Built b = build(target, layers, start, Kind.SENSITIVITY, etas, listener);
      built.add(b);
      bounds[l] = b.rung.certifiedBound();
    }
    LayerBudgets model = LayerBudgets.fit(eta, base.rung.certifiedBound(), loosened, bounds);
    if (!(outputEps > model.floor())) {
      return "; per-layer budgets: the fitted floor " + model.floor() + " leaves no budget";
    }
    long[] problems = layers.stream().mapToLong(t -> (long) t.nonZeroWeights() + t.nonZeroBiases()).toArray();
    double aim = outputEps;
    for (int k = 0; k < MAX_BUDGET_TRIES; k++) {
      List<Double> etas = model.allocate(model.floor() + AIM * (aim - model.floor()), problems, start.eta());
      Built b = build(target, layers, start, Kind.PER_LAYER, etas, listener);
      built.add(b);
      if (b.rung.certifiedBound() <= outputEps) {
        return String.format(Locale.ROOT, "; per-layer budgets meet it with %d ticket parameters (uniform: %d)",
            b.rung.ticketParameters(), base.rung.ticketParameters());
      }
      // the model underestimated the bound by this much at these tolerances: aim lower by as much
      aim -= b.rung.certifiedBound() - model.bound(etas);
    }
    return "; per-layer budgets missed E in " + MAX_BUDGET_TRIES + " tries";
  }

  private Built build(Network target, List<TargetLayer> layers, ConstructionSettings start, Kind kind,
      List<Double> etas, ToleranceSearch.Listener listener) {
    long t0 = System.nanoTime();
    ConstructionSettings s = BaseSetGrowth.sized(start.withLayerEtas(etas), Collections.min(etas));
    ToleranceLimits.check(layers, s);
    listener.constructing(s.eta());
    TicketConstructor.Result r = constructor.construct(layers, target.inputShape(), s, listener::constructed);
    double bound = certifier.of(target, r.ticket());
    double seconds = (System.nanoTime() - t0) / 1e9;
    Rung rung = new Rung(kind, etas, s.rho(), s.rho1(), s.maxSubsetSize(), bound, r.ticket().parameterCount(),
        r.ticket().mother().parameterCount(), seconds);
    return new Built(rung, r, s);
  }

  /** The smallest ticket meeting E among the uniform and per-layer rungs, else the smallest bound. */
  private static Outcome outcome(List<Built> built, double outputEps, String reason) {
    int chosen = -1;
    for (int i = 0; i < built.size(); i++) {
      Rung r = built.get(i).rung;
      if (r.kind() == Kind.SENSITIVITY) {
        continue;
      }
      boolean meets = r.certifiedBound() <= outputEps;
      if (chosen < 0) {
        chosen = i;
        continue;
      }
      Rung c = built.get(chosen).rung;
      boolean chosenMeets = c.certifiedBound() <= outputEps;
      if (meets && (!chosenMeets || r.ticketParameters() < c.ticketParameters())
          || !meets && !chosenMeets && r.certifiedBound() < c.certifiedBound()) {
        chosen = i;
      }
    }
    Built b = built.get(chosen);
    List<Rung> rungs = built.stream().map(Built::rung).toList();
    return new Outcome(b.result, b.settings, rungs, chosen, b.rung.certifiedBound() <= outputEps, reason);
  }
}
