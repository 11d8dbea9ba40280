package dev.rustagent.tools;

import static java.util.Objects.requireNonNull;

import dev.rustagent.tools.ProblemReport;
import java.util.List;
import java.util.Optional;

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

  /** The test summary, when {@code cargo test} ran. */
  @Override
  public Optional<TestSummary> testSummary() {
    return Optional.ofNullable(tests);
  }
}
