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
import org.ltcheck.build.TargetLayer;
import org.ltcheck.build.TargetLayers;
import org.ltcheck.data.Dataset;
import org.ltcheck.data.Normalization;
import org.ltcheck.data.Split;
import org.ltcheck.differential.InputRegion;
import org.ltcheck.io.AtomicFiles;
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
 * at the theory's: a wider mother offers more random terms per subset sum, so each target weight
 * needs fewer of them. Writes {@code pareto.json}, {@code pareto.md} and {@code pareto.png}.
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
    List<TargetLayer> layers = TargetLayers.of(target);
    Normalization normalization = TargetDataset.MNIST.normalization();
    InputRegion domain = InputRegion.domain(target.inputShape(), normalization);
    Dataset test = TargetDataset.MNIST.load(Split.TEST, dataDir).evenlySpaced(settings.images());
    TicketJob job = new TicketJob(new TicketAssessment(target, layers, MnistCnnTarget.NAME, normalization.maxAbs(),
        settings.delta(), threads, domain, true));
    Files.createDirectories(dir);
    Path ticket = dir.resolve("ticket.safetensors");
    List<ParetoPoint> points = new ArrayList<>();
    List<TheoryWidth> theory = new ArrayList<>();
    for (Construction c : settings.constructions()) {
      MotherPlan plan = null;
      for (int rho : settings.rhos()) {
        ConstructionReport r = point(job, settings, c, rho, 2 * rho, false, ticket, test, threads, listener, points);
        plan = r.theory();
      }
      TheoryWidth t = new TheoryWidth(c.label(), plan.rho(), plan.rho1(),
          plan.rho() <= ConstructionSettings.MAX_RHO && plan.rho1() <= ConstructionSettings.MAX_RHO1);
      theory.add(t);
      if (settings.theoryPoint() && t.built()) {
        point(job, settings, c, t.rho(), t.rho1(), true, ticket, test, threads, listener, points);
      }
    }
    Path json = dir.resolve(STEM + ".json");
    Path markdown = dir.resolve(STEM + ".md");
    Path png = dir.resolve(STEM + ".png");
    AtomicFiles.writeString(json, StageMarkers.JSON.writeValueAsString(toJson(settings, points, theory)) + "\n");
    AtomicFiles.writeString(markdown, markdown(settings, points, theory));
    ParetoPlots.ticketSizeVsWidth(points.stream().map(p -> new ParetoPlots.SizeAtWidth(p.construction(), p.rho(),
        p.ticketParams(), p.convTicketParams(), p.termsPerWeight())).toList(),
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

  /** Builds, certifies and evaluates one ticket and adds its point. */
  private static ConstructionReport point(TicketJob job, ParetoSettings settings, Construction c, int rho, int rho1,
      boolean atTheory, Path ticket, Dataset test, int threads, ReproductionListener listener, List<ParetoPoint> points)
      throws IOException {
    ConstructionSettings s = new ConstructionSettings(c, settings.eta(), settings.seed(), rho, rho1,
        ConstructionSettings.DEFAULT_MAX_SUBSET_SIZE, false, threads, TargetDataset.MNIST.normalization().maxAbs());
    String label = String.format(Locale.ROOT, "%s %s rho=%d", STEM, c.label(), rho);
    long p0 = System.nanoTime();
    ConstructionReport r = job.run(s, test, null, new TicketOutputs(ticket, null), List.of(),
        (task, total) -> listener.progress(task + " " + label, total));
    // Only the sizes are kept: every ticket is regenerable from its seed and settings.
    Files.deleteIfExists(ticket);
    Files.deleteIfExists(new TicketOutputs(ticket, null).manifest());
    points.add(ParetoPoint.of(r, rho, rho1, atTheory, (System.nanoTime() - p0) / 1e9));
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

  /** The table of {@code pareto.md}, with the two references. */
  static String markdown(ParetoSettings settings, List<ParetoPoint> points, List<TheoryWidth> theory) {
    MarkdownTable t = new MarkdownTable("construction", "ρ", "ρ₁", "mother params", "ticket params",
        "conv-only ticket params", "ticket / target", "terms per weight", "agreement", "ticket accuracy", "certificate",
        "seconds").alignFrom(1, MarkdownTable.Align.RIGHT);
    for (ParetoPoint p : points) {
      t.row(p.construction(), p.rho() + (p.theory() ? " (theory)" : ""), p.rho1(), String.format(Locale.ROOT, "%,d",
          p.motherParams()), String.format(Locale.ROOT, "%,d", p.ticketParams()),
          String.format(Locale.ROOT, "%,d", p.convTicketParams()), MarkdownTable.number(p.ratio(), 2) + "x",
          MarkdownTable.number(p.termsPerWeight(), 2), MarkdownTable.percent(p.agreement(), 2),
          MarkdownTable.percent(p.ticketAccuracy(), 2), p.valid() ? "valid" : "INVALID",
          MarkdownTable.number(p.seconds(), 1));
    }
    t.row("reference L+1", ParetoPlots.REFERENCE_RHO, 2 * ParetoPlots.REFERENCE_RHO, "", "",
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
    long target = points.isEmpty() ? 0 : points.get(0).targetParams();
    return String.format(Locale.ROOT, "# Ticket size vs base-set size ρ (bundled MNIST target, η = %s, seed %d)%n%n"
        + "Target %,d nonzero parameters after dead channels are removed. ρ₁ = 2ρ except at the theory's point;"
        + " agreement and accuracy on %d test images; terms per weight: mean random terms per subset sum.%s%n%n%s",
        settings.eta(), settings.seed(), target, settings.images(), widths, t.render());
  }
}
