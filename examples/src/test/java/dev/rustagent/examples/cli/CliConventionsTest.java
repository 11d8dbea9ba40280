package dev.rustagent.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line follows picocli's conventions: help, completion, env defaults, exit codes, colour. */
class CliConventionsTest {
  private static final String ESC = "\u001B[";

  @TempDir
  Path dir;

  private final CapturedCli cli = new CapturedCli();

  /** Help text with its line wrapping undone. */
  private static String flat(String help) {
    return help.replaceAll("\\s+", " ");
  }

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    for (String name : List.of("RUST_AGENT_LLM_MODEL", "RUST_AGENT_LLM_API_ENDPOINT", "NO_COLOR", "RUST_AGENT_DATA")) {
      env.put(name, null);
    }
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  void theHelpSubcommandPrintsTheNamedCommandsUsage() {
    assertThat(cli.execute("help", "debug")).isZero();

    assertThat(cli.out()).contains("Usage: rust-agent debug").contains("--max-rounds");
  }

  @Test
  void theTopLevelHelpListsTheHelpAndCompletionSubcommands() {
    assertThat(cli.execute("--help")).isZero();

    assertThat(cli.out()).containsPattern("(?m)^\\s+help\\s").containsPattern("(?m)^\\s+completion\\s");
  }

  @Test
  void agentCommandsListAllFourExitCodesInTheirHelp() {
    assertThat(cli.execute("run", "--help")).isZero();

    assertThat(cli.out()).contains("Exit codes:").containsPattern("(?m)^\\s+0\\s+completed")
        .containsPattern("(?m)^\\s+2\\s+usage error").containsPattern("(?m)^\\s+3\\s+stopped before a complete answer");
  }

  @Test
  void otherCommandsListTheirExitCodesWithoutStopped() {
    assertThat(cli.execute("art", "export", "--help")).isZero();

    assertThat(cli.out()).contains("Exit codes:").containsPattern("(?m)^\\s+1\\s+failed")
        .doesNotContainPattern("(?m)^\\s+3\\s+stopped");
  }

  @Test
  void approveIsAnEnumShownWithItsValuesAndTakenInAnyCase() {
    CommandLine command = RustAgentCli.commandLine();
    command.parseArgs("run", "--approve", "ALL", "fix it");
    RunCommand run = command.getSubcommands().get("run").getCommand();

    assertThat(run.options.approve).isEqualTo(AgentOptions.Approval.ALL);
    assertThat(cli.execute("run", "--help")).isZero();
    assertThat(flat(cli.out())).contains("(ask, all, none)").contains("Default: ask");
  }

  @Test
  void artRunTakesTheSameApproveEnumButRefusesAskForAnUnattendedMission() {
    assertThat(cli.execute("art", "run", "--approve", "ask", "--demo", dir.resolve("m.yaml").toString()))
        .isEqualTo(RustAgentCli.EXIT_USAGE);

    assertThat(cli.err()).contains("--approve must be all or none: a mission runs unattended");
  }

  @Test
  void aMistypedSubcommandGetsADidYouMean() {
    assertThat(cli.execute("chta")).isEqualTo(RustAgentCli.EXIT_USAGE);

    assertThat(cli.err()).contains("Unmatched argument").contains("Did you mean: rust-agent chat?");
  }

  @Test
  void aMistypedOptionGetsADidYouMean() {
    assertThat(cli.execute("run", "--workspac", dir.toString(), "fix it")).isEqualTo(RustAgentCli.EXIT_USAGE);

    assertThat(cli.err()).contains("Unknown option: '--workspac'").contains("Possible solutions: --workspace");
  }

  @Test
  void noColorTurnsColourOffForAnyNonEmptyValue() {
    assertThat(Terminal.ansi(Map.of(), false)).isEqualTo(CommandLine.Help.Ansi.AUTO);
    assertThat(Terminal.ansi(Map.of("NO_COLOR", "1"), false)).isEqualTo(CommandLine.Help.Ansi.OFF);
    assertThat(Terminal.ansi(Map.of("NO_COLOR", ""), false)).isEqualTo(CommandLine.Help.Ansi.AUTO);
    assertThat(Terminal.ansi(Map.of(), true)).isEqualTo(CommandLine.Help.Ansi.OFF);
  }

