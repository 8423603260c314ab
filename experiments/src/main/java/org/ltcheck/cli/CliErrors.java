package org.ltcheck.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * Turns bad input into exactly one line on stderr, {@code ltcheck <cmd>: error: <message>}, and
 * exit code {@value #USAGE_ERROR}, for every ltcheck command: a user who mistyped a value needs
 * the value named, not a usage screen or a stack trace. Anything else is an internal error (a
 * bug, or a limit the up-front checks missed): the last-resort handler prints one line,
 * {@code ltcheck <cmd>: internal error: <message>}, and exits with {@value #INTERNAL_ERROR};
 * with the global option {@value #DEBUG_OPTION} it prints the stack trace as well.
 */
public final class CliErrors implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
  /** Exit code for bad input, as in most Unix tools. */
  public static final int USAGE_ERROR = 2;

  /** Exit code for an internal error (and for a run whose result failed its own check). */
  public static final int INTERNAL_ERROR = 1;

  /** The option that adds the stack trace to an internal error's line. */
  public static final String DEBUG_OPTION = "--debug";

  /** Installs the handlers on {@code cl} and every subcommand it has now. */
  public static CommandLine install(CommandLine cl) {
    CliErrors handler = new CliErrors();
    cl.setExecutionExceptionHandler(handler);
    cl.setParameterExceptionHandler(handler);
    return cl;
  }

  @Override
  public int handleParseException(CommandLine.ParameterException ex, String[] args) {
    report(ex.getCommandLine(), "error: " + message(ex));
    return USAGE_ERROR;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult)
      throws Exception {
    if (isInputError(ex)) {
      report(cmd, "error: " + message(ex));
      return USAGE_ERROR;
    }
    report(cmd, "internal error: " + internalMessage(ex)
        + (debug(parseResult) ? "" : " (run with " + DEBUG_OPTION + " for details)"));
    if (debug(parseResult)) {
      ex.printStackTrace(cmd.getErr());
      cmd.getErr().flush();
    }
    return INTERNAL_ERROR;
  }

  /** Whether {@value #DEBUG_OPTION} was given to the command or any command above it. */
  private static boolean debug(CommandLine.ParseResult parseResult) {
    for (CommandLine.ParseResult r = parseResult; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption(DEBUG_OPTION)) {
        return true;
      }
    }
    return false;
  }

  /** An internal error on one line: its message, with the exception's kind where the message is not enough. */
  static String internalMessage(Throwable ex) {
    String m = message(ex);
    boolean bare = ex.getMessage() == null || ex instanceof NullPointerException || ex instanceof ClassCastException
        || ex instanceof IndexOutOfBoundsException || ex instanceof ArithmeticException;
    return bare && !m.equals(ex.getClass().getSimpleName()) ? ex.getClass().getSimpleName() + ": " + m : m;
  }

  /** Bad values, unreadable or malformed files. */
  static boolean isInputError(Throwable ex) {
    return ex instanceof IllegalArgumentException
        || ex instanceof IOException
        || ex instanceof UncheckedIOException
        || ex instanceof CommandLine.ParameterException;
  }

  /** The message of {@code ex} on one line, with the file system's terse messages made readable. */
  static String message(Throwable ex) {
    Throwable e = ex instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : ex;
    String m;
    if (e instanceof FileSystemException fs && fs.getReason() == null) {
      String what = e instanceof NoSuchFileException ? "no such file"
          : e instanceof AccessDeniedException ? "permission denied" : e.getClass().getSimpleName();
      m = fs.getFile() + ": " + what;
    } else {
      m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    return m.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
  }

  private static void report(CommandLine cmd, String message) {
    cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + message);
    cmd.getErr().flush();
  }
}
