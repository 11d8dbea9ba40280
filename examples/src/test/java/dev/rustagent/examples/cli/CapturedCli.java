package dev.rustagent.examples.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.function.Consumer;
import picocli.CommandLine;

/** Runs the {@code rust-agent} command line in this process and keeps what it prints. */
final class CapturedCli {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** Runs {@code args} and returns the exit code. */
  int execute(String... args) {
    return execute(cli -> { }, args);
  }

  /** Runs {@code args} after {@code setUp} has adjusted the command line; returns the exit code. */
  int execute(Consumer<CommandLine> setUp, String... args) {
    CommandLine cli = RustAgentCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    setUp.accept(cli);
    return cli.execute(args);
  }

  /** Runs {@code chat ARGS} reading its lines from {@code input}; returns the exit code. */
  int chat(String input, String... args) {
    String[] chatArgs = new String[args.length + 1];
    chatArgs[0] = "chat";
    System.arraycopy(args, 0, chatArgs, 1, args.length);
    return execute(cli -> cli.getSubcommands().get("chat").<ChatCommand>getCommand().input =
        new BufferedReader(new StringReader(input)), chatArgs);
  }

  /** What was printed on standard output so far. */
  String out() {
    return out.toString();
  }

  /** What was printed on standard error so far. */
  String err() {
    return err.toString();
  }
}
