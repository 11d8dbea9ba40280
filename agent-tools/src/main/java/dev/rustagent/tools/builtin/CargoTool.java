package dev.rustagent.tools.builtin;

import dev.rustagent.tools.ProblemReport.CargoReport;
import dev.rustagent.tools.ProblemReport.CargoReport.TestSummary;
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
 * The {@code cargo} tool: {@code check}, {@code build}, {@code test}, {@code run}, {@code fmt},
 * {@code fix}, {@code clean}, {@code add}, {@code remove} and {@code tree} in the workspace.
 * {@code check}, {@code build}, {@code test} and {@code run} use {@code --message-format=json}, so the
 * result carries a {@link CargoReport} with {@link CompilerDiagnostic}s and, for {@code test}, a
 * {@link TestSummary}. Every call runs a command; {@code fmt}, {@code fix}, {@code clean} (deletes build output), {@code add} and
 * {@code remove} also modify code, and {@code add} uses the network unless cargo runs offline.
 */
final class CargoTool extends BuiltinTool {
  static final List<String> SUBCOMMANDS =
      List.of("check", "build", "test", "run", "fmt", "fix", "clean", "add", "remove", "tree");
  private static final Set<String> JSON_SUBCOMMANDS = Set.of("check", "build", "test", "run");

  private final BuiltinTools config;

  CargoTool(BuiltinTools config) {
    super("cargo",
        "Runs cargo in the Rust workspace. check/build/test/run report compiler diagnostics "
            + "(errors with codes, file, line and suggested fixes); test also reports passed/failed "
            + "tests with the failing tests' output. Extra arguments go in 'args', e.g. "
            + "[\"--all-targets\"] or [\"--\", \"my_test\"].",
        JsonObjectSchema.builder()
            .addEnumProperty("subcommand", SUBCOMMANDS, "the cargo subcommand")
            .addProperty("args", stringArray("extra arguments after the subcommand"))
            .required("subcommand")
            .build());
    this.config = config;
  }

  @Override
  public Set<Action> actions(ToolArguments arguments) {
    String sub = arguments.string("subcommand");
    List<String> args = arguments.stringList("args");
    Set<Action> actions = EnumSet.of(Action.RUN_COMMAND);
    List<String> all = new java.util.ArrayList<>(List.of(sub));
    all.addAll(args);
    if (CargoRun.writesCode(all)) {
      actions.add(Action.MODIFY_CODE);
    }
    if (sub.equals("add") && !config.offline && !args.contains("--offline")) {
      actions.add(Action.NETWORK);
    }
    return actions;
  }

  @Override
  public String permissionSubject(ToolArguments arguments) {
    List<String> parts = new ArrayList<>();
    parts.add("cargo");
    parts.add(arguments.string("subcommand"));
    parts.addAll(arguments.stringList("args"));
    return String.join(" ", parts);
  }

  @Override
  public Optional<String> unavailableReason() {
    return missingProgram(config.cargo, "cargo");
  }

  @Override
  ToolResult call(ToolArguments arguments, ToolContext context) throws InterruptedException {
    String sub = arguments.string("subcommand");
    if (!SUBCOMMANDS.contains(sub)) {
      return ToolResult.failure("unknown cargo subcommand '" + sub + "'; use one of " + SUBCOMMANDS);
    }
    List<String> args = arguments.stringList("args");
    List<String> cargoArgs = new ArrayList<>();
    cargoArgs.add(sub);
    if (JSON_SUBCOMMANDS.contains(sub)) {
      cargoArgs.add("--message-format=json");
    }
    if (sub.equals("fix")) {
      cargoArgs.add("--allow-dirty");
      cargoArgs.add("--allow-no-vcs");
    }
    cargoArgs.addAll(args);
    return CargoRun.run(config, cargoArgs, sub.equals("test"), context);
  }
}
