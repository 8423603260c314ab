package org.ltcheck.experiments.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.ltcheck.io.AtomicFiles;
import org.ltcheck.io.Sha256;
import org.ltcheck.report.MarkdownTable;
import org.ltcheck.report.MarkdownTable.Align;
import org.ltcheck.report.PruningPlots;
import org.ltcheck.report.TicketPlots;

/**
 * Stage report: {@code report.json} (everything, for tools), {@code report.md} (tables and
 * figures, for people) and the figures — ticket accuracy against ε, ticket size against ε
 * (theory and measured), the density schedule with the accuracy across pruning steps, and the
 * subset-sum success curves of stage subset-stats. Built from the other stages' files only, so
 * it reads the same after a resumed run. {@code report.json} is written last and serves as the
 * stage's marker.
 *
 * @param cells the records of stage construct's cells, in grid order
 * @param stages the outcomes of the stages before this one
 * @param subsetStatsPlots the success-curve PNGs of stage subset-stats
 */
public record ReproductionReport(
    ReproductionSettings settings, List<PruningStepResult> pruning, List<ObjectNode> cells, List<StageOutcome> stages,
    List<Path> subsetStatsPlots) {
  /** Version of the report's layout; part of the fingerprint so that a newer ltcheck rewrites it. */
  public static final String FORMAT = "ltcheck-reproduce-report-1";
  public static final String JSON_FILE = "report.json";
  public static final String MARKDOWN_FILE = "report.md";
  public static final String ACCURACY_PLOT = "ticket-accuracy-vs-eps.png";
  public static final String SIZE_PLOT = "ticket-size-vs-eps.png";
  public static final String PRUNING_PLOT = "pruning-schedule.png";
  static final String STAGE = "report";

  public ReproductionReport {
    pruning = List.copyOf(pruning);
    cells = List.copyOf(cells);
    stages = List.copyOf(stages);
    subsetStatsPlots = List.copyOf(subsetStatsPlots);
    if (cells.isEmpty()) {
      throw new IllegalArgumentException("no constructions to report");
    }
  }

  /**
   * Writes the report into {@code out} unless it is there already for the same inputs (a report
   * for other inputs is simply replaced: it is derived data).
   */
  StageOutcome write(Path out, ReproductionListener listener) throws IOException {
    Path json = out.resolve(JSON_FILE);
    List<Path> outputs = List.of(json, out.resolve(MARKDOWN_FILE), out.resolve(ACCURACY_PLOT), out.resolve(SIZE_PLOT),
        out.resolve(PRUNING_PLOT));
    String fingerprint = fingerprint();
    if (StageMarkers.state(json, fingerprint) == StageMarkers.State.DONE) {
      return new StageOutcome(STAGE, true, StageMarkers.read(json).path("stageSeconds").asDouble(), outputs);
    }
    listener.stageStarted(STAGE);
    long t0 = System.nanoTime();
    List<TicketRow> rows = rows();
    List<TicketSummary> summary = TicketSummary.of(rows);
    TicketRow first = rows.get(0);
    TicketPlots.ticketAccuracyVsEps(summary.stream().map(s -> new TicketPlots.AccuracyAtEps(s.construction(), s.eps(),
        s.ticketAccuracyMean(), s.ticketAccuracySd())).toList(), first.targetAccuracy(), out.resolve(ACCURACY_PLOT));
    TicketPlots.ticketSizeVsEps(summary.stream().map(s -> new TicketPlots.SizeAtEps(s.construction(), s.eps(),
        s.theoryTicketParams(), s.ticketParamsMean())).toList(), first.targetParams(), out.resolve(SIZE_PLOT));
    PruningPlots.pruningSchedule(pruning.stream().map(p -> new PruningPlots.PruningStep(p.step(), p.density(), p.testAccuracy()))
        .toList(), out.resolve(PRUNING_PLOT));
    AtomicFiles.writeString(out.resolve(MARKDOWN_FILE), markdown(out, rows, summary));
    double seconds = (System.nanoTime() - t0) / 1e9;
    ObjectNode root = json(out, rows, summary, fingerprint, seconds);
    AtomicFiles.writeString(json, StageMarkers.JSON.writeValueAsString(root) + "\n");
    return new StageOutcome(STAGE, false, seconds, outputs);
  }

  /** Changes with every setting and every cell result the report shows. */
  String fingerprint() {
    StringBuilder b = new StringBuilder(FORMAT).append('\n').append(settings).append('\n');
    cells.forEach(c -> b.append(c.path("fingerprint").asText()).append('\n'));
    // Not the model paths: a moved output directory reports the same.
    pruning.forEach(p -> b.append(p.step()).append(' ').append(p.density()).append(' ').append(p.testAccuracy())
        .append(' ').append(p.epoch()).append('\n'));
    return Sha256.hex(b.toString().getBytes(StandardCharsets.UTF_8));
  }

  private List<TicketRow> rows() {
    List<TicketRow> rows = new ArrayList<>();
    for (ObjectNode c : cells) {
      rows.add(TicketRow.of(c, reportFileOf(c)));
    }
    return rows;
  }

  /** The pruned target the tickets approximate, as the cells name it (relative to the output directory). */
  private String targetFile() {
    return cells.get(0).path("target").path("source").asText();
  }

  private static String reportFileOf(JsonNode cell) {
    String ticket = cell.path("ticketFile").asText();
    return ticket.replaceAll("\\.safetensors$", "") + Reproduction.CELL_REPORT_SUFFIX;
  }

  private ObjectNode json(Path out, List<TicketRow> rows, List<TicketSummary> summary, String fingerprint,
      double seconds) {
    ObjectNode root = StageMarkers.JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("fingerprint", fingerprint);
    root.put("stageSeconds", seconds);
    root.put("experiment", settings.experiment().cliName());
    root.put("description", settings.experiment().description());
    root.put("preset", settings.preset().cliName());
    root.set("settings", settingsJson());
    TicketRow first = rows.get(0);
    ObjectNode target = root.putObject("target");
    target.put("file", targetFile());
    target.put("nonZeroParams", first.targetParams());
    target.put("accuracy", first.targetAccuracy());
    target.put("images", first.images());
    ArrayNode p = root.putArray("pruning");
    for (PruningStepResult s : pruning) {
      ObjectNode n = p.addObject();
      n.put("step", s.step());
      n.put("density", s.density());
      n.put("testAccuracy", s.testAccuracy());
      n.put("epoch", s.epoch());
      n.put("model", out.relativize(s.model()).toString());
    }
    root.set("tickets", StageMarkers.JSON.valueToTree(rows));
    root.set("summary", StageMarkers.JSON.valueToTree(summary));
    ObjectNode figures = root.putObject("figures");
    figures.put("ticketAccuracyVsEps", ACCURACY_PLOT);
    figures.put("ticketSizeVsEps", SIZE_PLOT);
    figures.put("pruningSchedule", PRUNING_PLOT);
    ArrayNode success = figures.putArray("subsetSumSuccess");
    subsetStatsPlots.forEach(f -> success.add(out.relativize(f).toString()));
    ArrayNode st = root.putArray("stages");
    for (StageOutcome o : stages) {
      ObjectNode n = st.addObject();
      n.put("stage", o.stage());
      n.put("seconds", o.seconds());
    }
    return root;
  }

  private ObjectNode settingsJson() {
    ObjectNode s = StageMarkers.JSON.createObjectNode();
    TrainingSettings t = settings.training();
    ObjectNode tr = s.putObject("training");
    tr.put("epochsPerPhase", t.epochs());
    tr.put("pruningSteps", t.steps());
    tr.put("finalDensity", t.finalDensity());
    tr.put("batchSize", t.batchSize());
    tr.put("schedule", t.schedule().toString());
    tr.put("optimizer", t.optimizer().toString());
    tr.put("seed", t.seed());
    tr.put("maxBatches", t.maxBatches());
    ConstructionGrid g = settings.grid();
    ObjectNode c = s.putObject("construction");
    ArrayNode cs = c.putArray("constructions");
    g.constructions().forEach(x -> cs.add(x.label()));
    ArrayNode eps = c.putArray("eps");
    g.epsilons().forEach(eps::add);
    ArrayNode seeds = c.putArray("motherSeeds");
    g.motherSeeds().forEach(seeds::add);
    c.put("rho", g.rho());
    c.put("rho1", g.rho1());
    c.put("delta", g.delta());
    c.put("images", g.images());
    return s;
  }

  private String markdown(Path out, List<TicketRow> rows, List<TicketSummary> summary) {
    TrainingSettings t = settings.training();
    ConstructionGrid g = settings.grid();
    TicketRow first = rows.get(0);
    StringBuilder b = new StringBuilder();
    b.append("# Reproduction: ").append(settings.experiment().description()).append("\n\n");
    b.append(String.format(Locale.ROOT, "Burkholz, *Convolutional and Residual Networks Provably Contain Lottery "
        + "Tickets* (ICML 2022), §7. Preset `%s`; `ltcheck reproduce %s`.%n%n",
        settings.preset().cliName(), settings.experiment().cliName()));
    b.append("## Target: training and iterative magnitude pruning\n\n");
    b.append(String.format(Locale.ROOT, "%d epoch%s of dense training, then %d steps of global magnitude pruning to "
            + "density %s^(k/%d), each followed by %d epoch%s (%s, %s, batch %d, seed %d%s).%n%n",
        t.epochs(), plural(t.epochs()), t.steps(), t.finalDensity(), t.steps(), t.epochs(), plural(t.epochs()),
        t.optimizer().kind().cliName(), t.schedule(), t.batchSize(), t.seed(), t.maxBatches() > 0
            ? "; at most " + t.maxBatches() + " batches per epoch, so the test accuracy here is on "
                + t.maxBatches() * t.batchSize() + " test images spread evenly over the test set" : ""));
    MarkdownTable p = new MarkdownTable("step", "density", "test accuracy", "epoch").alignFrom(0, Align.RIGHT);
    for (PruningStepResult s : pruning) {
      p.row(s.step(), MarkdownTable.number(s.density(), 4), MarkdownTable.percent(s.testAccuracy(), 2), s.epoch());
    }
    b.append(p.render()).append('\n');
    b.append("![density schedule and accuracy across pruning steps](").append(PRUNING_PLOT).append(")\n\n");
    b.append("## Tickets\n\n");
    b.append(String.format(Locale.ROOT, "Target `%s`: %,d nonzero parameters, test accuracy %s on %d test images "
            + "(spread evenly over the test set; tickets are evaluated on the same images). "
            + "Mothers: ρ = %d, ρ₁ = %d; theory: δ = %s with the reference's subset-sum constants.%n%n",
        targetFile(), first.targetParams(),
        MarkdownTable.percent(first.targetAccuracy(), 2), first.images(), g.rho(), g.rho1(), g.delta()));
    b.append(ticketTable(rows)).append('\n');
    b.append("*mother / theory*: parameters of the constructed mother and of the mother the theory's width bound asks "
        + "for. *widths / theory*: each mother layer's width over the theory's (< 1: the construction needed less). "
        + "*max |Δlogit|*: measured on the test images; *per-input bound*: the largest of the certified per-image "
        + "bounds on that difference (n/a: the per-input certificate covers sequential ReLU networks only), *within*: "
        + "images whose measured difference respects their bound; *bound*: "
        + "certified max |output difference| over the whole input domain. *cert*: every composed parameter within ε "
        + "(the per-cell report has the details).\n\n");
    b.append("### Over the mother seeds\n\n");
    MarkdownTable s = new MarkdownTable("construction", "ε", "seeds", "ticket params", "theory ticket",
        "ticket accuracy", "agreement", "max |Δlogit|", "all valid").alignFrom(1, Align.RIGHT);
    for (TicketSummary x : summary) {
      s.row(x.construction(), x.eps(), x.repetitions(),
          String.format(Locale.ROOT, "%,.0f ± %,.0f", x.ticketParamsMean(), x.ticketParamsSd()),
          String.format(Locale.ROOT, "%,.0f", x.theoryTicketParams()),
          MarkdownTable.percent(x.ticketAccuracyMean(), 2) + " ± " + MarkdownTable.percent(x.ticketAccuracySd(), 2),
          MarkdownTable.percent(x.agreementMean(), 2), MarkdownTable.number(x.maxLogitDifference(), 4),
          x.allValid() ? "yes" : "NO");
    }
    b.append(s.render()).append('\n');
    b.append("![ticket accuracy vs eps](").append(ACCURACY_PLOT).append(")\n\n");
    b.append("![ticket size vs eps](").append(SIZE_PLOT).append(")\n\n");
    b.append("## Subset-sum approximation\n\n");
    b.append("Success probability of approximating every target in [-1, 1] by a subset sum, against the base-set "
        + "size n (stage subset-stats; tables in [subset-stats/subset-stats.md](subset-stats/subset-stats.md)).\n\n");
    for (Path png : subsetStatsPlots) {
      String rel = out.relativize(png).toString();
      b.append("![").append(rel).append("](").append(rel).append(")\n\n");
    }
    b.append("## Stages\n\n");
    MarkdownTable st = new MarkdownTable("stage", "seconds").align(1, Align.RIGHT);
    stages.forEach(o -> st.row(o.stage(), MarkdownTable.number(o.seconds(), 1)));
    b.append(st.render());
    return b.toString();
  }

  private static String plural(int n) {
    return n == 1 ? "" : "s";
  }

  /** The main table: one row per ticket. */
  static String ticketTable(List<TicketRow> rows) {
    MarkdownTable t = new MarkdownTable("construction", "ε", "seed", "target params", "mother params",
        "theory mother", "ticket params", "ticket/target", "theory ticket", "widths / theory", "cert", "target acc",
        "ticket acc", "agreement", "max |Δlogit|", "per-input bound", "within", "bound", "time s")
        .alignFrom(1, Align.RIGHT);
    for (TicketRow r : rows) {
      t.row(r.construction(), r.eps(), r.seed(), String.format(Locale.ROOT, "%,d", r.targetParams()),
          String.format(Locale.ROOT, "%,d", r.motherParams()), String.format(Locale.ROOT, "%,d", r.theoryMotherParams()),
          String.format(Locale.ROOT, "%,d", r.ticketParams()), MarkdownTable.number(r.ticketToTarget(), 2) + "×",
          String.format(Locale.ROOT, "%,.0f", r.theoryTicketParams()),
          r.widthFactors().stream().map(f -> MarkdownTable.number(f, 2)).collect(Collectors.joining(" ")),
          r.certificateValid() ? "valid" : "INVALID", MarkdownTable.percent(r.targetAccuracy(), 2),
          MarkdownTable.percent(r.ticketAccuracy(), 2), MarkdownTable.percent(r.agreement(), 2),
          MarkdownTable.number(r.maxLogitDifference(), 4), perInputBound(r), within(r), String.format(Locale.ROOT, "%.3g", r.outputErrorBound()),
          MarkdownTable.number(r.constructionSeconds(), 2));
    }
    return t.render();
  }

  /** The largest per-input bound, or "n/a" where the per-input certificate does not apply (ResNets). */
  private static String perInputBound(TicketRow r) {
    return r.imagesWithinBound() < 0 ? "n/a" : String.format(Locale.ROOT, "%.4g", r.maxPerInputBound());
  }

  private static String within(TicketRow r) {
    return r.imagesWithinBound() < 0 ? "n/a" : r.imagesWithinBound() + "/" + r.images();
  }

  /**
   * The main table of a written {@code report.json}, for printing.
   *
   * @throws IOException if the file is not such a report
   */
  public static String ticketTable(Path reportJson) throws IOException {
    JsonNode tickets = StageMarkers.read(reportJson).path("tickets");
    return ticketTable(Arrays.asList(StageMarkers.JSON.treeToValue(tickets, TicketRow[].class)));
  }
}
