package org.ltcheck.assess;

import java.util.List;
import java.util.Objects;
import org.ltcheck.build.ConstructionSettings;
import org.ltcheck.build.TargetLayer;
import org.ltcheck.build.TargetLayers;
import org.ltcheck.build.TicketConstructor;
import org.ltcheck.certify.TicketCertificate;
import org.ltcheck.certify.TicketVerifier;
import org.ltcheck.certify.OutputErrorBounds;
import org.ltcheck.certify.PerInputBounds;
import org.ltcheck.ticket.TicketNetworks;
import org.ltcheck.data.Dataset;
import org.ltcheck.model.Network;
import org.ltcheck.differential.InputRegion;
import org.ltcheck.simplify.DeadNeuronFolding;
import org.ltcheck.simplify.DeadNeurons;
import org.ltcheck.theory.ErrorBound;
import org.ltcheck.theory.MotherPlan;
import org.ltcheck.theory.MotherWidths;
import org.ltcheck.targets.LayerGeometry;
import org.ltcheck.theory.TargetArchitecture;
import org.ltcheck.theory.WidthParameters;

/**
 * What every ticket report measures after the construction: the certificate, the worst-case
 * output bound, the mother the theory asks for, and the comparison with the target on test
 * images (with per-input bounds where they apply). One code path for {@code ltcheck construct}
 * and the reproduction's cells, so that a reproduction row and a {@code construct} report of the
 * same settings agree.
 *
 * @param target the target network
 * @param layers the target's weight layers
 * @param source how the report names the target (e.g. its file)
 * @param inputBound B₀ ≥ |x| over the input domain, for the worst-case output bound
 * @param delta failure probability of the theory's width bound
 * @param threads inference threads
 * @param domain the input domain, over which dead target channels are proved 0
 * @param removeDeadNeurons whether tickets are built for the target without its dead channels
 *     ({@link DeadNeuronFolding}); certified against the original target either way
 */
public record TicketAssessment(Network target, List<TargetLayer> layers, String source, double inputBound,
    double delta, int threads, InputRegion domain, boolean removeDeadNeurons) {
  /**
   * An assessment of tickets built for the whole target, over the box |x| ≤ {@code inputBound}
   * (which contains the domain).
   */
  public TicketAssessment(
      Network target, List<TargetLayer> layers, String source, double inputBound, double delta, int threads) {
    this(target, layers, source, inputBound, delta, threads, InputRegion.symmetric(target.inputShape(), inputBound),
        false);
  }

  public TicketAssessment {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(domain, "domain");
    layers = List.copyOf(layers);
    Objects.requireNonNull(source, "source");
    if (!(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException("delta must be in (0,1), got " + delta);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive, got " + threads);
    }
  }

  /**
   * Certifies, bounds and evaluates a constructed ticket.
   *
   * @param settings the settings the ticket was built with (its η is the report's tolerance)
   * @param result the construction
   * @param test images to compare target and ticket on, or null to skip evaluation
   * @param calibration how η was chosen, or null when it was given
   * @param progress progress of the tasks "certify" (per-input bounds) and "evaluate"
   */
  public ConstructionReport assess(ConstructionSettings settings, TicketConstructor.Result result, Dataset test,
      ToleranceCalibration calibration, TaskProgress.Tasks progress) {
    long t0 = System.nanoTime();
    TicketCertificate certificate = TicketVerifier.certify(result.ticket(), layers, settings, domain);
    double certSeconds = (System.nanoTime() - t0) / 1e9;
    // The construction's target: the original without the dead channels the certificate proved 0.
    List<TargetLayer> built = result.target();
    DeadNeurons dead = result.ticket().deadNeurons();
    ErrorBound bound = OutputErrorBounds.certified(built, certificate, inputBound);
    MotherPlan plan = MotherWidths.plan(
        architecture(layers), settings.construction(), WidthParameters.defaults(settings.eta(), delta));
    Agreement agreement = null;
    double evalSeconds = 0;
    if (test != null) {
      long e0 = System.nanoTime();
      double[] perImage = null;
      if (PerInputBounds.applies(built)) {
        try (TaskProgress p = progress.start("certify", test.size())) {
          perImage = PerInputBounds.of(
              target, dead, built, certificate, test, threads, (done, total) -> p.stepTo(done));
        }
      }
      try (TaskProgress p = progress.start("evaluate", 2L * test.size())) {
        agreement = TicketComparison.compare(target, TicketNetworks.ticket(result.ticket()), test, threads,
            (done, total) -> p.stepTo(done), perImage);
      }
      evalSeconds = (System.nanoTime() - e0) / 1e9;
    }
    String activation = layers.get(0).activation().kind().cliName();
    return new ConstructionReport(settings.construction().label(), activation, settings.eta(), settings.seed(), source,
        TargetLayers.nonZeroParameters(layers), result, certificate, plan, bound, inputBound, agreement, certSeconds, evalSeconds, calibration,
        removeDeadNeurons ? List.of(new DeadNeuronSection(dead, layers, built)) : List.of());
  }

  /** The target channels the construction leaves out: those proved 0 over the domain, when they are removed. */
  public DeadNeurons deadNeurons() {
    return removeDeadNeurons ? DeadNeuronFolding.find(layers, domain) : DeadNeurons.none();
  }

  /** The theory's view of a target: channel counts, kernel taps, nonzeros. */
  private static TargetArchitecture architecture(List<TargetLayer> layers) {
    return new TargetArchitecture(
        layers.stream().map(t -> LayerGeometry.of(t).shape(t.nonZeroWeights(), t.nonZeroBiases())).toList());
  }
}
