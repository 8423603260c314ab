package org.ltcheck.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.ltcheck.model.Network;
import org.ltcheck.targets.InputShape;
import org.ltcheck.targets.TargetDataset;
import org.ltcheck.ticket.Ticket;
import org.ltcheck.ticket.TicketFiles;
import org.ltcheck.ticket.TicketNetworks;

/**
 * A ticket file exported as an ordinary network: {@link TicketNetworks#ticket} (the mother's
 * layers, zeros where pruned) written by {@link NetworkExport}, with where it comes from and the
 * input normalisation it reads recorded beside the layer list.
 *
 * @param ticketFile the ticket (safetensors written by construct)
 * @param network the pruned mother network
 * @param dataset the images the network reads, when known
 */
public record TicketExport(Path ticketFile, Ticket ticket, Network network, Optional<TargetDataset> dataset) {
  /**
   * Reads {@code ticketFile}; {@code dataset} when given, else the data set whose images have the
   * ticket's input shape, if any.
   *
   * @throws IllegalArgumentException when {@code dataset}'s images do not have the ticket's input shape
   */
  public static TicketExport read(Path ticketFile, Optional<TargetDataset> dataset) throws IOException {
    Ticket ticket = TicketFiles.read(ticketFile);
    Network net = TicketNetworks.ticket(ticket);
    InputShape in = InputShape.of(net.inputShape());
    if (dataset.isPresent() && !dataset.get().imageShape().equals(in)) {
      throw new IllegalArgumentException("--dataset " + dataset.get().cliName() + " has " + dataset.get().imageShape()
          + " images but " + ticketFile + " reads " + in);
    }
    Optional<TargetDataset> data = dataset.or(() -> Arrays.stream(TargetDataset.values())
        .filter(d -> d.imageShape().equals(in)).findFirst());
    return new TicketExport(ticketFile, ticket, net, data);
  }

  public void write(Path output, ExportFormat format) throws IOException {
    NetworkExport.write(output, network, format, info());
  }

  /** The entries recorded beside the layer list: {@code ltcheck.source}, {@code ltcheck.normalization}. */
  public Map<String, String> info() {
    Map<String, String> info = new LinkedHashMap<>();
    info.put("ltcheck.source", ticketFile.getFileName() + " (seed " + ticket.mother().seed() + ", "
        + ticket.parameterCount() + " kept parameters)");
    dataset.ifPresent(d -> info.put("ltcheck.normalization", normalization(d)));
    return info;
  }

  private static String normalization(TargetDataset d) {
    ObjectNode n = new ObjectMapper().createObjectNode();
    n.put("dataset", d.cliName());
    n.put("input", "(pixel / 255 - mean[c]) / std[c]");
    double[] mean = d.normalization().mean();
    double[] std = d.normalization().std();
    for (int c = 0; c < mean.length; c++) {
      n.withArray("mean").add(mean[c]);
      n.withArray("std").add(std[c]);
    }
    return n.toString();
  }
}
