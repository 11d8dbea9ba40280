package dev.rustagent.tools;

import static java.util.Objects.requireNonNull;

import dev.rustagent.tools.ProblemReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The structured result of a cargo or clippy call, carried as the payload of the tool result.
 *
 * @param command the command line that ran
 * @param exitCode the exit code, -1 when the process was stopped
 * @param diagnostics the compiler diagnostics, without duplicates
 * @param tests the test summary for {@code cargo test}, or {@code null}
 * @param failure cargo's own error when the run failed with no compiler error or failed test to show
 *     for it (the toolchain could not start, a malformed manifest, a build script that panicked, a
 *     timeout), or {@code null}; such a run is never a success
 */
public record CargoReport(String command, int exitCode, List<CompilerDiagnostic> diagnostics, TestSummary tests,
    String failure) implements ProblemReport {

  public CargoReport {
    requireNonNull(command, "command");
    diagnostics = List.copyOf(requireNonNull(diagnostics, "diagnostics"));
  }

  /** A report with no failure of cargo itself. */
  public CargoReport(String command, int exitCode, List<CompilerDiagnostic> diagnostics, TestSummary tests) {
    this(command, exitCode, diagnostics, tests, null);
  }

  /**
   * Cargo's own error when the run failed without a compiler error or failed test that explains it:
   * the run checked nothing, so it must be reported as a failure, never as "clean".
   */
  public Optional<String> cargoFailure() {
    return Optional.ofNullable(failure);
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
    if (failure != null) {
      problems.add(command + " failed: " + failure.lines().filter(l -> !l.isBlank()).findFirst().orElse(failure));
    }
    if (tests != null) {
      for (String name : tests.failedNames()) {
        problems.add("test failed: " + name);
      }
    }
    return problems;
  }
}
