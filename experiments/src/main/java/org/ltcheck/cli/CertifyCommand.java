package org.ltcheck.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.ltcheck.mother.MotherLayerSpec;
import org.ltcheck.ticket.Ticket;
import org.ltcheck.ticket.TicketFiles;
import org.ltcheck.ticket.TicketNetworks;
import org.ltcheck.data.Dataset;
import org.ltcheck.data.Normalization;
import org.ltcheck.data.Split;
import org.ltcheck.differential.OutputCertificate;
import org.ltcheck.differential.OutputCertification;
import org.ltcheck.io.AtomicFiles;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Network;
import org.ltcheck.targets.RandomResNetSettings;
import org.ltcheck.targets.Target;
import org.ltcheck.targets.TargetDataset;
import org.ltcheck.targets.TargetVariants;
import org.ltcheck.targets.Targets;
import org.ltcheck.adversarial.DifferenceAscentLowerBound;
import org.ltcheck.adversarial.DifferenceSearchSettings;
import org.ltcheck.report.ConstructionSummary;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import org.ltcheck.theory.ActivationKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ltcheck certify}: certifies the theorem's claim itself for an existing ticket, sup over
 * the input domain of ‖f_ticket(x) − f_target(x)‖∞, and the top-1 agreement of ticket and target
 * over L∞ balls around test images, by differential bound propagation
 * ({@link OutputCertification}). The target is re-evaluated with the activation the ticket's
 * mother uses, as {@code construct --activation} did.
 */
@Command(
    name = "certify",
    mixinStandardHelpOptions = true,
    description = "Certify a ticket's outputs against its target: over the whole input domain and around test images.")
public final class CertifyCommand implements Callable<Integer> {
  /** Training images for the batch-norm statistics of a random-resnet22 target, as construct's default. */
  private static final int RANDOM_RESNET_BN_IMAGES = 2000;

  @Option(names = "--ticket", required = true, description = "Ticket file (.safetensors written by construct).")
  Path ticketFile;

  @Mixin TargetOptions targetOptions;

  @Option(names = "--radius", defaultValue = "0,1,2,4", split = ",",
      description = "L-infinity radii in 8-bit pixel levels around each image (default: ${DEFAULT-VALUE}).")
  List<Double> radii;

  @Option(names = "--images", defaultValue = "1000",
      description = "Test images, spread evenly over the test set, 0 for the global bound only (default: ${DEFAULT-VALUE}).")
  int images;

  @Option(names = "--data-dir", description = "Directory with the test set (default: fetch or convert, and cache).")
  Path dataDir;

  @Option(names = "--threads", description = "Worker threads (default: all processors).")
  Integer threads;

  @Option(names = "--report", description = "JSON report file (default: the ticket file with .certify.json).")
  Path report;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (images < 0) {
      throw new IllegalArgumentException("--images must be non-negative, got " + images);
    }
    for (double r : radii) {
      if (!(r >= 0 && r <= 255)) {
        throw new IllegalArgumentException("--radius values must be in [0, 255] pixel levels, got " + r);
      }
    }
    CliPaths.checkDirectory("--data-dir", dataDir);
    int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (workers < 1) {
      throw new IllegalArgumentException("--threads must be positive, got " + workers);
    }
    Ticket ticket = TicketFiles.read(ticketFile);
    String target = targetOptions.target != null ? targetOptions.target : Targets.MNIST;
    Target resolved = Targets.resolve(targetOptions.request(Optional.of(target)),
        new RandomResNetSettings(Optional.ofNullable(dataDir), ticket.mother().seed(), RANDOM_RESNET_BN_IMAGES, workers));
    Network targetNet = TargetVariants.withActivation(resolved.network(), hiddenActivation(ticket));
    TargetDataset data = resolved.evaluationDataset();
    Normalization normalization = data.normalization();
    Dataset test = images == 0 ? null : data.load(Split.TEST, dataDir).evenlySpaced(images);
    Network ticketNet = TicketNetworks.ticket(ticket);
    OutputCertification certification;
    try {
      certification = new OutputCertification(targetNet, ticket.mother(), ticketNet, normalization, workers);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(ticketFile + " does not fit target " + target + ": " + e.getMessage(), e);
    }
    OutputCertificate c;
    int n = test == null ? 0 : test.size();
    try (ProgressBar bar = ProgressBars.start("certify", n + 1L)) {
      c = certification.certify(test == null ? null : test.images(), radii, (done, total) -> bar.stepTo(done),
          new DifferenceAscentLowerBound(
              DifferenceSearchSettings.defaults().withSeed(ticket.mother().seed()).withThreads(workers)));
    }
    java.io.PrintWriter stdout = spec.commandLine().getOut();
    print(stdout, c, target, workers, test == null ? "" : test.description());
    Path out = report != null ? report : reportPath(ticketFile);
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    root.put("ticket", ticketFile.toString());
    root.put("target", target);
    root.put("threads", workers);
    root.set("outputCertificate", json.valueToTree(c));
    AtomicFiles.writeString(out, json.writeValueAsString(root) + "\n");
    stdout.println("  wrote                " + out);
    stdout.flush();
    return 0;
  }

  private void print(java.io.PrintWriter stdout, OutputCertificate c, String target, int workers, String data) {
    stdout.printf(Locale.ROOT, "ltcheck certify: %s against %s (%d threads%s)%n", ticketFile, target, workers,
        data.isEmpty() ? "" : ", " + data);
    stdout.print(ConstructionSummary.outputCertificateLines(c));
  }

  static Path reportPath(Path ticket) {
    String name = ticket.getFileName().toString();
    String base = name.endsWith(".safetensors") ? name.substring(0, name.length() - ".safetensors".length()) : name;
    return ticket.resolveSibling(base + ".certify.json");
  }

  /** The activation of the mother's hidden sum layers (the target's, as construct re-evaluated it). */
  private static Activation hiddenActivation(Ticket ticket) {
    List<MotherLayerSpec> sums = new ArrayList<>();
    for (MotherLayerSpec l : ticket.mother().layers()) {
      if (l.role() == MotherLayerSpec.Role.SUM && l.activation().kind() != ActivationKind.IDENTITY) {
        sums.add(l);
      }
    }
    return sums.isEmpty() ? Activation.relu() : sums.get(0).activation();
  }
}
