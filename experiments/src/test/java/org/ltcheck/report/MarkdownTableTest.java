package org.ltcheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class MarkdownTableTest {
  @Test
  void rendersPaddedColumnsWithAlignmentRow() {
    String text = new MarkdownTable("name", "n", "mid")
        .align(1, MarkdownTable.Align.RIGHT)
        .align(2, MarkdownTable.Align.CENTER)
        .row("sums", 15, "x")
        .row("products", 7, null)
        .render();
    assertEquals(
        "| name     |   n | mid |\n"
            + "| -------- | --: | :-: |\n"
            + "| sums     |  15 |  x  |\n"
            + "| products |   7 |     |\n",
        text);
  }

  @Test
  void cellsCannotBreakTheTable() {
    String text = new MarkdownTable("a").row("x | y\nz").render();
    assertEquals("| a        |\n| -------- |\n| x \\| y z |\n", text);
  }

  @Test
  void rejectsRowsOfTheWrongWidth() {
    MarkdownTable table = new MarkdownTable("a", "b");
    assertThrows(IllegalArgumentException.class, () -> table.row("only one"));
    assertThrows(IllegalArgumentException.class, () -> table.align(2, MarkdownTable.Align.LEFT));
    assertThrows(IllegalArgumentException.class, MarkdownTable::new);
  }

  @Test
  void numbersIgnoreTheDefaultLocale() {
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      assertEquals("0.404%", MarkdownTable.percent(0.00404, 3));
      assertEquals("2.29", MarkdownTable.number(2.2899, 2));
    } finally {
      Locale.setDefault(before);
    }
  }
}
