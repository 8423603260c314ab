package org.ltcheck.experiments.subsetsum;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;
import org.ltcheck.experiments.subsetsum.SubsetStatsResult.Cell;
import org.ltcheck.experiments.subsetsum.SubsetStatsResult.PolicyOutcome;
import org.ltcheck.experiments.subsetsum.SubsetStatsResult.ReferenceComparison;
import org.ltcheck.experiments.subsetsum.SubsetStatsResult.TheoryComparison;
import org.ltcheck.io.AtomicFiles;
import org.ltcheck.report.MarkdownTable;
import org.ltcheck.report.MarkdownTable.Align;
import org.ltcheck.report.SubsetSumPlots;

/**
 * A subset-sum statistics run with its seed, and its three renderings: JSON (for the pipeline and
 * for diffing runs), Markdown tables (for people; the CLI prints the same text) and one PNG per
 * kind of base values (success probability against n with the theory's n). Every file is written
 * atomically.
 *
 * @param seed the seed of the generator every random value came from
 * @param generator the generator's algorithm, so that the seed alone reproduces the run
 * @param result the statistics
 */
public record SubsetStatsReport(long seed, String generator, SubsetStatsResult result) {
  private static final String GENERATOR = "java.util.SplittableRandom";

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  /**
   * Measures with a {@link SplittableRandom} seeded with {@code seed}: the one place where the
   * seed becomes a generator, so that the report names exactly what reproduces it.
   *
   * @see SubsetStatistics#measure
   */
  public static SubsetStatsReport run(SubsetStatsSettings settings, long seed, int threads, LongConsumer progress) {
    return new SubsetStatsReport(seed, GENERATOR,
        SubsetStatistics.measure(settings, new SplittableRandom(seed), threads, progress));
  }

  /** Writes the report as JSON. */
  public void writeJson(Path file) throws IOException {
    AtomicFiles.write(file, out -> JSON.writeValue(out, this));
  }

  /**
   * Writes one success-probability plot per kind of base values, named
   * {@code <stem>-<values>.png} in {@code dir}.
   *
   * @return the files written
   */
  public List<Path> writePlots(Path dir, String stem) throws IOException {
    SubsetStatsSettings s = result.settings();
    List<Path> written = new ArrayList<>();
    for (BaseValues v : s.values()) {
      List<SubsetSumPlots.SuccessCurve> curves = new ArrayList<>();
      for (double eps : s.epsilons()) {
        List<Cell> curve = result.curve(v, eps);
        int theoryN = result.theory().stream().filter(t -> t.values() == v && t.eps() == eps)
            .findFirst().orElseThrow().theoryN();
        curves.add(new SubsetSumPlots.SuccessCurve("ε = " + eps, curve.stream().mapToInt(Cell::n).toArray(),
            curve.stream().mapToDouble(c -> c.success().rate()).toArray(), theoryN));
      }
      Path png = dir.resolve(stem + "-" + v.name().toLowerCase(Locale.ROOT) + ".png");
      String title = String.format(Locale.ROOT, "Subset %s: P(all of [-1,1] within ε) vs n  (%d trials, seed %d)",
          v.description(), s.trials(), seed);
      SubsetSumPlots.subsetSumSuccess(title, curves, s.delta(), png);
      written.add(png);
    }
    return written;
  }

  /** Writes the Markdown text of {@link #markdown}. */
  public void writeMarkdown(Path file) throws IOException {
    AtomicFiles.writeString(file, markdown());
  }

  /** @return the settings, one table per kind of values, the theory table and the reference comparison */
  public String markdown() {
    SubsetStatsSettings s = result.settings();
    StringBuilder out = new StringBuilder();
    out.append("# Subset-sum statistics\n\n");
    out.append(String.format(Locale.ROOT,
        "Seed %d (%s), %d trials per (values, n), n = %s, ε = %s, δ = %s, subsets of size ≤ %d, %.1f s.%n%n",
        seed, generator, s.trials(), sizes(s.sizes()), s.epsilons(), s.delta(), s.maxSubsetSize(), result.seconds()));
    out.append(String.format(Locale.ROOT,
        "P(all): fraction of trials in which every point of a grid over [-1, 1] with spacing ≤ ε/%d (both ends "
            + "included) is within ε of a subset sum. miss: fraction of grid targets missed (estimates the "
            + "failure rate of a random target). size: mean minimum subset size of the approximated targets. "
            + "Base sets are nested in n within a trial, so the columns are monotone in n.%n%n",
        s.gridDensity()));
    for (BaseValues v : s.values()) {
      out.append("## ").append(capitalised(v.description())).append("\n\n");
      out.append(cellTable(v).render()).append('\n');
    }
    out.append("## Measured against the theory\n\n");
    out.append("Theory n = ⌈C·ln(1/min(ε, δ))⌉ (`SubsetSumBound.baseSetSize`); implied C = measured n / ln(1/min(ε, δ)).\n\n");
    out.append(theoryTable().render()).append('\n');
    if (!result.reference().isEmpty()) {
      ReferenceComparison first = result.reference().get(0);
      out.append("## Reference protocol: first fit against minimum cardinality\n\n");
      out.append(String.format(Locale.ROOT,
          "Each target z ~ U[-1,1] with its own base set of n = %d values, ε = %s, subsets of size ≤ %d, "
              + "%d targets per kind; both policies solve identical problems. Published: the authors' statistics.%n%n",
          first.n(), first.eps(), first.maxSubsetSize(), first.firstFit().failure().trials()));
      out.append(referenceTable().render()).append('\n');
      for (ReferenceComparison r : result.reference()) {
        out.append(String.format(Locale.ROOT, "- %s: the policies disagree (success or subset size) on %d targets; "
                + "the published failure rate %s %s inside the 95%% interval of the measured first-fit rate.%n",
            v(r.values()), r.disagreements(), MarkdownTable.percent(r.referenceFailureRate(), 3),
            r.referenceWithinInterval() ? "is" : "is NOT"));
      }
    }
    return out.toString();
  }

