package org.ltcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class CliErrorsTest {
  @Test
  void messagesFitOnOneLine() {
    assertEquals("a b c", CliErrors.message(new IllegalArgumentException("a\nb\r\n  c")));
    assertEquals("/x/y: no such file", CliErrors.message(new NoSuchFileException("/x/y")));
    assertEquals("/x/y: gone", CliErrors.message(new UncheckedIOException(new NoSuchFileException("/x/y", null, "gone"))));
    assertEquals("IOException", CliErrors.message(new IOException()));
  }

  @Test
  void onlyInputErrorsAreHandled() {
    assertTrue(CliErrors.isInputError(new IllegalArgumentException()));
    assertTrue(CliErrors.isInputError(new NumberFormatException()));
    assertTrue(CliErrors.isInputError(new IOException()));
    assertFalse(CliErrors.isInputError(new NullPointerException()));
    assertFalse(CliErrors.isInputError(new IllegalStateException()));
  }
}
