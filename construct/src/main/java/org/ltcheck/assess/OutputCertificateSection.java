package org.ltcheck.assess;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import org.ltcheck.data.Dataset;
import org.ltcheck.data.Normalization;
import org.ltcheck.differential.DifferenceLowerBound;
import org.ltcheck.differential.OutputCertificate;
import org.ltcheck.differential.OutputCertification;
import org.ltcheck.inference.ProgressListener;
import org.ltcheck.model.Network;
import org.ltcheck.ticket.Ticket;
import org.ltcheck.ticket.TicketNetworks;

/**
 * The report section {@code outputCertificate}: the differential certificate of the theorem's
 * claim itself for the built ticket ({@link OutputCertification}): the certified bound on
 * sup ‖f_ticket − f_target‖∞ over the whole input domain beside the largest difference a search
 * found there, and per radius the fraction of images whose top-1 agreement is certified over the
 * whole ball around them.
 */
public record OutputCertificateSection(OutputCertificate certificate) implements ReportSection {
  private static final ObjectMapper JSON = new ObjectMapper();

  public OutputCertificateSection {
    Objects.requireNonNull(certificate, "certificate");
  }

  /**
   * How a {@link TicketJob} certifies its ticket's outputs.
   *
   * @param normalization the input normalisation (its pixel box is the input domain)
   * @param images the images whose balls are certified, or null for the global bound only
   * @param radii the balls' radii in pixel levels
   * @param lowerBound the search reported as {@code found}
   */
  public record Request(Normalization normalization, Dataset images, List<Double> radii,
      DifferenceLowerBound lowerBound) {
    public Request {
      Objects.requireNonNull(normalization, "normalization");
      radii = List.copyOf(radii);
      Objects.requireNonNull(lowerBound, "lowerBound");
    }

    /** Certifies {@code ticket} against {@code target}, reporting progress as task "certify outputs". */
    OutputCertificateSection certify(Network target, Ticket ticket, int threads, TaskProgress.Tasks progress) {
      OutputCertification c =
          new OutputCertification(target, ticket.mother(), ticket.deadNeurons(), TicketNetworks.ticket(ticket),
              normalization, threads);
      int n = images == null ? 0 : images.size();
      try (TaskProgress p = progress.start("certify outputs", n + 1L)) {
        ProgressListener listener = (done, total) -> p.stepTo(done);
        return new OutputCertificateSection(
            c.certify(images == null ? null : images.images(), radii, listener, lowerBound));
      }
    }
  }

  @Override
  public String name() {
    return "outputCertificate";
  }

  @Override
  public ObjectNode toJson() {
    return JSON.valueToTree(certificate);
  }
}
