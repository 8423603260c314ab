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
 * the value named, not a usage screen or a stack trace. Anything that is not an input error
 * (a bug) is left to picocli, which prints the stack trace and exits with 1.
 */
public final class CliErrors implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
  /** Exit code for bad input, as in most Unix tools. */
  public static final int USAGE_ERROR = 2;

  /** Installs the handlers on {@code cl} and every subcommand it has now. */
  public static CommandLine install(CommandLine cl) {
    CliErrors handler = new CliErrors();
    cl.setExecutionExceptionHandler(handler);
    cl.setParameterExceptionHandler(handler);
    return cl;
  }

  @Override
  public int handleParseException(CommandLine.ParameterException ex, String[] args) {
    report(ex.getCommandLine(), ex.getMessage());
    return USAGE_ERROR;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult)
      throws Exception {
    if (!isInputError(ex)) {
      throw ex;
    }
    report(cmd, message(ex));
    return USAGE_ERROR;
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
    cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": error: " + message);
    cmd.getErr().flush();
  }
}
