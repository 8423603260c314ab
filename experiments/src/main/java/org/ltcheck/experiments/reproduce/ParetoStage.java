package org.ltcheck.experiments.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ltcheck.assess.ConstructionReport;
import org.ltcheck.assess.TicketAssessment;
import org.ltcheck.assess.TicketJob;
import org.ltcheck.assess.TicketOutputs;
import org.ltcheck.build.ConstructionSettings;
import org.ltcheck.build.TargetLayers;
import org.ltcheck.data.Dataset;
import org.ltcheck.data.Normalization;
import org.ltcheck.data.Split;
import org.ltcheck.differential.InputRegion;
import org.ltcheck.io.AtomicFiles;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.Layer;
import org.ltcheck.model.Network;
import org.ltcheck.report.MarkdownTable;
import org.ltcheck.report.ParetoPlots;
import org.ltcheck.targets.MnistCnnTarget;
import org.ltcheck.targets.TargetDataset;
import org.ltcheck.theory.Construction;
import org.ltcheck.theory.MotherPlan;

/**
 * Stage pareto: ticket size against the mother's width. On the bundled MNIST target (the one
 * the reference's figures are for, independent of this pipeline's training), each construction
 * builds, certifies and evaluates a ticket by {@link TicketJob}, as {@code ltcheck construct}
 * does with dead channels removed, for every base-set size ρ of {@link ParetoSettings} and then
 * at the theory's where this build reaches it: a wider mother offers more random terms per subset
 * sum, so each target weight needs fewer of them, while L+1 builds every weight once per copy.
 * L+1 also on the target's convolutions alone, to compare with the reference's conv-only ticket. Writes {@code pareto.json}, {@code pareto.md} and {@code pareto.png}.
 */
final class ParetoStage {
  static final String STEM = "pareto";

  private ParetoStage() {}

  /**
   * Runs the measurement unless {@code dir} holds its result.
   *
   * @return the stage's outcome (not yet announced)
   */
  static StageOutcome run(ParetoSettings settings, Path dir, Path dataDir, int threads, ReproductionListener listener)
      throws IOException {
    String fingerprint = ParetoSettings.FORMAT + " | " + settings;
    Path marker = dir.resolve(Reproduction.MARKER);
    if (StageMarkers.finished(marker, STEM, fingerprint)) {
      return StageMarkers.outcome(marker, dir.getParent());
    }
    listener.stageStarted(STEM);
    long t0 = System.nanoTime();
    Network target = MnistCnnTarget.bundled();
    Normalization normalization = TargetDataset.MNIST.normalization();
    Dataset test = TargetDataset.MNIST.load(Split.TEST, dataDir).evenlySpaced(settings.images());
    List<Curve> curves = new ArrayList<>();
    for (Construction c : settings.constructions()) {
      curves.add(new Curve(c.label(), c, target, test));
      if (c == Construction.L_PLUS_ONE && settings.convOnly()) {
        curves.add(new Curve(CONV_ONLY, c, convolutions(target), null));
      }
    }
    Files.createDirectories(dir);
    Path ticket = dir.resolve("ticket.safetensors");
    List<ParetoPoint> points = new ArrayList<>();
    List<TheoryWidth> theory = new ArrayList<>();
    for (Curve curve : curves) {
      TicketJob job = new TicketJob(new TicketAssessment(curve.target(), TargetLayers.of(curve.target()),
          MnistCnnTarget.NAME, normalization.maxAbs(), settings.delta(), threads,
          InputRegion.domain(curve.target().inputShape(), normalization), true));
      MotherPlan plan = null;
      for (int rho : settings.rhos()) {
        plan = point(job, curve, settings, rho, 2 * rho, false, ticket, threads, listener, points).theory();
      }
      TheoryWidth t = new TheoryWidth(curve.name(), plan.rho(), plan.rho1(),
          plan.rho() <= ConstructionSettings.MAX_RHO && plan.rho1() <= ConstructionSettings.MAX_RHO1);
      theory.add(t);
      if (settings.theoryPoint() && t.built()) {
        point(job, curve, settings, t.rho(), t.rho1(), true, ticket, threads, listener, points);
      }
    }
    Path json = dir.resolve(STEM + ".json");
    Path markdown = dir.resolve(STEM + ".md");
    Path png = dir.resolve(STEM + ".png");
    AtomicFiles.writeString(json, StageMarkers.JSON.writeValueAsString(toJson(settings, points, theory)) + "\n");
    AtomicFiles.writeString(markdown, markdown(settings, points, theory));
    ParetoPlots.ticketSizeVsWidth(points.stream().map(p -> new ParetoPlots.SizeAtWidth(p.construction(), p.rho(),
        p.ticketParams(), p.termsPerWeight())).toList(),
        theory.stream().map(t -> new ParetoPlots.TheoryRho(t.construction(), t.rho())).toList(), settings.eta(), png);
    List<Path> outputs = List.of(json, markdown, png);
    double seconds = (System.nanoTime() - t0) / 1e9;
    StageMarkers.write(marker, StageMarkers.marker(STEM, fingerprint, seconds, dir.getParent(), outputs));
    return new StageOutcome(STEM, false, seconds, outputs);
  }

