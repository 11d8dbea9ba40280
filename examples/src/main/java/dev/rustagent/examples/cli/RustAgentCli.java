package dev.rustagent.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code rust-agent} program. Exit codes: 0 completed, 1 failed, 2 usage error, 3 denied or cap reached. */
@Command(name = "rust-agent", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "A Rust-expert coding agent for your workspace.")
public final class RustAgentCli {
  /** The run completed. */
  public static final int EXIT_OK = 0;
  /** The run failed. */
  public static final int EXIT_FAILED = 1;
  /** The command line was wrong. */
  public static final int EXIT_USAGE = 2;
  /** A permission was refused, a cap was reached or the run was cancelled. */
  public static final int EXIT_STOPPED = 3;

  /** Runs the program and exits with its code. */
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the program and returns its exit code. */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  /** The command line with every subcommand registered. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new RustAgentCli());
    cli.addSubcommand("run", new RunCommand());
    cli.addSubcommand("memory", new MemoryCommand());
    cli.addSubcommand("debug", new DebugCommand());
    cli.addSubcommand("chat", new ChatCommand());
    cli.addSubcommand("art", new ArtCommand());
    cli.setExitCodeExceptionMapper(e -> EXIT_FAILED);
    cli.setExecutionExceptionHandler((e, c, parsed) -> {
      if (e instanceof CommandLine.ParameterException pe) {
        return cli.getParameterExceptionHandler().handleParseException(pe, new String[0]);
      }
      c.getErr().println("error: " + e.getMessage());
      return EXIT_FAILED;
    });
    cli.setParameterExceptionHandler((e, a) -> {
      e.getCommandLine().getErr().println(e.getMessage());
      e.getCommandLine().usage(e.getCommandLine().getErr());
      return EXIT_USAGE;
    });
    return cli;
  }
}
