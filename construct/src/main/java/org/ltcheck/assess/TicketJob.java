package org.ltcheck.assess;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.ltcheck.build.ConstructionSettings;
import org.ltcheck.build.TargetLayer;
import org.ltcheck.build.TicketConstructor;
import org.ltcheck.simplify.DeadNeurons;
import org.ltcheck.data.Dataset;

/**
 * One ticket from target to files: remove the target's dead channels (when the assessment asks
 * for it), construct (at the given tolerance, or by a {@link ToleranceSearch} when a calibration
 * is asked for), certify against the original target, evaluate, write. The one
 * pipeline behind {@code ltcheck construct} and every cell of a reproduction, so that both give
 * the same numbers for the same settings.
 *
 * <p>Order of failures: {@link #check} refuses unreachable tolerances and unwritable or colliding
 * outputs before anything is built; the outputs are written only after everything succeeded and
 * then as one set ({@link TicketOutputs#write}), so a failed job leaves every old file as it was.
 */
public final class TicketJob {
  /**
   * How to choose the tolerance instead of taking it as given.
   *
   * @param images the calibration images (training images, not the test set)
   * @param minAgreement the top-1 agreement with the target to reach, in (0,1]
   * @param data what the images are, for the report (e.g. "1000 of 60000 MNIST train images")
   */
  public record Calibration(Dataset images, double minAgreement, String data) {
    public Calibration {
      Objects.requireNonNull(images, "images");
      Objects.requireNonNull(data, "data");
      if (!(minAgreement > 0 && minAgreement <= 1)) {
        throw new IllegalArgumentException("minimum agreement must be in (0,1], got " + minAgreement);
      }
    }
  }

  /**
   * How to choose per-parameter tolerances for an output tolerance ({@link OutputToleranceSearch}).
   *
   * @param outputEps E, the certified global output bound to reach
   * @param certifier the certified global bound of a rung's ticket
   * @param theory the theory's mother at (E, δ) for the report, or null
   * @param theoryNote why {@code theory} is null, or null
   */
  public record OutputTolerance(double outputEps, OutputToleranceSearch.GlobalBound certifier,
      OutputToleranceLadder.TheoryMother theory, String theoryNote) {
    public OutputTolerance {
      Objects.requireNonNull(certifier, "certifier");
      if (!(outputEps > 0 && Double.isFinite(outputEps))) {
        throw new IllegalArgumentException("the output tolerance must be finite and positive, got " + outputEps);
      }
    }
  }

  /** Progress of a job: its tasks ("construct", "certify", "evaluate") and the rungs of a calibration. */
  public interface Progress extends TaskProgress.Tasks {
    /** The listener of a tolerance search's rungs. */
    default ToleranceSearch.Listener calibration() {
      return ToleranceSearch.Listener.NONE;
    }
  }

  /** A construction that failed although its settings passed {@link #check}, with those settings. */
  public static final class ConstructionFailedException extends RuntimeException {
    ConstructionFailedException(ConstructionSettings s, RuntimeException cause) {
      super(String.format(java.util.Locale.ROOT, "the %s construction at eps %s with seed %d failed: %s",
          s.construction().label(), s.eta(), s.seed(), cause.getMessage()), cause);
    }
  }

  private final TicketAssessment assessment;
  /** The target channels proved dead over the domain, found once: the proof propagates bounds through the target. */
  private final DeadNeurons dead;
  /** The layers the construction builds: the target's without its dead channels. */
  private final List<TargetLayer> layers;

  /** @param assessment the target and how its tickets are assessed */
  public TicketJob(TicketAssessment assessment) {
    this.assessment = Objects.requireNonNull(assessment, "assessment");
    this.dead = assessment.deadNeurons();
    this.layers = dead.apply(assessment.layers());
  }

  /** Progress steps of one construction of this job's target (for a caller's progress bar). */
  public long constructionSteps() {
    return TicketConstructor.progressTotal(layers);
  }

  /**
   * Everything that can be refused before any work: a tolerance the subset sums cannot reach for
   * the target's weights ({@link ToleranceLimits}), and outputs that cannot be written or collide
   * with each other or with an input ({@link TicketOutputs#check}).
   *
   * @param inputs the files the job's target was read from
   */
  public void check(ConstructionSettings settings, TicketOutputs outputs, List<Path> inputs) throws IOException {
    ToleranceLimits.check(assessment.layers(), settings);
    outputs.check(inputs);
  }

