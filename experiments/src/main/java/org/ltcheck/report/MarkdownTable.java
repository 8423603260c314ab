package org.ltcheck.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Builds a GitHub-flavoured Markdown table whose columns are padded to a common width, so that the
 * same text reads well in a terminal (ltcheck prints its summaries with it) and renders as a table in
 * a results file. One builder per table; not thread safe.
 *
 * <pre>{@code
 * String text = new MarkdownTable("n", "success")
 *     .align(1, MarkdownTable.Align.RIGHT)
 *     .row(15, MarkdownTable.number(0.991, 3))
 *     .render();
 * }</pre>
 *
 * Cells are rendered with {@link String#valueOf(Object)} ({@code null} becomes an empty cell); a
 * {@code |} inside a cell is escaped and line breaks become spaces, so a cell can never break the
 * table's structure.
 */
public final class MarkdownTable {
  /** Horizontal alignment of a column, written into the separator row. */
  public enum Align {
    LEFT, RIGHT, CENTER
  }

  private final List<String> headers;
  private final Align[] aligns;
  private final List<List<String>> rows = new ArrayList<>();

  /**
   * A table with the given column headers, all left-aligned.
   *
   * @param headers one per column, at least one
   */
  public MarkdownTable(String... headers) {
    if (headers.length == 0) {
      throw new IllegalArgumentException("a table needs at least one column");
    }
    this.headers = Arrays.stream(headers).map(MarkdownTable::cell).toList();
    this.aligns = new Align[headers.length];
    Arrays.fill(aligns, Align.LEFT);
  }

  /** Sets the alignment of column {@code column} (0-based). */
  public MarkdownTable align(int column, Align align) {
    if (column < 0 || column >= aligns.length) {
      throw new IllegalArgumentException("column " + column + " is outside 0.." + (aligns.length - 1));
    }
    aligns[column] = align;
    return this;
  }

  /** Sets the alignment of every column from {@code from} (0-based) to the last, e.g. all numeric ones. */
  public MarkdownTable alignFrom(int from, Align align) {
    for (int c = from; c < aligns.length; c++) {
      align(c, align);
    }
    return this;
  }

  /**
   * Appends a row.
   *
   * @param cells exactly one per column
   */
  public MarkdownTable row(Object... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException(
          "row has " + cells.length + " cells but the table has " + headers.size() + " columns");
    }
    rows.add(Arrays.stream(cells).map(c -> cell(c == null ? "" : String.valueOf(c))).toList());
    return this;
  }

  /** @return the number of data rows so far */
  public int rowCount() {
    return rows.size();
  }

  /** @return the table as Markdown text, one line per row, ending with a newline */
  public String render() {
    int[] widths = new int[headers.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = Math.max(3, headers.get(c).length());
      for (List<String> row : rows) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, headers, widths);
    out.append('|');
    for (int c = 0; c < widths.length; c++) {
      out.append(' ').append(separator(aligns[c], widths[c])).append(" |");
    }
    out.append('\n');
    for (List<String> row : rows) {
      line(out, row, widths);
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return render();
  }

  /**
   * Formats a number with a fixed number of decimals, independent of the default locale (a table
   * written on a German machine must not use decimal commas).
   */
  public static String number(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  /** Formats a fraction as a percentage with {@code decimals} decimals, e.g. 0.00404 → "0.404%". */
  public static String percent(double fraction, int decimals) {
    return number(100.0 * fraction, decimals) + "%";
  }

  private void line(StringBuilder out, List<String> cells, int[] widths) {
    out.append('|');
    for (int c = 0; c < widths.length; c++) {
      out.append(' ').append(pad(cells.get(c), widths[c], aligns[c])).append(" |");
    }
    out.append('\n');
  }

  private static String separator(Align align, int width) {
    return switch (align) {
      case LEFT -> "-".repeat(width);
      case RIGHT -> "-".repeat(width - 1) + ":";
      case CENTER -> ":" + "-".repeat(width - 2) + ":";
    };
  }

  private static String pad(String text, int width, Align align) {
    int gap = width - text.length();
    return switch (align) {
      case LEFT -> text + " ".repeat(gap);
      case RIGHT -> " ".repeat(gap) + text;
      case CENTER -> " ".repeat(gap / 2) + text + " ".repeat(gap - gap / 2);
    };
  }

  private static String cell(String text) {
    return text.replaceAll("\\s*[\\r\\n]+\\s*", " ").replace("|", "\\|");
  }
}
