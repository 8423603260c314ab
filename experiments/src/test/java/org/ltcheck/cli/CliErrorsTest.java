package org.ltcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

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

  @Command(name = "boom")
  static final class Boom implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new IllegalStateException("no subset approximates target value -7.86e29");
    }
  }

  private static CliRun boom(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = LtcheckCli.commandLine();
    cl.addSubcommand("boom", new Boom());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new CliRun(cl.execute(args), out.toString(), err.toString());
  }

  @Test
  void anInternalErrorGivesOneLineNamingTheCommandAndExitCode1() {
    CliRun r = boom("boom");
    assertEquals(1, r.exitCode());
    assertEquals(1, r.errLines(), r.err());
    assertEquals("ltcheck boom: internal error: no subset approximates target value -7.86e29 (run with --debug for details)",
        r.err().strip());
  }

  @Test
  void debugAddsTheStackTraceBeforeOrAfterTheCommand() {
    for (String[] args : new String[][] {{"--debug", "boom"}, {"boom", "--debug"}}) {
      CliRun r = boom(args);
      assertEquals(1, r.exitCode(), r.err());
      assertTrue(r.err().startsWith("ltcheck boom: internal error: no subset"), r.err());
      assertTrue(r.err().contains("at org.ltcheck.cli.CliErrorsTest$Boom.call"), r.err());
    }
  }

  @Test
  void internalErrorsWithoutAMessageNameTheirKind() {
    assertEquals("NullPointerException", CliErrors.internalMessage(new NullPointerException()));
    assertEquals("ArithmeticException: / by zero", CliErrors.internalMessage(new ArithmeticException("/ by zero")));
    assertEquals("it broke", CliErrors.internalMessage(new IllegalStateException("it broke")));
  }
}
