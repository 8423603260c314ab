package org.ltcheck.experiments.reproduce;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.ltcheck.build.ConstructionSettings;
import org.ltcheck.build.TargetLayer;
import org.ltcheck.build.TicketConstructor;
import org.ltcheck.data.Dataset;
import org.ltcheck.model.Network;
import org.ltcheck.assess.ConstructionReport;
import org.ltcheck.assess.TaskProgress;
import org.ltcheck.assess.TicketAssessment;
import org.ltcheck.subsetsum.MinimumCardinalitySolver;
import org.ltcheck.ticket.TicketFiles;
import org.ltcheck.assess.TicketJob;
import org.ltcheck.assess.TicketOutputs;

/**
 * Stage construct for one pruned target: each cell of the grid is built, certified, bounded,
 * set against the theory's mother, evaluated and written by the same {@link TicketJob} as
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
    Network target, List<TargetLayer> layers, String source, Dataset test, double inputBound, ConstructionGrid grid,
    int threads) {

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
    TicketJob job = new TicketJob(new TicketAssessment(target, layers, source, inputBound, grid.delta(), threads));
    return job.run(grid.settings(cell, threads), test, null, new TicketOutputs(ticketFile, null), List.of(),
        (task, total) -> listener.progress(task + " " + cell.label(), total));
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
