package org.ltcheck.experiments.reproduce;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.ltcheck.construct.ConstructionSettings;
import org.ltcheck.construct.TargetLayer;
import org.ltcheck.construct.TicketCertificate;
import org.ltcheck.construct.TicketConstructor;
import org.ltcheck.construct.TicketFiles;
import org.ltcheck.construct.TicketNetworks;
import org.ltcheck.construct.TicketVerifier;
import org.ltcheck.data.Dataset;
import org.ltcheck.evaluation.Agreement;
import org.ltcheck.evaluation.OutputErrorBounds;
import org.ltcheck.evaluation.PerInputBounds;
import org.ltcheck.evaluation.TicketComparison;
import org.ltcheck.model.Network;
import org.ltcheck.report.ConstructionReport;
import org.ltcheck.subsetsum.MinimumCardinalitySolver;
import org.ltcheck.theory.ErrorBound;
import org.ltcheck.theory.MotherPlan;
import org.ltcheck.theory.MotherWidths;
import org.ltcheck.theory.WidthParameters;

/**
 * Stage construct for one pruned target: each cell of the grid is built, certified, bounded,
 * set against the theory's mother and evaluated with the same library calls as
 * {@code ltcheck construct}, so that a reproduction's row and a {@code construct} report of the
 * same settings agree.
 *
 * @param target the pruned target network
 * @param source how the report names the target (its file)
 * @param layers the target's weight layers
 * @param test the images target and ticket are compared on, each also with its per-input bound
 * @param inputBound the input domain's bound for the worst-case output error
 */
record TicketRuns(
    Network target, List<TargetLayer> layers, String source, Dataset test, double inputBound, TheoryView theory,
    ConstructionGrid grid, int threads) {

  /** Version of the cell record's content; part of each cell's fingerprint. */
  static final String FORMAT = "ltcheck-reproduce-cell-2";

  /**
   * Builds, certifies and evaluates one ticket and writes it to {@code ticketFile} (with its
   * manifest).
   *
   * @return the {@code ltcheck construct} report of the ticket
   */
  ConstructionReport run(ConstructionGrid.Cell cell, Path ticketFile, ReproductionListener listener)
      throws IOException {
    ConstructionSettings settings = grid.settings(cell, threads);
    TicketConstructor.Result result;
    try (ReproductionListener.Progress p = listener.progress("construct " + cell.label(),
        TicketConstructor.progressTotal(layers))) {
      result = new TicketConstructor(new MinimumCardinalitySolver(settings.maxSubsetSize()))
          .construct(layers, target.inputShape(), settings, p::stepTo);
    }
    long t0 = System.nanoTime();
    TicketCertificate certificate = TicketVerifier.certify(result.ticket(), layers, cell.eps(), settings.inputNonNegative());
    double certSeconds = (System.nanoTime() - t0) / 1e9;
    ErrorBound bound = OutputErrorBounds.certified(layers, certificate, inputBound);
    MotherPlan plan = MotherWidths.plan(theory.architecture(layers), cell.construction(),
        WidthParameters.defaults(cell.eps(), grid.delta()));
    long e0 = System.nanoTime();
    double[] perImage = null;
    if (PerInputBounds.applies(layers)) {
      try (ReproductionListener.Progress p = listener.progress("certify " + cell.label(), test.size())) {
        perImage = PerInputBounds.of(target, layers, certificate, test, threads, (done, total) -> p.stepTo(done));
      }
    }
    Agreement agreement;
    try (ReproductionListener.Progress p = listener.progress("evaluate " + cell.label(), 2L * test.size())) {
      agreement = TicketComparison.compare(target, TicketNetworks.ticket(result.ticket()), test, threads,
          (done, total) -> p.stepTo(done), perImage);
    }
    double evalSeconds = (System.nanoTime() - e0) / 1e9;
    TicketFiles.write(ticketFile, result.ticket(), cell.eps());
    long nonZero = layers.stream().mapToLong(l -> l.nonZeroWeights() + l.nonZeroBiases()).sum();
    String activation = layers.get(0).activation().kind().cliName();
    return new ConstructionReport(cell.construction().label(), activation, cell.eps(), cell.seed(), source, nonZero,
        result, certificate, plan, bound, inputBound, agreement, certSeconds, evalSeconds);
  }

  /** The report as a stage record: {@code construct}'s JSON plus the fingerprint and the ticket file. */
  static ObjectNode record(ConstructionReport report, String fingerprint, String ticketFile, double seconds) {
    ObjectNode o = report.toJson();
    o.put("fingerprint", fingerprint);
    o.put("ticketFile", ticketFile);
    o.put("stageSeconds", seconds);
    return o;
  }
}
