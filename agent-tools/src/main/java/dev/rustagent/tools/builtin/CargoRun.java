package dev.rustagent.tools.builtin;

import dev.rustagent.tools.ProblemReport.CargoReport;
import dev.rustagent.tools.ProblemReport.CompilerDiagnostic;
import dev.rustagent.tools.ProblemReport.CargoReport.TestSummary;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolResult;
import dev.rustagent.tools.spi.internal.CargoJson;
import dev.rustagent.tools.internal.LibtestOutput;
import dev.rustagent.tools.spi.internal.ProcessRunner;
import dev.rustagent.tools.spi.internal.WorkspacePaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Runs cargo for the cargo and clippy tools and turns its output into a {@link CargoReport}. */
final class CargoRun {
  private static final Set<String> NETWORK_SIGNS = Set.of("offline", "failed to download",
      "Unable to update registry", "failed to query replaced source", "Could not resolve host",
      "network failure", "failed to get");

  /** Options naming a directory cargo writes to. */
  static final Set<String> OUTPUT_DIRECTORIES = Set.of("--target-dir", "--artifact-dir", "--out-dir");
  /** Environment variables that move cargo's output or configuration. */
  static final Set<String> STEERING_VARIABLES = Set.of("CARGO_TARGET_DIR", "CARGO_BUILD_TARGET_DIR",
      "CARGO_HOME", "CARGO_BUILD_RUSTC", "CARGO_BUILD_RUSTC_WRAPPER", "RUSTC_WRAPPER", "RUSTC",
      "CARGO_BUILD_RUSTC_WORKSPACE_WRAPPER", "RUSTC_WORKSPACE_WRAPPER", "CARGO_MANIFEST_PATH", "RUSTFLAGS",
      "CARGO_ENCODED_RUSTFLAGS", "RUSTDOCFLAGS", "CARGO_UNSTABLE_", "CARGO_ALIAS_", "CARGO_TARGET_");

  private CargoRun() {}

  /**
   * Refuses arguments that would let cargo act outside the workspace or load other configuration:
   * {@code --manifest-path} (the tools pass the workspace's own), {@code --config}, {@code -Z},
   * {@code -C}, and output directories outside the workspace.
   *
   * @return the reason, or {@code null} when the arguments may be used
   */
  static String checkArguments(List<String> args, Path root) {
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--")) {
        break;
      }
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      if (name.equals("--config") || arg.startsWith("-Z") || arg.startsWith("-C") || name.equals("--manifest-path")
          || name.equals("--lockfile-path")) {
        return "argument '" + arg + "' is not allowed: cargo runs on the workspace's own Cargo.toml "
            + "and configuration";
      }
      if (OUTPUT_DIRECTORIES.contains(name)) {
        String path = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1)
            : i + 1 < args.size() ? args.get(i + 1) : "";
        try {
          WorkspacePaths.resolve(root, path);
        } catch (IllegalArgumentException e) {
          return name + " refused: " + e.getMessage();
        }
      }
    }
    return null;
  }

  /** Why cargo must not run in this workspace (no manifest of its own), or {@code null}. */
  /**
   * Whether cargo with these arguments (the subcommand first, options before it allowed) rewrites
   * sources or the manifest: {@code fix}, {@code fmt} without {@code --check}, {@code add},
   * {@code remove}/{@code rm}, {@code clean}, or {@code --fix} anywhere (clippy).
   */
  static boolean writesCode(List<String> args) {
    String sub = args.stream().filter(a -> !a.startsWith("-") && !a.startsWith("+")).findFirst().orElse("");
    boolean fix = args.stream().anyMatch(a -> a.equals("--fix") || a.startsWith("--fix="));
    return fix || switch (sub) {
      case "fix", "add", "remove", "rm", "clean" -> true;
      case "fmt" -> !args.contains("--check");
      default -> false;
    };
  }

  static String checkWorkspace(Path root) {
    if (!Files.isRegularFile(root.resolve("Cargo.toml"))) {
      return "the workspace " + root + " has no Cargo.toml at its root, so cargo was not run (it would "
          + "look for a crate in the parent directories, outside the workspace)";
    }
    return null;
  }

  /**
   * Runs {@code cargo <subcommand> --manifest-path <workspace>/Cargo.toml <args>}.
   *
   * @param cargoArgs the subcommand first, then its arguments
   */
  static ToolResult run(BuiltinTools config, List<String> cargoArgs, boolean parseTests, ToolContext context)
      throws InterruptedException {
    String refusal = BuiltinTool.missingProgram(config.cargo, "cargo").orElse(null);
    if (refusal == null) {
      refusal = checkWorkspace(context.workspaceRoot());
    }
    if (refusal == null) {
      refusal = checkArguments(cargoArgs.subList(1, cargoArgs.size()), context.workspaceRoot());
    }
    if (refusal != null) {
      return ToolResult.failure(refusal);
    }
    List<String> withManifest = new ArrayList<>(cargoArgs);
    withManifest.add(1, "--manifest-path=" + context.workspaceRoot().resolve("Cargo.toml"));
    Map<String, String> environment = new HashMap<>(config.environment);
    environment.put("CARGO_TERM_COLOR", "never");
    if (config.offline) {
      environment.put("CARGO_NET_OFFLINE", "true");
    }
    BuiltinTool.Ran ran = BuiltinTool.run(config, config.cargo, "cargo", withManifest, environment, context);
    if (ran.failure() != null) {
      return ran.failure();
    }
    ProcessRunner.Outcome outcome = ran.outcome();
    CargoJson.Parsed parsed = CargoJson.parse(outcome.stdout());
    TestSummary tests = parseTests ? LibtestOutput.summarise(parsed.otherLines()) : null;
    String commandLine = "cargo " + String.join(" ", cargoArgs);
    boolean success = outcome.succeeded();
    String stderr = outcome.stderr().strip();
    boolean explained = parsed.diagnostics().stream().anyMatch(CompilerDiagnostic::isError)
        || tests != null && tests.failed() > 0;
    String failure = success || explained ? null
        : (stderr.isEmpty() ? "cargo exited with code " + outcome.exitCode() + " and printed no error"
            : tail(stderr, 60)) + BuiltinTool.stopNote(outcome, context);
    CargoReport report = new CargoReport(commandLine, outcome.exitCode(), parsed.diagnostics(), tests, failure);

    return BuiltinTool.capped(success, CargoText.of(report, parsed.otherLines(), stderr, outcome,
        !success && NETWORK_SIGNS.stream().anyMatch(stderr::contains), context), context, report);
  }

  private static String tail(String text, int lines) {
    List<String> all = text.lines().toList();
    return all.size() <= lines ? text : "...\n" + String.join("\n", all.subList(all.size() - lines, all.size()));
  }
}