  @Test
  void theInheritedNoColorFlagTurnsColourOffForTheSubcommand() {
    CommandLine command = RustAgentCli.commandLine();
    command.parseArgs("run", "--no-color", "fix it");

    assertThat(RustAgentCli.colour(command.getSubcommands().get("run").getCommandSpec())).isFalse();
  }

  @Test
  void offATerminalProgressIsPlainLinesWithoutCarriageReturns() {
    StringWriter err = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(err, true), "runs", 3, false);

    for (int done = 0; done <= 3; done++) {
      bar.update(done, "");
    }
    bar.finish();

    assertThat(err.toString()).doesNotContain("\r").isEqualTo(String.join(System.lineSeparator(),
        "runs: 0/3", "runs: 1/3", "runs: 2/3", "runs: 3/3", ""));
  }

  @Test
  void onATerminalProgressIsOneBarRedrawnInPlace() {
    StringWriter err = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(err, true), "runs", 2, true);

    bar.update(1, "");
    bar.update(2, "");

    assertThat(err.toString()).startsWith("\r[###############---------------] 1/2 runs")
        .contains("\r[##############################] 2/2 runs").doesNotContain("\n");
  }

  // The same conventions seen from outside, as a script or a shell sees them.

  @Test
  void helpShowsTheEnvironmentsCurrentDefaults() throws Exception {
    CliProcess.Result set = CliProcess.run(env("RUST_AGENT_LLM_MODEL", "claude-from-env"), List.of(), "run", "--help");
    CliProcess.Result unset = CliProcess.run(env(), List.of(), "run", "--help");

    assertThat(set.code()).isZero();
    assertThat(flat(set.out())).contains("$RUST_AGENT_LLM_MODEL, now claude-from-env");
    assertThat(flat(unset.out())).contains("$RUST_AGENT_LLM_MODEL, now not set");
  }

  @Test
  void noColorAndTheFlagKeepEscapeSequencesOutOfForcedColourHelp() throws Exception {
    List<String> forceColour = List.of("-Dpicocli.ansi=true");

    assertThat(CliProcess.run(env(), forceColour, "--help").out()).contains(ESC);
    assertThat(CliProcess.run(env("NO_COLOR", "1"), forceColour, "--help").out()).doesNotContain(ESC);
    assertThat(CliProcess.run(env(), forceColour, "--no-color", "run", "--help").out())
        .contains("Usage: rust-agent run").doesNotContain(ESC);
  }

  @Test
  void theBashCompletionScriptCompletesSubcommandsOptionsAndApproveValues() throws Exception {
    CliProcess.Result script = CliProcess.run(env(), List.of(), "completion", "bash");
    assertThat(script.code()).isZero();
    Path file = dir.resolve("rust-agent-completion.bash");
    Files.writeString(file, script.out());

    assertThat(complete(file, "rust-agent", "ch")).contains("chat").doesNotContain("run");
    assertThat(complete(file, "rust-agent", "run", "--appr")).contains("--approve");
    assertThat(complete(file, "rust-agent", "run", "--approve", "")).contains("ask", "all", "none");
  }

  /** What bash offers for the last word after sourcing the script. */
  private String complete(Path script, String... words) throws Exception {
    StringBuilder array = new StringBuilder();
    for (String word : words) {
      array.append('\'').append(word).append("' ");
    }
    String program = "source '" + script + "'; COMP_WORDS=(" + array + "); COMP_CWORD=" + (words.length - 1)
        + "; COMP_LINE='" + String.join(" ", words) + "'; COMP_POINT=${#COMP_LINE};"
        + " $(complete -p rust-agent | sed -E 's/.*-F ([^ ]+).*/\\1/') rust-agent; printf '%s\\n' \"${COMPREPLY[@]}\"";
    Process bash = new ProcessBuilder("bash", "-c", program).redirectErrorStream(true).start();
    String out = new String(bash.getInputStream().readAllBytes());
    assertThat(bash.waitFor(1, TimeUnit.MINUTES)).isTrue();
    return out;
  }
}
