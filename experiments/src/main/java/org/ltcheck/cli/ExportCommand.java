package org.ltcheck.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.ltcheck.export.ExportFormat;
import org.ltcheck.export.TicketExport;
import org.ltcheck.model.Network;
import org.ltcheck.targets.InputShape;
import org.ltcheck.targets.TargetDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ltcheck export}: writes a ticket as the pruned mother network (its real layers, zeros
 * where pruned) in a format PyTorch or an ONNX runtime runs without ltcheck. The network reads
 * normalised images, as the target did; the normalisation is recorded beside the layer list.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = "Write a ticket as an ordinary network (pruned mother: zeros where pruned) as ONNX, safetensors or"
        + " a torch.save state dict.")
public final class ExportCommand implements Callable<Integer> {
  @Option(names = "--ticket", required = true, description = "Ticket file (.safetensors written by construct).")
  Path ticketFile;

  @Option(names = "--format", required = true, paramLabel = "onnx|safetensors|pt",
      description = "onnx (opset 13), safetensors (layer list in __metadata__) or pt (torch.save zip of an OrderedDict"
          + " of tensors plus the layer list under 'ltcheck.layers').")
  String format;

  @Option(names = "--output", required = true, description = "File to write (atomically).")
  Path output;

  @Option(names = "--dataset", paramLabel = "mnist|cifar10",
      description = "Images the network reads, for the recorded normalisation (default: the data set whose images"
          + " have the ticket's input shape, else none).")
  String dataset;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    ExportFormat f = ExportFormat.parse(format);
    if (Files.isDirectory(output)) {
      throw new IllegalArgumentException("--output " + output + " is a directory; give a file");
    }
    if (output.toAbsolutePath().normalize().equals(ticketFile.toAbsolutePath().normalize())) {
      throw new IllegalArgumentException("--output " + output + " would overwrite the ticket");
    }
    TicketExport export = TicketExport.read(ticketFile, Optional.ofNullable(dataset).map(TargetDataset::parse));
    export.write(output, f);
    Network net = export.network();
    java.io.PrintWriter out = spec.commandLine().getOut();
    out.println("ltcheck export: " + ticketFile + " -> " + output + " (" + f.cliName() + ", "
        + net.layers().size() + " layers, input " + InputShape.of(net.inputShape())
        + export.dataset().map(d -> ", " + d.cliName() + " normalisation").orElse("") + ")");
    out.flush();
    return 0;
  }
}
