package org.ltcheck.report;

import static org.ltcheck.report.Plots.REFERENCE;
import static org.ltcheck.report.Plots.byKey;
import static org.ltcheck.report.Plots.colour;
import static org.ltcheck.report.Plots.column;
import static org.ltcheck.report.Plots.max;
import static org.ltcheck.report.Plots.min;
import static org.ltcheck.report.Plots.sorted;
import static org.ltcheck.report.Plots.write;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ltcheck.report.Plots.ChartSpec;
import org.ltcheck.report.Plots.Series;
import org.ltcheck.report.Plots.Style;

/** Ticket accuracy and size against the per-parameter tolerance ε: the reproduction's ticket figures. */
public final class TicketPlots {
  private TicketPlots() {}

  /**
   * One measured ticket accuracy.
   *
   * @param construction the series it belongs to, e.g. {@code "L+1"} or {@code "2L"}
   * @param eps the per-parameter tolerance ε of the construction, &gt; 0
   * @param accuracy test accuracy as a fraction in [0, 1] (mean over repetitions)
   * @param sd standard deviation over repetitions (0 for a single run)
   */
  public record AccuracyAtEps(String construction, double eps, double accuracy, double sd) {}

  /**
   * Ticket test accuracy against ε, one line per construction with ±sd error bars, and the
   * target's accuracy as a dotted horizontal line. Log ε axis (ε spans decades).
   *
   * @param points the measurements, in any order
   * @param targetAccuracy the target network's test accuracy, a fraction in [0, 1]
   */
  public static void ticketAccuracyVsEps(List<AccuracyAtEps> points, double targetAccuracy, Path png)
      throws IOException {
    List<Series> series = new ArrayList<>();
    for (Map.Entry<String, List<AccuracyAtEps>> group : byKey(points, AccuracyAtEps::construction).entrySet()) {
      List<AccuracyAtEps> g = sorted(group.getValue(), AccuracyAtEps::eps);
      series.add(Series.of("ticket " + group.getKey(), column(g, AccuracyAtEps::eps), column(g, AccuracyAtEps::accuracy),
          Style.LINE_MARKERS).withErrors(column(g, AccuracyAtEps::sd)).withColour(colour(series.size())));
    }
    double[] eps = points.stream().mapToDouble(AccuracyAtEps::eps).toArray();
    series.add(Series.horizontal("target " + MarkdownTable.percent(targetAccuracy, 2), targetAccuracy,
        min(eps), max(eps), Style.DOTTED).withColour(REFERENCE));
    write(ChartSpec.of("Ticket test accuracy vs per-parameter tolerance ε", "ε (per parameter)", "test accuracy")
        .withLogX().withYPattern("0.0%"), series, png);
  }

  /**
   * One ticket size.
   *
   * @param construction the series it belongs to, e.g. {@code "L+1"}
   * @param eps the per-parameter tolerance, &gt; 0
   * @param theoryParameters ticket parameters predicted by the theory's width plan, &gt; 0
   * @param measuredParameters nonzero parameters of the constructed ticket, &gt; 0
   */
  public record SizeAtEps(String construction, double eps, double theoryParameters, double measuredParameters) {}

  /**
   * Ticket size against ε: per construction the measured size (solid, markers) and the theory's
   * prediction (dashed, same colour), and the target's parameter count as a dotted line. Both axes
   * logarithmic (sizes grow like log(1/ε) per weight and span orders of magnitude across
   * constructions).
   *
   * @param points the sizes, in any order
   * @param targetParameters nonzero parameters of the target, &gt; 0
   */
  public static void ticketSizeVsEps(List<SizeAtEps> points, long targetParameters, Path png) throws IOException {
    List<Series> series = new ArrayList<>();
    int colour = 0;
    for (Map.Entry<String, List<SizeAtEps>> group : byKey(points, SizeAtEps::construction).entrySet()) {
      List<SizeAtEps> g = sorted(group.getValue(), SizeAtEps::eps);
      double[] eps = column(g, SizeAtEps::eps);
      Color c = colour(colour++);
      series.add(Series.of(group.getKey() + " measured", eps, column(g, SizeAtEps::measuredParameters),
          Style.LINE_MARKERS).withColour(c));
      series.add(Series.of(group.getKey() + " theory", eps, column(g, SizeAtEps::theoryParameters), Style.DASHED)
          .withColour(c));
    }
    double[] eps = points.stream().mapToDouble(SizeAtEps::eps).toArray();
    series.add(Series.horizontal("target (" + targetParameters + ")", targetParameters, min(eps), max(eps),
        Style.DOTTED).withColour(REFERENCE));
    write(ChartSpec.of("Ticket size vs ε: theory and measured", "ε (per parameter)", "nonzero parameters")
        .withLogX().withLogY().withYPattern("#,##0"), series, png);
  }
}