  /**
   * The theory's base-set sizes for a construction at the stage's tolerance.
   *
   * @param built whether this build's construction reaches them (ρ ≤ {@link ConstructionSettings#MAX_RHO},
   *     ρ₁ ≤ {@link ConstructionSettings#MAX_RHO1})
   */
  record TheoryWidth(String construction, int rho, int rho1, boolean built) {}

  /** The name of the curve of L+1 tickets for the target's convolutions alone. */
  static final String CONV_ONLY = "L+1 conv-only";

  /**
   * One curve: a construction on a target.
   *
   * @param test the images ticket and target are compared on, or null (a target without classes)
   */
  private record Curve(String name, Construction construction, Network target, Dataset test) {}

  /**
   * The target's convolutions alone, conv1 → ReLU → conv2 with conv2 as the (linear) output
   * layer: what the reference's conv-only L+1 tickets were built for. The ticket's size does not
   * depend on the activation after its last layer.
   */
  static Network convolutions(Network target) {
    List<Layer> layers = target.layers();
    int last = -1;
    for (int k = 0; k < layers.size() && !(layers.get(k) instanceof Flatten); k++) {
      if (layers.get(k) instanceof Conv2d) {
        last = k;
      }
    }
    if (last < 0) {
      throw new IllegalArgumentException("the target has no convolution before its flatten");
    }
    return new Network(target.inputShape(), layers.subList(0, last + 1));
  }

  /** Builds, certifies and evaluates one ticket and adds its point. */
  private static ConstructionReport point(TicketJob job, Curve curve, ParetoSettings settings, int rho, int rho1,
      boolean atTheory, Path ticket, int threads, ReproductionListener listener, List<ParetoPoint> points)
      throws IOException {
    ConstructionSettings s = new ConstructionSettings(curve.construction(), settings.eta(), settings.seed(), rho, rho1,
        ConstructionSettings.DEFAULT_MAX_SUBSET_SIZE, false, threads, TargetDataset.MNIST.normalization().maxAbs());
    String label = String.format(Locale.ROOT, "%s %s rho=%d", STEM, curve.name(), rho);
    long p0 = System.nanoTime();
    ConstructionReport r = job.run(s, curve.test(), null, new TicketOutputs(ticket, null), List.of(),
        (task, total) -> listener.progress(task + " " + label, total));
    // Only the sizes are kept: every ticket is regenerable from its seed and settings.
    Files.deleteIfExists(ticket);
    Files.deleteIfExists(new TicketOutputs(ticket, null).manifest());
    points.add(ParetoPoint.of(curve.name(), r, rho, rho1, atTheory, (System.nanoTime() - p0) / 1e9));
    listener.notice(String.format(Locale.ROOT, "%s: %,d ticket parameters, %.2f terms per weight", label,
        r.result().ticket().parameterCount(), r.result().statistics().meanSubsetSize()));
    return r;
  }

