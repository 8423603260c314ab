package org.ltcheck.assess;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.ltcheck.build.ConstructionSettings;
import org.ltcheck.build.TargetLayer;
import org.ltcheck.build.TargetLayers;
import org.ltcheck.build.TicketConstructor;
import org.ltcheck.data.Dataset;
import org.ltcheck.inference.Evaluator;
import org.ltcheck.inference.InferenceEngine;
import org.ltcheck.inference.ProgressListener;
import org.ltcheck.model.Network;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.ticket.TicketNetworks;

/**
 * Finds a per-parameter tolerance at which a ticket makes its target's decisions: builds the
 * ticket at η = ε, ε/2, ε/4, … until its top-1 agreement with the target on calibration images
 * reaches the requested fraction.
 *
 * <p>Why: a deep target amplifies per-parameter errors layer by layer (the paper's §2b
 * recursion), so ε = 0.01 per parameter leaves ResNet-22's logits visibly perturbed, while the
 * worst-case bound that would guarantee the output is vacuous. Every parameter of the result is
 * within its η ≤ ε, so the ε guarantee holds unchanged; tightening costs mother width only
 * logarithmically (base sets grow with log(1/η)). Calibrate on training images, so that the test
 * set stays an independent measurement.
 */
public final class ToleranceSearch {
  /** At most this many halvings: η ≥ ε/1024. */
  public static final int MAX_HALVINGS = 10;

  /** One rung of the ladder: the tolerance tried, the agreement it reached and the ticket's size. */
  public record Step(double eta, double agreement, long ticketParameters) {}

  /**
   * @param result the ticket of the last rung: the first that reached the agreement, else the tightest
   * @param settings the construction settings of {@code result} (η of the last rung)
   * @param steps every rung tried, loosest first
   * @param reached whether the last rung reached the requested agreement
   */
  public record Outcome(TicketConstructor.Result result, ConstructionSettings settings, List<Step> steps, boolean reached) {
    public Outcome {
      steps = List.copyOf(steps);
    }
  }

  /** Told when a rung starts and finishes, to show progress. */
  public interface Listener {
    Listener NONE = new Listener() {};

    /** A construction at tolerance {@code eta} starts. */
    default void constructing(double eta) {}

    /** Reports the construction's progress in target output channels. */
    default void constructed(long channels) {}

    /** Reports the calibration pass of the rung's ticket, in images. */
    default void calibrating(int images, int total) {}

    /** A rung is finished. */
    default void finished(Step step) {}
  }

  private final TicketConstructor constructor;
  private final int threads;

  /**
   * @param constructor builds each rung's ticket
   * @param threads inference threads for the calibration passes
   */
  public ToleranceSearch(TicketConstructor constructor, int threads) {
    this.constructor = Objects.requireNonNull(constructor, "constructor");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive, got " + threads);
    }
    this.threads = threads;
  }

  /**
   * @param target the target network
   * @param settings the construction at the loosest tolerance ε (its η)
   * @param calibration images to measure agreement on (not the test images)
   * @param minAgreement the top-1 agreement to reach, in (0,1]
   * @throws IllegalArgumentException if minAgreement is outside (0,1] or calibration is empty
   */
  public Outcome search(
      Network target, ConstructionSettings settings, Dataset calibration, double minAgreement, Listener listener) {
    return search(target, TargetLayers.of(target), settings, calibration, minAgreement, listener);
  }

  /**
   * As {@link #search(Network, ConstructionSettings, Dataset, double, Listener)}, constructing for
   * {@code layers}, weight layers that compute the same function as {@code target} (e.g. without
   * its dead channels).
   */
  public Outcome search(Network target, List<TargetLayer> layers, ConstructionSettings settings, Dataset calibration,
      double minAgreement, Listener listener) {
    if (!(minAgreement > 0 && minAgreement <= 1)) {
      throw new IllegalArgumentException("minimum agreement must be in (0,1], got " + minAgreement);
    }
    if (calibration.size() == 0) {
      throw new IllegalArgumentException("calibration set is empty");
    }
    FloatTensor targetLogits = logits(target, calibration, ProgressListener.NONE);
    List<Step> steps = new ArrayList<>();
    ConstructionSettings s = settings;
    for (int k = 0; ; k++) {
      listener.constructing(s.eta());
      TicketConstructor.Result r = constructor.construct(layers, target.inputShape(), s, listener::constructed);
      FloatTensor ticketLogits = logits(TicketNetworks.ticket(r.ticket()), calibration, listener::calibrating);
      double agreement = TicketComparison.compare(
          targetLogits, ticketLogits, calibration.labels(), calibration.description(), null).agreement();
      Step step = new Step(s.eta(), agreement, r.ticket().parameterCount());
      steps.add(step);
      listener.finished(step);
      boolean reached = agreement >= minAgreement;
      if (reached || k == MAX_HALVINGS) {
        return new Outcome(r, s, steps, reached);
      }
      s = s.withEta(s.eta() / 2);
    }
  }

  private FloatTensor logits(Network network, Dataset data, ProgressListener progress) {
    try (InferenceEngine e = new InferenceEngine(network, threads)) {
      return new Evaluator(e).logits(data, progress);
    }
  }
}
