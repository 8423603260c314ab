package org.ltcheck.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.ltcheck.io.AtomicFiles;

/**
 * Line and scatter charts written as PNG files, for the reproduction's figures. A thin layer over
 * XChart so that every figure of ltcheck has the same look (white background, colour-blind-safe
 * palette, legend outside the plot) and every PNG is written atomically: a reader (a report
 * generator, a CI artefact upload) sees the previous file or the complete new one, never a half
 * written image.
 *
 * <p>Two levels: {@link #write} draws any list of {@link Series} under a {@link ChartSpec}; the
 * ready-made figures ({@link TicketPlots}, {@link SubsetSumPlots}, {@link PruningPlots}) take plain
 * records so that the pipeline only collects numbers.
 *
 * <p>Rendering needs no display: the class sets {@code java.awt.headless=true} when it is loaded,
 * unless the property was set explicitly (AWT reads it once, at first use, so it must be set before
 * any chart exists; XChart would otherwise try to open a display on a server).
 */
public final class Plots {
  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** Default image size in pixels: readable when embedded in a Markdown page. */
  public static final int DEFAULT_WIDTH = 900;

  /** Default image height in pixels. */
  public static final int DEFAULT_HEIGHT = 600;

  /**
   * The Okabe–Ito palette without yellow (too light on white): distinguishable under the common
   * forms of colour blindness.
   */
  private static final List<Color> PALETTE = List.of(
      new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
      new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000));

  /** Colour of reference lines (targets, thresholds) that belong to no data series. */
  static final Color REFERENCE = new Color(0x555555);

  private Plots() {}

  /** How a series is drawn. */
  public enum Style {
    /** Solid line through the points, no markers. */
    LINE,
    /** Solid line with a marker at each point (measured data). */
    LINE_MARKERS,
    /** Markers only. */
    MARKERS,
    /** Dashed line, no markers (theory, bounds). */
    DASHED,
    /** Dotted line, no markers (thresholds, reference values). */
    DOTTED
  }

  /**
   * One series of a chart.
   *
   * @param name legend entry, unique within a chart
   * @param x abscissae, finite
   * @param y ordinates, finite, as many as {@code x}
   * @param errors symmetric error bars (half-widths, &gt;= 0) or {@code null} for none
   * @param style how the series is drawn
   * @param colour the colour, or {@code null} for the palette colour of the series' position
   * @param rightAxis whether the series belongs to the right-hand y axis of a {@link ChartSpec}
   *     with a right axis label
   */
  public record Series(
      String name, double[] x, double[] y, double[] errors, Style style, Color colour, boolean rightAxis) {
    /** Validates and copies the arrays, so a later change of the caller's arrays cannot alter the chart. */
    public Series {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(style, "style");
      x = finite(name + ": x", x).clone();
      y = finite(name + ": y", y).clone();
      if (x.length != y.length) {
        throw new IllegalArgumentException(name + ": " + x.length + " x values but " + y.length + " y values");
      }
      if (x.length == 0) {
        throw new IllegalArgumentException(name + ": a series needs at least one point");
      }
      if (errors != null) {
        errors = finite(name + ": errors", errors).clone();
        if (errors.length != x.length) {
          throw new IllegalArgumentException(name + ": " + errors.length + " error bars for " + x.length + " points");
        }
        for (double e : errors) {
          if (e < 0) {
            throw new IllegalArgumentException(name + ": error bar " + e + " is negative");
          }
        }
      }
    }

    /** A series in the given style, palette colour, left axis, no error bars. */
    public static Series of(String name, double[] x, double[] y, Style style) {
      return new Series(name, x, y, null, style, null, false);
    }

    /** A horizontal line at height {@code y} from {@code xFrom} to {@code xTo}. */
    public static Series horizontal(String name, double y, double xFrom, double xTo, Style style) {
      return of(name, new double[] {xFrom, xTo}, new double[] {y, y}, style);
    }

    /** A vertical line at {@code x} from {@code yFrom} to {@code yTo}. */
    public static Series vertical(String name, double x, double yFrom, double yTo, Style style) {
      return of(name, new double[] {x, x}, new double[] {yFrom, yTo}, style);
    }

    /** @return this series with error bars */
    public Series withErrors(double[] halfWidths) {
      return new Series(name, x, y, halfWidths, style, colour, rightAxis);
    }

    /** @return this series in a fixed colour */
    public Series withColour(Color c) {
      return new Series(name, x, y, errors, style, c, rightAxis);
    }

    /** @return this series on the right-hand y axis */
    public Series onRightAxis() {
      return new Series(name, x, y, errors, style, colour, true);
    }

    @Override
    public double[] x() {
      return x.clone();
    }

    @Override
    public double[] y() {
      return y.clone();
    }

    @Override
    public double[] errors() {
      return errors == null ? null : errors.clone();
    }
  }

  /**
   * Title, axes and size of a chart.
   *
   * @param title chart title
   * @param xLabel x axis label
   * @param yLabel (left) y axis label
   * @param rightYLabel label of a second y axis on the right, or {@code null} for none
   * @param logX logarithmic x axis (all x must then be &gt; 0)
   * @param logY logarithmic y axis (all y must then be &gt; 0)
   * @param yPattern {@link java.text.DecimalFormat} pattern of the left y tick labels, or
   *     {@code null} for XChart's default (e.g. {@code "0%"} for fractions shown as percentages)
   * @param width image width in pixels, &gt;= 100
   * @param height image height in pixels, &gt;= 100
   */
  public record ChartSpec(
      String title, String xLabel, String yLabel, String rightYLabel, boolean logX, boolean logY,
      String yPattern, int width, int height) {
    public ChartSpec {
      Objects.requireNonNull(title, "title");
      Objects.requireNonNull(xLabel, "xLabel");
      Objects.requireNonNull(yLabel, "yLabel");
      if (width < 100 || height < 100) {
        throw new IllegalArgumentException("image size " + width + "x" + height + " is below 100x100 pixels");
      }
    }

    /** Linear axes, default size, no right axis. */
    public static ChartSpec of(String title, String xLabel, String yLabel) {
      return new ChartSpec(title, xLabel, yLabel, null, false, false, null, DEFAULT_WIDTH, DEFAULT_HEIGHT);
    }

    public ChartSpec withLogX() {
      return new ChartSpec(title, xLabel, yLabel, rightYLabel, true, logY, yPattern, width, height);
    }

    public ChartSpec withLogY() {
      return new ChartSpec(title, xLabel, yLabel, rightYLabel, logX, true, yPattern, width, height);
    }

    /**
     * @return this spec with a right-hand y axis (XChart 3.8.8 ignores decimal patterns per axis
     *     group, so scale the data instead, e.g. to percent)
     */
    public ChartSpec withRightAxis(String label) {
      return new ChartSpec(title, xLabel, yLabel, label, logX, logY, yPattern, width, height);
    }

    public ChartSpec withYPattern(String pattern) {
      return new ChartSpec(title, xLabel, yLabel, rightYLabel, logX, logY, pattern, width, height);
    }

    public ChartSpec withSize(int w, int h) {
      return new ChartSpec(title, xLabel, yLabel, rightYLabel, logX, logY, yPattern, w, h);
    }
  }

  /** @return the palette colour for position {@code i} (cycling), for callers that colour series in groups */
  public static Color colour(int i) {
    return PALETTE.get(Math.floorMod(i, PALETTE.size()));
  }

  /**
   * Draws {@code series} under {@code spec} and writes the chart as a PNG file, atomically.
   *
   * @throws IllegalArgumentException if there is no series, names repeat, a log axis gets a value
   *     &lt;= 0, or a series is on the right axis of a chart without one
   * @throws IOException if the file cannot be written (the previous file, if any, is then unchanged)
   */
  public static void write(ChartSpec spec, List<Series> series, Path png) throws IOException {
    XYChart chart = chart(spec, series);
    AtomicFiles.write(png, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
  }

  /** Renders the chart into an image without writing it (for callers that compose or inspect figures). */
  public static BufferedImage render(ChartSpec spec, List<Series> series) {
    return BitmapEncoder.getBufferedImage(chart(spec, series));
  }

  private static XYChart chart(ChartSpec spec, List<Series> series) {
    if (series.isEmpty()) {
      throw new IllegalArgumentException(spec.title() + ": a chart needs at least one series");
    }
    XYChart chart = new XYChart(spec.width(), spec.height());
    chart.setTitle(spec.title());
    chart.setXAxisTitle(spec.xLabel());
    chart.setYAxisTitle(spec.yLabel());
    XYStyler styler = chart.getStyler();
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setPlotBorderColor(Color.DARK_GRAY);
    styler.setPlotGridLinesColor(new Color(0xDDDDDD));
    styler.setLegendPosition(Styler.LegendPosition.OutsideE);
    styler.setLegendBorderColor(Color.LIGHT_GRAY);
    styler.setMarkerSize(7);
    styler.setAntiAlias(true);
    styler.setLocale(Locale.ROOT); // tick labels with decimal points on every machine
    styler.setXAxisLogarithmic(spec.logX());
    styler.setYAxisLogarithmic(spec.logY());
    // Label 2, 3, ... between decades on a log y axis: values that span about one decade (ticket
    // sizes) would otherwise get a single tick label. A log x axis keeps decade labels only, which
    // would overlap between decades at the default width.
    styler.setYAxisLogarithmicDecadeOnly(false);
    styler.setErrorBarsColorSeriesColor(true);
    if (spec.yPattern() != null) {
      styler.setYAxisDecimalPattern(spec.yPattern());
    }
    if (spec.rightYLabel() != null) {
      chart.setYAxisGroupTitle(0, spec.yLabel());
      chart.setYAxisGroupTitle(1, spec.rightYLabel());
      styler.setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
    }
    for (int i = 0; i < series.size(); i++) {
      add(chart, spec, series.get(i), i);
    }
    return chart;
  }

  private static void add(XYChart chart, ChartSpec spec, Series s, int position) {
    if (chart.getSeriesMap().containsKey(s.name())) {
      throw new IllegalArgumentException(spec.title() + ": series name '" + s.name() + "' is used twice");
    }
    if (spec.logX()) {
      positive(spec.title() + ", " + s.name() + ": x on a log axis", s.x);
    }
    if (spec.logY()) {
      positive(spec.title() + ", " + s.name() + ": y on a log axis", s.y);
    }
    if (s.rightAxis() && spec.rightYLabel() == null) {
      throw new IllegalArgumentException(s.name() + " is on the right axis but " + spec.title() + " has none");
    }
    XYSeries added = s.errors == null ? chart.addSeries(s.name(), s.x, s.y) : chart.addSeries(s.name(), s.x, s.y, s.errors);
    Color c = s.colour() != null ? s.colour() : colour(position);
    added.setLineColor(c);
    added.setMarkerColor(c);
    added.setXYSeriesRenderStyle(s.style() == Style.MARKERS
        ? XYSeries.XYSeriesRenderStyle.Scatter : XYSeries.XYSeriesRenderStyle.Line);
    added.setMarker(s.style() == Style.LINE_MARKERS || s.style() == Style.MARKERS ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    BasicStroke stroke = switch (s.style()) {
      case DASHED -> SeriesLines.DASH_DASH;
      case DOTTED -> SeriesLines.DOT_DOT;
      case MARKERS -> SeriesLines.NONE;
      case LINE, LINE_MARKERS -> SeriesLines.SOLID;
    };
    added.setLineStyle(stroke);
    added.setLineWidth(s.style() == Style.DOTTED ? 1.5f : 2f);
    if (s.rightAxis()) {
      added.setYAxisGroup(1);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Helpers of the ready-made figures.


  static <T> Map<String, List<T>> byKey(List<T> items, Function<T, String> key) {
    if (items.isEmpty()) {
      throw new IllegalArgumentException("nothing to plot");
    }
    Map<String, List<T>> groups = new LinkedHashMap<>();
    for (T item : items) {
      groups.computeIfAbsent(key.apply(item), k -> new ArrayList<>()).add(item);
    }
    return groups;
  }

  static <T> List<T> sorted(List<T> items, ToDoubleFunction<T> key) {
    return items.stream().sorted(Comparator.comparingDouble(key)).toList();
  }

  static <T> double[] column(List<T> items, ToDoubleFunction<T> value) {
    return items.stream().mapToDouble(value).toArray();
  }

  static double min(double[] values) {
    return Arrays.stream(values).min().orElseThrow();
  }

  static double max(double[] values) {
    return Arrays.stream(values).max().orElseThrow();
  }

  static double[] finite(String what, double[] values) {
    Objects.requireNonNull(values, what);
    for (double v : values) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException(what + " contains " + v);
      }
    }
    return values;
  }

  static void positive(String what, double[] values) {
    for (double v : values) {
      if (!(v > 0)) {
        throw new IllegalArgumentException(what + " must be > 0, got " + v);
      }
    }
  }
}
