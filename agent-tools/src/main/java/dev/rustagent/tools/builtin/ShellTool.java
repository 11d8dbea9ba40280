package dev.rustagent.tools.builtin;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.rustagent.tools.Action;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolResult;
import dev.rustagent.tools.spi.internal.ProcessRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code shell} tool: runs a program from an argument list ({@code argv}) in the workspace, or a
 * command line ({@code command}, run with {@code sh -c}) when the {@link ShellPolicy} allows line
 * mode. The policy's allow and deny patterns decide what may run; the environment is the configured
 * one without variables that look like secrets (tokens, keys, passwords).
 */
public final class ShellTool extends BuiltinTool {
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
    return Set.of(Action.RUN_COMMAND);
  }

  @Override
  public String permissionSubject(ToolArguments arguments) {
    return commandLine(arguments);
  }

  private static String commandLine(ToolArguments arguments) {
    List<String> argv = arguments.stringList("argv");
    if (!argv.isEmpty()) {
      List<String> shown = new ArrayList<>(argv);
      shown.set(0, Path.of(argv.get(0)).getFileName() == null ? argv.get(0)
          : Path.of(argv.get(0)).getFileName().toString());
      return String.join(" ", shown);
    }
    return arguments.optionalString("command").orElse("");
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
    List<String> command = lineMode ? List.of("sh", "-c", line) : argv;
    Ran ran = run(config, command.get(0), command.get(0), command.subList(1, command.size()),
        config.environment, context);
    if (ran.failure() != null) {
      return ran.failure();
    }
    ProcessRunner.Outcome outcome = ran.outcome();
    StringBuilder text = new StringBuilder();
    text.append("$ ").append(line).append("\n");
    text.append(outcome.combined());
    if (!outcome.timedOut() && !outcome.cancelled()) {
      text.append(text.charAt(text.length() - 1) == '\n' ? "" : "\n").append("[exit code ")
          .append(outcome.exitCode()).append(']');
    }
    if (outcome.outputCut()) {
      text.append("\n[the command printed more output than is kept; the middle was left out]");
    }
    text.append(stopNote(outcome, context));
    return capped(outcome.succeeded(), text.toString(), context, null);
  }
}