  private MarkdownTable cellTable(BaseValues v) {
    List<Double> epsilons = result.settings().epsilons();
    List<String> headers = new ArrayList<>(List.of("n"));
    for (double eps : epsilons) {
      headers.addAll(List.of("P(all) ε=" + eps, "miss ε=" + eps, "size ε=" + eps));
    }
    MarkdownTable table = new MarkdownTable(headers.toArray(String[]::new)).alignFrom(0, Align.RIGHT);
    for (int n : result.settings().sizes()) {
      List<Object> row = new ArrayList<>(List.of(n));
      for (double eps : epsilons) {
        Cell c = result.cell(v, eps, n).orElseThrow();
        row.add(MarkdownTable.number(c.success().rate(), 3));
        row.add(MarkdownTable.percent(c.targetFailureRate(), 3));
        row.add(c.meanSubsetSize() == null ? "–" : MarkdownTable.number(c.meanSubsetSize(), 2));
      }
      table.row(row.toArray());
    }
    return table;
  }

  private MarkdownTable theoryTable() {
    MarkdownTable table = new MarkdownTable("values", "ε", "δ", "measured n (P ≥ 1−δ)", "P(all) 95% CI at measured n",
        "theory n", "C used", "P(all) at theory n", "implied C").alignFrom(1, Align.RIGHT);
    for (TheoryComparison t : result.theory()) {
      String ci = t.empiricalN() == null ? "–" : result.cell(t.values(), t.eps(), t.empiricalN())
          .map(c -> "[" + MarkdownTable.number(c.success().lower95(), 3) + ", "
              + MarkdownTable.number(c.success().upper95(), 3) + "]").orElse("–");
      table.row(v(t.values()), t.eps(), t.delta(),
          t.empiricalN() == null ? "> " + result.settings().maxSize() : t.empiricalN(), ci, t.theoryN(),
          t.theoryConstant(),
          t.successAtTheoryN() == null ? "–" : MarkdownTable.number(t.successAtTheoryN(), 3),
          t.impliedConstant() == null ? "–" : MarkdownTable.number(t.impliedConstant(), 2));
    }
    return table;
  }

  private MarkdownTable referenceTable() {
    MarkdownTable table = new MarkdownTable("values", "policy", "failure rate", "95% CI", "mean size", "mean |error|",
        "solver s", "published failure", "published size", "implied C").alignFrom(2, Align.RIGHT);
    for (ReferenceComparison r : result.reference()) {
      for (PolicyOutcome p : List.of(r.firstFit(), r.minimumCardinality())) {
        boolean published = p == r.firstFit();
        table.row(v(r.values()), p.policy(), MarkdownTable.percent(p.failure().rate(), 3),
            "[" + MarkdownTable.percent(p.failure().lower95(), 3) + ", " + MarkdownTable.percent(p.failure().upper95(), 3) + "]",
            p.meanSubsetSize() == null ? "–" : MarkdownTable.number(p.meanSubsetSize(), 3),
            p.meanError() == null ? "–" : String.format(Locale.ROOT, "%.5f", p.meanError()),
            MarkdownTable.number(p.solverSeconds(), 2),
            published ? MarkdownTable.percent(r.referenceFailureRate(), 3) : "",
            published ? MarkdownTable.number(r.referenceMeanSubsetSize(), 2) : "",
            published && r.impliedConstant() != null ? MarkdownTable.number(r.impliedConstant(), 2) : "");
      }
    }
    return table;
  }

  private static String v(BaseValues values) {
    return values.name().toLowerCase(Locale.ROOT);
  }

  private static String sizes(List<Integer> sizes) {
    boolean contiguous = sizes.get(sizes.size() - 1) - sizes.get(0) == sizes.size() - 1;
    return contiguous ? sizes.get(0) + ".." + sizes.get(sizes.size() - 1) : sizes.toString();
  }

  private static String capitalised(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