  /**
   * Runs the job and writes its outputs.
   *
   * @param settings the construction (its η is the tolerance, or the loosest rung of a calibration)
   * @param test images to evaluate target and ticket on, or null to skip evaluation
   * @param calibration how to choose the tolerance, or null to take the settings' η
   * @param inputs the files the target was read from (outputs must not overwrite them)
   * @return the report that was written
   * @throws ConstructionFailedException if the construction gives up on a subset-sum problem
   */
  public ConstructionReport run(ConstructionSettings settings, Dataset test, Calibration calibration,
      TicketOutputs outputs, List<Path> inputs, Progress progress) throws IOException {
    return run(settings, test, calibration, null, outputs, inputs, progress);
  }

  /**
   * Runs the job, certifies the built ticket's outputs as {@code outputCertificate} when asked,
   * and writes its outputs (the certificate is part of the report, so it is written with them).
   *
   * @param outputCertificate how to certify the ticket's outputs, or null not to
   * @see #run(ConstructionSettings, Dataset, Calibration, TicketOutputs, List, Progress)
   */
  public ConstructionReport run(ConstructionSettings settings, Dataset test, Calibration calibration,
      OutputCertificateSection.Request outputCertificate, TicketOutputs outputs, List<Path> inputs, Progress progress)
      throws IOException {
    return run(settings, test, calibration, null, outputCertificate, outputs, inputs, progress);
  }

  /**
   * Runs the job with the tolerances chosen for an output tolerance when {@code outputTolerance} is given (then
   * {@code calibration} must be null), reported as section {@code outputTolerance}.
   *
   * @see #run(ConstructionSettings, Dataset, Calibration, OutputCertificateSection.Request, TicketOutputs, List,
   *     Progress)
   */
  public ConstructionReport run(ConstructionSettings settings, Dataset test, Calibration calibration,
      OutputTolerance outputTolerance, OutputCertificateSection.Request outputCertificate, TicketOutputs outputs,
      List<Path> inputs, Progress progress) throws IOException {
    if (calibration != null && outputTolerance != null) {
      throw new IllegalArgumentException("a minimum agreement and an output tolerance cannot be asked for together");
    }
    check(settings, outputs, inputs);
    TicketConstructor constructor = TicketConstructor.selectingSolvers();
    TicketConstructor.Result result;
    ConstructionSettings built = settings;
    ToleranceCalibration chosen = null;
    OutputToleranceLadder ladder = null;
    try {
      if (outputTolerance != null) {
        OutputToleranceSearch.GlobalBound certifier = outputTolerance.certifier();
        OutputToleranceSearch.Outcome o = new OutputToleranceSearch(
            constructor, (target, ticket) -> certifier.of(target, ticket.withDeadNeurons(dead))).search(
                assessment.target(), layers, settings, outputTolerance.outputEps(), progress.calibration());
        result = o.result();
        built = o.settings();
        ladder = new OutputToleranceLadder(
            outputTolerance.outputEps(), o, outputTolerance.theory(), outputTolerance.theoryNote());
      } else if (calibration == null) {
        try (TaskProgress p = progress.start("construct", constructionSteps())) {
          result = constructor.construct(layers, assessment.target().inputShape(), settings, p::stepTo);
        }
      } else {
        ToleranceSearch.Outcome o = new ToleranceSearch(constructor, assessment.threads()).search(assessment.target(),
            layers, settings, calibration.images(), calibration.minAgreement(), progress.calibration());
        result = o.result();
        built = o.settings();
        chosen = new ToleranceCalibration(
            settings.eta(), calibration.minAgreement(), calibration.data(), o.steps(), o.reached());
      }
    } catch (IllegalStateException e) {
      throw new ConstructionFailedException(built, e);
    }
    result = new TicketConstructor.Result(
        result.ticket().withDeadNeurons(dead), result.target(), result.statistics(), result.seconds());
    ConstructionReport report = assessment.assess(built, result, test, chosen, progress);
    if (ladder != null) {
      report = report.with(ladder);
    }
    if (outputCertificate != null) {
      report = report.with(
          outputCertificate.certify(assessment.target(), result.ticket(), assessment.threads(), progress));
    }
    outputs.write(report);
    return report;
  }
}
