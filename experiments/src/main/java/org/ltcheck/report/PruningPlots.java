package org.ltcheck.report;

import static org.ltcheck.report.Plots.colour;
import static org.ltcheck.report.Plots.column;
import static org.ltcheck.report.Plots.sorted;
import static org.ltcheck.report.Plots.write;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.ltcheck.report.Plots.ChartSpec;
import org.ltcheck.report.Plots.Series;
import org.ltcheck.report.Plots.Style;

/** The density schedule of iterative magnitude pruning with the accuracy at each step. */
public final class PruningPlots {
  private PruningPlots() {}

  /**
   * One step of iterative magnitude pruning.
   *
   * @param step the pruning step (0 = dense training)
   * @param density fraction of weights kept after the step, in (0, 1]
   * @param accuracy test accuracy after training at this density, a fraction in [0, 1]
   */
  public record PruningStep(int step, double density, double accuracy) {}

  /**
   * The pruning schedule: density (left axis) and test accuracy in percent (right axis) against
   * the pruning step, so that an accuracy drop can be read against the density at which it
   * happened.
   *
   * @param steps one per pruning step, in any order
   */
  public static void pruningSchedule(List<PruningStep> steps, Path png) throws IOException {
    List<PruningStep> s = sorted(steps, p -> (double) p.step());
    double[] x = column(s, p -> (double) p.step());
    List<Series> series = List.of(
        Series.of("density", x, column(s, PruningStep::density), Style.LINE_MARKERS).withColour(colour(0)),
        Series.of("test accuracy", x, column(s, p -> 100 * p.accuracy()), Style.LINE_MARKERS)
            .withColour(colour(1)).onRightAxis());
    write(ChartSpec.of("Density schedule and accuracy across pruning steps", "pruning step", "density (fraction kept)")
        .withRightAxis("test accuracy (%)"), series, png);
  }
}
