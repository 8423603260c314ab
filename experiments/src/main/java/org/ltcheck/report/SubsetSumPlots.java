package org.ltcheck.report;

import static org.ltcheck.report.Plots.REFERENCE;
import static org.ltcheck.report.Plots.colour;
import static org.ltcheck.report.Plots.max;
import static org.ltcheck.report.Plots.min;
import static org.ltcheck.report.Plots.write;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.ltcheck.report.Plots.ChartSpec;
import org.ltcheck.report.Plots.Series;
import org.ltcheck.report.Plots.Style;

/** Subset-sum success probability against the base-set size: the figure of {@code ltcheck subset-stats}. */
public final class SubsetSumPlots {
  private SubsetSumPlots() {}

  /**
   * One empirical success curve of subset-sum approximation.
   *
   * @param label legend entry, e.g. {@code "ε = 0.01"}
   * @param sizes base-set sizes n, ascending
   * @param success empirical probability that every target is approximated, per size
   * @param theoryN the theory's base-set size for this curve (e.g.
   *     {@code SubsetSumBound.baseSetSize(ε, δ, 1, C)}), drawn as a vertical line
   */
  public record SuccessCurve(String label, int[] sizes, double[] success, int theoryN) {
    public SuccessCurve {
      sizes = sizes.clone();
      success = success.clone();
      if (sizes.length != success.length) {
        throw new IllegalArgumentException(label + ": " + sizes.length + " sizes but " + success.length + " values");
      }
    }

    @Override
    public int[] sizes() {
      return sizes.clone();
    }

    @Override
    public double[] success() {
      return success.clone();
    }
  }

  /**
   * Subset-sum success probability against the base-set size n: one solid line per curve, a
   * dashed vertical line at each curve's theoretical n in the curve's colour (curves that share
   * the same theoretical n share one grey line, labelled with all of them), and the level 1 − δ
   * as a dotted horizontal line. The theoretical n is where the measured curve should have
   * crossed 1 − δ if the bound and its constant were right.
   *
   * @param title chart title (e.g. which values are summed)
   * @param curves the curves, each with its theoretical n
   * @param delta the failure probability δ of the theory's statement, in (0, 1)
   */
  public static void subsetSumSuccess(String title, List<SuccessCurve> curves, double delta, Path png)
      throws IOException {
    List<Series> series = new ArrayList<>();
    Map<Integer, List<Integer>> curvesByTheoryN = new TreeMap<>();
    double nMin = Double.POSITIVE_INFINITY;
    double nMax = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < curves.size(); i++) {
      SuccessCurve c = curves.get(i);
      double[] n = Arrays.stream(c.sizes).asDoubleStream().toArray();
      series.add(Series.of(c.label(), n, c.success, Style.LINE_MARKERS).withColour(colour(i)));
      curvesByTheoryN.computeIfAbsent(c.theoryN(), k -> new ArrayList<>()).add(i);
      nMin = Math.min(nMin, Math.min(min(n), c.theoryN()));
      nMax = Math.max(nMax, Math.max(max(n), c.theoryN()));
    }
    for (Map.Entry<Integer, List<Integer>> line : curvesByTheoryN.entrySet()) {
      List<Integer> members = line.getValue();
      String who = members.stream().map(i -> curves.get(i).label()).collect(Collectors.joining(", "));
      Color c = members.size() == 1 ? colour(members.get(0)) : REFERENCE;
      series.add(Series.vertical("theory n = " + line.getKey() + " (" + who + ")", line.getKey(), 0, 1, Style.DASHED)
          .withColour(c));
    }
    series.add(Series.horizontal(String.format(Locale.ROOT, "1 - δ = %s", 1 - delta), 1 - delta, nMin, nMax,
        Style.DOTTED).withColour(REFERENCE));
    write(ChartSpec.of(title, "base-set size n", "P(every target in [-1,1] within ε)"), series, png);
  }
}
