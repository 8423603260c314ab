package org.ltcheck.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code ltcheck} command. It only dispatches: every piece of work is a subcommand listed
 * here, so adding one is one entry in {@code subcommands}.
 */
@Command(
    name = "ltcheck",
    mixinStandardHelpOptions = true,
    version = "ltcheck 0.1.0-SNAPSHOT",
    description = "Constructs and certifies strong lottery tickets (Burkholz, ICML 2022).",
    subcommands = {ConstructCommand.class, CertifyCommand.class, BoundsCommand.class, TrainCommand.class, PruneCommand.class,
      SubsetStatsCommand.class, ReproduceCommand.class, ExportCommand.class,
      CommandLine.HelpCommand.class})
public final class LtcheckCli implements Runnable {
  @Spec CommandSpec spec;

  @Option(names = CliErrors.DEBUG_OPTION, scope = ScopeType.INHERIT,
      description = "On an internal error, print its stack trace as well as its one-line message.")
  boolean debug;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command (try 'ltcheck help')");
  }

  /** The command line with ltcheck's error handling, ready to {@code execute}. */
  public static CommandLine commandLine() {
    return CliErrors.install(new CommandLine(new LtcheckCli()));
  }

  public static void main(String[] args) {
    int code;
    try {
      code = commandLine().execute(args);
    } catch (Error e) {
      // picocli hands only exceptions to the handlers; an error (out of memory) still gets one line
      System.err.println("ltcheck: internal error: " + CliErrors.internalMessage(e));
      code = CliErrors.INTERNAL_ERROR;
    }
    System.exit(code);
  }
}
