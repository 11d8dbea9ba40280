package dev.rustagent.tools;

import static java.util.Objects.requireNonNull;

import dev.rustagent.tools.ProblemReport;
import java.util.ArrayList;
import java.util.List;

/**
 * The structured result of a cargo or clippy call, carried as the payload of the tool result.
 *
 * @param command the command line that ran
 * @param exitCode the exit code, -1 when the process was stopped
 * @param diagnostics the compiler diagnostics, without duplicates
 * @param tests the test summary for {@code cargo test}, or {@code null}
 */
public record CargoReport(String command, int exitCode, List<CompilerDiagnostic> diagnostics, TestSummary tests)
    implements ProblemReport {

  public CargoReport {
    requireNonNull(command, "command");
    diagnostics = List.copyOf(requireNonNull(diagnostics, "diagnostics"));
  }

  /** The diagnostics at level error. */
  public List<CompilerDiagnostic> errors() {
    return diagnostics.stream().filter(CompilerDiagnostic::isError).toList();
  }

  /** The diagnostics at level warning. */
  public List<CompilerDiagnostic> warnings() {
    return diagnostics.stream().filter(d -> d.level() == CompilerDiagnostic.Level.WARNING).toList();
  }

  @Override
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    for (CompilerDiagnostic diagnostic : diagnostics) {
      if (diagnostic.isError() || diagnostic.level() == CompilerDiagnostic.Level.WARNING) {
        problems.add(diagnostic.summary());
      }
    }
    if (tests != null) {
      for (String name : tests.failedNames()) {
        problems.add("test failed: " + name);
      }
    }
    return problems;
  }
}
