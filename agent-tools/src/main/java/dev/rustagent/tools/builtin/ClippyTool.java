package dev.rustagent.tools.builtin;

import dev.rustagent.tools.ProblemReport.CargoReport;
import dev.rustagent.tools.ProblemReport.CompilerDiagnostic;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolResult;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code clippy} tool: {@code cargo clippy --message-format=json}, reported as {@link CompilerDiagnostic}s
 * in a {@link CargoReport}. With {@code fix} it applies clippy's machine-applicable suggestions, which
 * modifies code.
 */
final class ClippyTool extends BuiltinTool {
  private final BuiltinTools config;

  ClippyTool(BuiltinTools config) {
    super("clippy",
        "Runs cargo clippy (Rust lints) in the workspace and reports each lint with its name, location "
            + "and suggestion. Set 'fix' to true to apply the automatic fixes (changes files).",
        JsonObjectSchema.builder()
            .addBooleanProperty("fix", "apply clippy's automatic fixes")
            .addProperty("args", stringArray("extra arguments, e.g. [\"--all-targets\"]"))
            .build());
    this.config = config;
  }

  @Override
  public Set<Action> actions(ToolArguments arguments) {
    return fixes(arguments)
        ? EnumSet.of(Action.RUN_COMMAND, Action.MODIFY_CODE)
        : EnumSet.of(Action.RUN_COMMAND);
  }

  /** Whether the call applies fixes: the {@code fix} flag or {@code --fix} anywhere in the arguments. */
  private static boolean fixes(ToolArguments arguments) {
    if (arguments.bool("fix", false)) {
      return true;
    }
    for (String arg : arguments.stringList("args")) {
      if (arg.equals("--")) {
        return false;
      }
      if (arg.equals("--fix") || arg.startsWith("--fix=")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String permissionSubject(ToolArguments arguments) {
    List<String> parts = new ArrayList<>(List.of("cargo", "clippy"));
    if (arguments.bool("fix", false)) {
      parts.add("--fix");
    }
    parts.addAll(arguments.stringList("args"));
    return String.join(" ", parts);
  }

  @Override
  public Optional<String> unavailableReason() {
    return missingProgram(config.cargo, "cargo");
  }

  @Override
  ToolResult call(ToolArguments arguments, ToolContext context) throws InterruptedException {
    List<String> args = arguments.stringList("args");
    List<String> cargoArgs = new ArrayList<>(List.of("clippy", "--message-format=json"));
    if (arguments.bool("fix", false)) {
      cargoArgs.addAll(List.of("--fix", "--allow-dirty", "--allow-no-vcs", "--allow-staged"));
    }
    cargoArgs.addAll(args);
    return CargoRun.run(config, cargoArgs, false, context);
  }
}
