package org.ltcheck.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.ltcheck.mother.MotherLayerSpec;
import org.ltcheck.ticket.Ticket;
import org.ltcheck.ticket.TicketFiles;
import org.ltcheck.ticket.TicketNetworks;
import org.ltcheck.data.Cifar10Fetcher;
import org.ltcheck.data.Dataset;
import org.ltcheck.data.MnistFetcher;
import org.ltcheck.data.Normalization;
import org.ltcheck.data.Split;
import org.ltcheck.differential.OutputCertificate;
import org.ltcheck.differential.OutputCertification;
import org.ltcheck.differential.SampledDifferenceLowerBound;
import org.ltcheck.io.AtomicFiles;
import org.ltcheck.io.safetensors.SafetensorsFile;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Network;
import org.ltcheck.targets.CifarResNetTarget;
import org.ltcheck.targets.MnistCnnTarget;
import org.ltcheck.targets.TargetVariants;
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
  @Option(names = "--ticket", required = true, description = "Ticket file (.safetensors written by construct).")
  Path ticketFile;

  @Option(names = "--target", defaultValue = "mnist",
      description = "Target: 'mnist' (the bundled MNIST CNN) or a safetensors file (default: ${DEFAULT-VALUE}).")
  String target;

  @Option(names = "--arch", defaultValue = "auto",
      description = "Target architecture: auto (from the file's tensor names), cnn or resnet20 (default: ${DEFAULT-VALUE}).")
  String arch;

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
      if (!(r >= 0) || Double.isInfinite(r)) {
        throw new IllegalArgumentException("--radius values must be finite and non-negative, got " + r);
      }
    }
    if (dataDir != null && !Files.isDirectory(dataDir)) {
      throw new IllegalArgumentException("data directory " + dataDir + " does not exist");
    }
    int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (workers < 1) {
      throw new IllegalArgumentException("--threads must be positive, got " + workers);
    }
    Ticket ticket = TicketFiles.read(ticketFile);
    Network targetNet = TargetVariants.withActivation(loadTarget(), hiddenActivation(ticket));
    boolean cifar = Arrays.equals(targetNet.inputShape(), new int[] {3, 32, 32});
    Normalization normalization = cifar ? Normalization.CIFAR10 : Normalization.MNIST;
    Dataset test = null;
    if (images > 0) {
      Dataset all = cifar ? Cifar10Fetcher.withDefaults().loadNormalised(Split.TEST, dataDir)
          : MnistFetcher.withDefaults().loadNormalised(Split.TEST, dataDir);
      test = images >= all.size() ? all : all.evenlySpaced(images);
    }
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
          new SampledDifferenceLowerBound(16, 1, workers));
    }
    java.io.PrintWriter stdout = spec.commandLine().getOut();
    print(stdout, c, workers, test == null ? "" : test.description());
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

  private void print(java.io.PrintWriter stdout, OutputCertificate c, int workers, String data) {
    OutputCertificate.Global g = c.global();
    stdout.printf(Locale.ROOT, "ltcheck certify: %s against %s%n", ticketFile, target);
    stdout.printf(Locale.ROOT, "  global bound         certified %.4g, found %.4g (ratio %.3g) over the whole input domain%n",
        g.certified(), g.found(), g.ratio());
    for (OutputCertificate.Local l : c.local()) {
      stdout.printf(Locale.ROOT,
          "  radius %-4s         certified agreement %.2f%% of %d images, bound median %.4g, max %.4g%n",
          fmt(l.radius()), 100 * l.certifiedAgreement(), l.images(), l.medianBound(), l.maxBound());
    }
    if (!c.local().isEmpty()) {
      stdout.printf(Locale.ROOT, "  time                 %.3f s per image (%d threads)%s%n", c.secondsPerImage(), workers,
          data.isEmpty() ? "" : ", " + data);
    }
  }

  private static String fmt(double r) {
    return r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r);
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

  /** The bundled MNIST CNN, an open_lth ResNet state dict or a file with the MNIST CNN's tensor names. */
  private Network loadTarget() throws IOException {
    if (!arch.equals("auto") && !arch.equals("cnn") && !arch.equals("resnet20")) {
      throw new IllegalArgumentException("--arch must be auto, cnn or resnet20, got '" + arch + "'");
    }
    if (MnistCnnTarget.NAME.equals(target)) {
      return MnistCnnTarget.bundled();
    }
    Path file = Path.of(target);
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(target, null, "target is neither 'mnist' nor a readable file");
    }
    SafetensorsFile f = SafetensorsFile.read(file);
    if (arch.equals("resnet20") || (arch.equals("auto") && f.contains("blocks.0.conv1.weight"))) {
      return CifarResNetTarget.load(file, Activation.relu());
    }
    if (f.contains("conv1.weight") && f.contains("conv2.weight") && f.contains("fc.weight")) {
      return MnistCnnTarget.load(file);
    }
    throw new IllegalArgumentException(target + " is neither an open_lth ResNet nor the MNIST CNN's tensor layout");
  }
}
