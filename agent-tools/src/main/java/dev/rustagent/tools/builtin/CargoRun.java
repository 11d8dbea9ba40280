package dev.rustagent.tools.builtin;

import dev.rustagent.tools.CargoReport;
import dev.rustagent.tools.TestSummary;
import dev.rustagent.tools.CompilerDiagnostic;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolResult;
import dev.rustagent.tools.spi.internal.CargoJson;
import dev.rustagent.tools.internal.LibtestOutput;
import dev.rustagent.tools.internal.ProcessRunner;
import dev.rustagent.tools.internal.WorkspacePaths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Runs cargo for the cargo and clippy tools and turns its output into a {@link CargoReport}. */
final class CargoRun {
  private static final Set<String> NETWORK_SIGNS = Set.of("offline", "failed to download",
      "Unable to update registry", "failed to query replaced source", "Could not resolve host",
      "network failure", "failed to get");

  private CargoRun() {}

  /** Refuses arguments that would let cargo leave the workspace or load arbitrary configuration. */
  static String checkArguments(List<String> args, ToolContext context) {
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--")) {
        break;
      }
      if (arg.equals("--config") || arg.startsWith("--config=") || arg.equals("-Z") || arg.startsWith("-Z")) {
        return "argument '" + arg + "' is not allowed: it changes cargo's configuration";
      }
      if (arg.equals("--manifest-path") || arg.startsWith("--manifest-path=")) {
        String path = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1)
            : i + 1 < args.size() ? args.get(i + 1) : "";
        try {
          WorkspacePaths.resolve(context.workspaceRoot(), path);
        } catch (IllegalArgumentException e) {
          return "--manifest-path refused: " + e.getMessage();
        }
      }
    }
    return null;
  }

  static ToolResult run(BuiltinTools config, List<String> cargoArgs, boolean parseTests, ToolContext context)
      throws InterruptedException {
    Map<String, String> environment = new HashMap<>(config.environment);
    environment.put("CARGO_TERM_COLOR", "never");
    if (config.offline) {
      environment.put("CARGO_NET_OFFLINE", "true");
    }
    BuiltinTool.Ran ran = BuiltinTool.run(config.cargo, "cargo", cargoArgs, environment, context);
    if (ran.failure() != null) {
      return ran.failure();
    }
    ProcessRunner.Outcome outcome = ran.outcome();
    CargoJson.Parsed parsed = CargoJson.parse(outcome.stdout());
    TestSummary tests = parseTests ? LibtestOutput.summarise(parsed.otherLines()) : null;
    String commandLine = "cargo " + String.join(" ", cargoArgs);
    CargoReport report = new CargoReport(commandLine, outcome.exitCode(), parsed.diagnostics(), tests);

    StringBuilder text = new StringBuilder();
    text.append("$ ").append(commandLine).append("\n");
    boolean success = outcome.succeeded();
    text.append(success ? "succeeded" : "failed (exit code " + outcome.exitCode() + ")");
    text.append(": ").append(report.errors().size()).append(" errors, ")
        .append(report.warnings().size()).append(" warnings\n");
    if (tests != null) {
      text.append("test result: ").append(tests.passed()).append(" passed, ").append(tests.failed())
          .append(" failed, ").append(tests.ignored()).append(" ignored, ").append(tests.filteredOut())
          .append(" filtered out\n");
      for (TestSummary.FailedTest failed : tests.failures()) {
        text.append("FAILED ").append(failed.name()).append('\n');
        if (!failed.output().isEmpty()) {
          text.append(indent(failed.output())).append('\n');
        }
      }
    }
    for (CompilerDiagnostic diagnostic : report.diagnostics()) {
      text.append('\n').append(diagnostic.rendered() != null ? diagnostic.rendered() : diagnostic.summary());
    }
    String programOutput = String.join("\n", parsed.otherLines()).strip();
    if (!programOutput.isEmpty() && tests == null) {
      text.append("\n--- output ---\n").append(programOutput).append('\n');
    }
    String stderr = outcome.stderr().strip();
    if (!stderr.isEmpty() && (!success || report.diagnostics().isEmpty())) {
      text.append("\n--- cargo ---\n").append(stderr).append('\n');
    }
    if (!success && NETWORK_SIGNS.stream().anyMatch(stderr::contains)) {
      text.append("\nCargo needed the network (to fetch the registry index or crates), which is not "
          + "available here; use dependencies that are already in the local registry cache, or vendor them.\n");
    }
    if (outcome.outputCut()) {
      text.append("\n[cargo printed more output than is kept; the middle was left out]\n");
    }
    text.append(BuiltinTool.stopNote(outcome, context));
    return BuiltinTool.capped(success, text.toString(), context, report);
  }

  private static String indent(String text) {
    return "    " + text.replace("\n", "\n    ");
  }
}
