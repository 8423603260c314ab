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

/** Ticket size against the mother's base-set size ρ at one tolerance: stage pareto's figure. */
public final class ParetoPlots {
  /** The reference implementation's conv-only L+1 ticket on the MNIST target (ρ = 15, ρ₁ = 30, 5 seeds): mean. */
  public static final double REFERENCE_CONV_TICKET = 4534;
  /** Its standard deviation over the seeds. */
  public static final double REFERENCE_CONV_TICKET_SD = 55;
  /** The base-set size the reference ran with. */
  public static final int REFERENCE_RHO = 15;
  /** Pensia et al. (2020): random terms per target weight of their subset-sum construction. */
  public static final double PENSIA_TERMS_PER_WEIGHT = 9.4;

  private ParetoPlots() {}

  /**
   * One ticket.
   *
   * @param construction its curve, e.g. {@code "L+1"}
   * @param rho the base-set size it was built with
   * @param ticketParameters its kept parameters
   * @param termsPerWeight mean random terms per subset sum
   */
  public record SizeAtWidth(
      String construction, double rho, double ticketParameters, double termsPerWeight) {}

  /**
   * Per curve the ticket's parameters (solid, markers) and, on the right axis, its terms per
   * target weight (dotted, same colour); the reference's conv-only L+1 ticket (a marker with its
   * ±sd) to compare with a conv-only L+1 curve, the theory's ρ per curve
   * (vertical, dashed), and Pensia et al.'s terms per weight as a horizontal line on the right
   * axis. Logarithmic parameter axis.
   */
  /** The theory's base-set size ρ for a construction, drawn as a vertical line. */
  public record TheoryRho(String construction, double rho) {}

  public static void ticketSizeVsWidth(List<SizeAtWidth> points, List<TheoryRho> theory, double eta, Path png)
      throws IOException {
    List<Series> series = new ArrayList<>();
    int colour = 0;
    for (Map.Entry<String, List<SizeAtWidth>> group : byKey(points, SizeAtWidth::construction).entrySet()) {
      List<SizeAtWidth> g = sorted(group.getValue(), SizeAtWidth::rho);
      double[] rho = column(g, SizeAtWidth::rho);
      Color c = colour(colour++);
      series.add(Series.of(group.getKey() + " ticket", rho, column(g, SizeAtWidth::ticketParameters), Style.LINE_MARKERS)
          .withColour(c));
      series.add(Series.of(group.getKey() + " terms per weight", rho, column(g, SizeAtWidth::termsPerWeight),
          Style.DOTTED).withColour(c).onRightAxis());
    }
    series.add(Series.of("reference L+1 conv only (4,534 ± 55)", new double[] {REFERENCE_RHO},
        new double[] {REFERENCE_CONV_TICKET}, Style.MARKERS).withErrors(new double[] {REFERENCE_CONV_TICKET_SD})
        .withColour(REFERENCE));
    double[] sizes = points.stream().mapToDouble(SizeAtWidth::ticketParameters).toArray();
    for (int k = 0; k < theory.size(); k++) {
      TheoryRho t = theory.get(k);
      series.add(Series.vertical("theory ρ for " + t.construction() + " (" + (int) t.rho() + ")", t.rho(),
          Math.min(min(sizes), REFERENCE_CONV_TICKET), max(sizes), Style.DASHED).withColour(colour(k)));
    }
    double[] rho = points.stream().mapToDouble(SizeAtWidth::rho).toArray();
    series.add(Series.horizontal("Pensia et al.: 9.4 terms per weight", PENSIA_TERMS_PER_WEIGHT, min(rho), max(rho),
        Style.DOTTED).withColour(REFERENCE).onRightAxis());
    write(ChartSpec.of("Ticket size vs base-set size ρ (ρ₁ = 2ρ), η = " + eta, "base-set size ρ",
        "ticket parameters").withLogY().withYPattern("#,##0").withRightAxis("terms per target weight"), series, png);
  }
}