  private static ObjectNode toJson(ParetoSettings settings, List<ParetoPoint> points, List<TheoryWidth> theory) {
    ObjectNode root = StageMarkers.JSON.createObjectNode();
    root.put("target", MnistCnnTarget.NAME);
    root.put("eta", settings.eta());
    root.put("seed", settings.seed());
    root.put("images", settings.images());
    root.put("delta", settings.delta());
    root.put("referenceConvTicketParams", ParetoPlots.REFERENCE_CONV_TICKET);
    root.put("referenceConvTicketParamsSd", ParetoPlots.REFERENCE_CONV_TICKET_SD);
    root.put("referenceRho", ParetoPlots.REFERENCE_RHO);
    root.put("pensiaTermsPerWeight", ParetoPlots.PENSIA_TERMS_PER_WEIGHT);
    ArrayNode widths = root.putArray("theory");
    for (TheoryWidth t : theory) {
      ObjectNode n = widths.addObject();
      n.put("construction", t.construction());
      n.put("rho", t.rho());
      n.put("rho1", t.rho1());
      n.put("built", t.built());
    }
    ArrayNode rows = root.putArray("points");
    for (ParetoPoint p : points) {
      p.toJson(rows.addObject());
    }
    return root;
  }

  /** The points of a {@code pareto.json}. */
  static List<ParetoPoint> read(Path json) throws IOException {
    JsonNode root = StageMarkers.JSON.readTree(json.toFile());
    List<ParetoPoint> points = new ArrayList<>();
    for (JsonNode p : root.path("points")) {
      points.add(ParetoPoint.fromJson(p));
    }
    return points;
  }

  private static String percentOrDash(double fraction) {
    return Double.isNaN(fraction) ? "–" : MarkdownTable.percent(fraction, 2);
  }

  /** The table of {@code pareto.md}, with the two references. */
  static String markdown(ParetoSettings settings, List<ParetoPoint> points, List<TheoryWidth> theory) {
    MarkdownTable t = new MarkdownTable("curve", "ρ", "ρ₁", "mother params", "target params", "ticket params",
        "ticket / target", "terms per weight", "agreement", "ticket accuracy", "certificate", "seconds")
        .alignFrom(1, MarkdownTable.Align.RIGHT);
    for (ParetoPoint p : points) {
      t.row(p.construction(), p.rho() + (p.theory() ? " (theory)" : ""), p.rho1(),
          String.format(Locale.ROOT, "%,d", p.motherParams()), String.format(Locale.ROOT, "%,d", p.targetParams()),
          String.format(Locale.ROOT, "%,d", p.ticketParams()), MarkdownTable.number(p.ratio(), 2) + "x",
          MarkdownTable.number(p.termsPerWeight(), 2), percentOrDash(p.agreement()), percentOrDash(p.ticketAccuracy()),
          p.valid() ? "valid" : "INVALID", MarkdownTable.number(p.seconds(), 1));
    }
    t.row("reference L+1 conv-only", ParetoPlots.REFERENCE_RHO, 2 * ParetoPlots.REFERENCE_RHO, "", "945",
        String.format(Locale.ROOT, "%,.0f ± %.0f", ParetoPlots.REFERENCE_CONV_TICKET,
            ParetoPlots.REFERENCE_CONV_TICKET_SD), "", "", "", "", "", "");
    t.row("Pensia et al.", "", "", "", "", "", "", MarkdownTable.number(ParetoPlots.PENSIA_TERMS_PER_WEIGHT, 1), "", "",
        "", "");
    StringBuilder widths = new StringBuilder();
    for (TheoryWidth w : theory) {
      widths.append(String.format(Locale.ROOT, "%nThe theory's base-set sizes for %s at η = %s, δ = %s: ρ = %d, ρ₁ = %d%s.",
          w.construction(), settings.eta(), settings.delta(), w.rho(), w.rho1(), w.built() ? " (the last row)"
              : String.format(Locale.ROOT, ", beyond this build's construction (ρ ≤ %d, ρ₁ ≤ %d: the solvers' base sets"
                  + " hold at most %d values), so the curve ends at ρ = %d", ConstructionSettings.MAX_RHO,
                  ConstructionSettings.MAX_RHO1, ConstructionSettings.MAX_RHO, settings.rhos().get(settings.rhos().size() - 1))));
    }
    return String.format(Locale.ROOT, "# Ticket size vs base-set size ρ (bundled MNIST target, η = %s, seed %d)%n%n"
        + "Target parameters: nonzero, after dead channels are removed (\"%s\": conv1 → ReLU → conv2 alone, conv2 the"
        + " output layer, as the reference built it). ρ₁ = 2ρ except at the theory's point; agreement and accuracy on"
        + " %d test images; terms per weight: mean random terms per subset sum.%s%n%n%s",
        settings.eta(), settings.seed(), CONV_ONLY, settings.images(), widths, t.render());
  }
}
