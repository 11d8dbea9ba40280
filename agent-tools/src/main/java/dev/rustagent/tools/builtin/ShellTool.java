package dev.rustagent.tools.builtin;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolResult;
import dev.rustagent.tools.spi.internal.CommandGlob;
import dev.rustagent.tools.spi.internal.OutputShaper;
import dev.rustagent.tools.spi.internal.ProcessRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import dev.rustagent.tools.builtin.BuiltinTools.ShellPolicy;

/**
 * The {@code shell} tool: runs a program from an argument list ({@code argv}) in the workspace, or a
 * command line ({@code command}, run with {@code sh -c}) when the {@link ShellPolicy} allows line
 * mode. The policy's allow and deny patterns and the permission rules judge the command that will
 * actually run ({@link ShellWords}); cargo started this way obeys the cargo tool's rules (the
 * workspace's own manifest, no output or configuration outside it); the environment is the configured
 * one without credentials.
 */
final class ShellTool extends BuiltinTool {
  private final BuiltinTools config;

  ShellTool(BuiltinTools config) {
    super("shell",
        "Runs a program in the workspace from an argument list, e.g. {\"argv\": [\"ls\", \"-la\", \"src\"]}. "
            + (config.shellPolicy.allowsCommandLine()
                ? "A shell command line may be given as 'command' instead."
                : "Shell syntax (pipes, ';', redirects) is not interpreted."),
        schema(config.shellPolicy));
    this.config = config;
  }

  private static JsonObjectSchema schema(ShellPolicy policy) {
    JsonObjectSchema.Builder schema = JsonObjectSchema.builder()
        .addProperty("argv", stringArray("the program and its arguments"));
    if (policy.allowsCommandLine()) {
      schema.addStringProperty("command", "a shell command line run with sh -c");
    }
    return schema.build();
  }

  @Override
  public Set<Action> actions(ToolArguments arguments) {
    ShellWords.Effective effective = effective(arguments);
    List<String> argv = effective.argv();
    boolean cargo = !effective.compound() && !argv.isEmpty() && ShellWords.baseName(argv.get(0)).equals("cargo");
    if (cargo && CargoRun.writesCode(argv.subList(1, argv.size()))) {
      return Set.of(Action.RUN_COMMAND, Action.MODIFY_CODE); // cargo fix, clippy --fix, fmt: they rewrite sources
    }
    return Set.of(Action.RUN_COMMAND);
  }

  @Override
  public String permissionSubject(ToolArguments arguments) {
    return commandLine(arguments);
  }

  /** The command that will actually run, wrappers peeled off ({@link ShellWords}). */
  private static ShellWords.Effective effective(ToolArguments arguments) {
    List<String> argv = arguments.stringList("argv");
    if (argv.isEmpty()) {
      argv = List.of("sh", "-c", arguments.optionalString("command").orElse(""));
    }
    return ShellWords.effective(argv);
  }

  /**
   * The command line permission rules and the shell policy judge: the effective command with the
   * program as it is named (a path stays a path), preceded by the variables set on the way.
   */
  private static String commandLine(ToolArguments arguments) {
    ShellWords.Effective effective = effective(arguments);
    if (effective.compound() || effective.argv().isEmpty()) {
      List<String> argv = arguments.stringList("argv");
      return argv.isEmpty() ? arguments.optionalString("command").orElse("") : String.join(" ", argv);
    }
    StringBuilder line = new StringBuilder();
    effective.assignments().forEach((name, value) -> line.append(name).append('=').append(value).append(' '));
    return line.append(String.join(" ", effective.argv())).toString();
  }

  /** Why a cargo the shell would start must not run (outside the workspace, other configuration), or null. */
  private static String cargoRefusal(ToolArguments arguments, ToolContext context) {
    ShellWords.Effective effective = effective(arguments);
    if (effective.compound()) {
      String all = String.join(" ", arguments.stringList("argv")) + arguments.optionalString("command").orElse("");
      return all.matches("(?s).*\\bcargo\\b.*")
          ? "cargo inside a compound shell command cannot be checked; call cargo directly (argv) or use the cargo tool"
          : null;
    }
    if (effective.argv().isEmpty()) {
      return null;
    }
    String program = effective.argv().get(0);
    if (!ShellWords.baseName(program).equals("cargo") && !CommandGlob.sameProgram("cargo", program)) {
      return null;
    }
    for (String name : effective.assignments().keySet()) {
      if (CargoRun.STEERING_VARIABLES.stream().anyMatch(v -> v.endsWith("_") ? name.startsWith(v) : name.equals(v))) {
        return "setting " + name + " for cargo is not allowed: it moves cargo's output or configuration";
      }
    }
    String refusal = CargoRun.checkWorkspace(context.workspaceRoot());
    return refusal != null ? refusal
        : CargoRun.checkArguments(effective.argv().subList(1, effective.argv().size()), context.workspaceRoot());
  }

  @Override
  ToolResult call(ToolArguments arguments, ToolContext context) throws InterruptedException {
    List<String> argv = arguments.stringList("argv");
    boolean lineMode = argv.isEmpty() && arguments.has("command");
    if (arguments.has("command") && !config.shellPolicy.allowsCommandLine()) {
      return ToolResult.failure("shell command lines are not allowed by the policy; send 'argv' as an "
          + "array of the program and its arguments instead");
    }
    if (argv.isEmpty() && !lineMode) {
      return ToolResult.failure("shell needs 'argv': the program and its arguments, e.g. [\"ls\", \"src\"]");
    }
    if (!argv.isEmpty() && arguments.has("command")) {
      return ToolResult.failure("give either 'argv' or 'command', not both");
    }
    String line = commandLine(arguments);
    var refusal = config.shellPolicy.refusal(line);
    if (refusal.isPresent()) {
      return ToolResult.failure(refusal.get());
    }
    String cargoRefusal = cargoRefusal(arguments, context);
    if (cargoRefusal != null) {
      return ToolResult.failure(cargoRefusal);
    }
    List<String> command = lineMode ? List.of("sh", "-c", arguments.string("command")) : argv;
    Ran ran = run(config, command.get(0), command.get(0), command.subList(1, command.size()),
        config.environment, context);
    if (ran.failure() != null) {
      return ran.failure();
    }
    ProcessRunner.Outcome outcome = ran.outcome();
    // The verdict first, in the tool's own words; the program's text after it, quoted so it cannot forge one.
    StringBuilder text = new StringBuilder(OutputShaper.MARK).append(" $ ").append(OutputShaper.clean(line)
        .replace('\n', ' '));
    if (!outcome.timedOut() && !outcome.cancelled()) {
      text.append(": exit code ").append(outcome.exitCode());
    }
    text.append('\n');
    String stop = stopNote(outcome, context).strip();
    if (!stop.isEmpty()) {
      text.append(OutputShaper.MARK).append(' ').append(stop).append('\n');
    }
    if (outcome.outputCut()) {
      text.append(OutputShaper.MARK).append(" the command printed more output than is kept; the middle was left out\n");
    }
    text.append(OutputShaper.collapseRepeats(OutputShaper.quote(outcome.combined())));
    return capped(outcome.succeeded(), text.toString(), context, null);
  }
}
