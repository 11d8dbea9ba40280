package dev.rustagent.examples.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code rust-agent} program. Exit codes: 0 completed, 1 failed, 2 usage error, 3 stopped before a
 * complete answer (denied, cap reached, cancelled, timed out, or the model's answer was cut off at
 * max_tokens, refused or paused); {@code --help} lists them for each command.
 */
@Command(name = "rust-agent", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "A Rust-expert coding agent for your workspace.")
public final class RustAgentCli {
  /** The run completed. */
  public static final int EXIT_OK = 0;
  /** The run failed. */
  public static final int EXIT_FAILED = 1;
  /** The command line was wrong. */
  public static final int EXIT_USAGE = 2;
  /**
   * A permission was refused, a cap was reached, the run was cancelled or timed out, or the model's
   * answer was cut off, refused or paused.
   */
  public static final int EXIT_STOPPED = 3;

  /** The commands that run an agent, and so can end with {@link #EXIT_STOPPED}. */
  private static final java.util.Set<String> AGENT_COMMANDS = java.util.Set.of("run", "debug");

  @Spec
  CommandSpec spec;

  private boolean noColor;

  /**
   * Whether the command of {@code spec} may print in colour: not under {@code NO_COLOR} (any non-empty
   * value) nor with {@code --no-color}.
   */
  static boolean colour(CommandSpec spec) {
    boolean flag = spec.root().userObject() instanceof RustAgentCli cli && cli.noColor;
    return Terminal.ansi(System.getenv(), flag) != CommandLine.Help.Ansi.OFF;
  }

  @Option(names = "--no-color", scope = ScopeType.INHERIT,
      description = "No colour in the output (also: NO_COLOR set to anything, now ${env:NO_COLOR:-not set}).")
  void noColor(boolean noColor) {
    this.noColor = noColor;
    if (noColor) {
      spec.commandLine().setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
    }
  }

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
    cli.addSubcommand("serve", new ServeCommand());
    cli.addSubcommand("mcp", new McpCommand());
    cli.addSubcommand("completion", new CompletionCommand());
    cli.addSubcommand("help", new CommandLine.HelpCommand());
    conventions(cli);
    cli.setExitCodeExceptionMapper(e -> EXIT_FAILED);
    cli.setExecutionExceptionHandler((e, c, parsed) -> {
      if (e instanceof CommandLine.ParameterException pe) {
        return cli.getParameterExceptionHandler().handleParseException(pe, new String[0]);
      }
      c.getErr().println("error: " + e.getMessage());
      return EXIT_FAILED;
    });
    cli.setParameterExceptionHandler((e, a) -> {
      CommandLine failed = e.getCommandLine();
      failed.getErr().println(e.getMessage());
      CommandLine.UnmatchedArgumentException.printSuggestions(e, failed.getErr());
      failed.usage(failed.getErr());
      return EXIT_USAGE;
    });
    return cli;
  }

  /**
   * The conventions every command shares: enum values in any case ({@code --approve ALL}), colour off
   * under {@code NO_COLOR}, and the exit codes listed at the end of each command's help.
   */
  private static void conventions(CommandLine cli) {
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setColorScheme(CommandLine.Help.defaultColorScheme(Terminal.ansi(System.getenv(), false)));
    exitCodes(cli, true);
  }

  private static void exitCodes(CommandLine command, boolean runsAgents) {
    Map<String, String> codes = new LinkedHashMap<>();
    codes.put(String.valueOf(EXIT_OK), "completed");
    codes.put(String.valueOf(EXIT_FAILED), "failed (the error says why)");
    codes.put(String.valueOf(EXIT_USAGE), "usage error: a bad option, value or argument");
    if (runsAgents) {
      codes.put(String.valueOf(EXIT_STOPPED), "stopped before a complete answer: permission refused, cap reached,"
          + " cancelled, timed out, or the answer cut off, refused or paused");
    }
    command.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
    command.getSubcommands().forEach((name, sub) ->
        exitCodes(sub, command.getParent() == null && AGENT_COMMANDS.contains(name)));
  }
}
