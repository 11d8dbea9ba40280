package dev.rustagent.tools;

import org.jspecify.annotations.Nullable;
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
 * @param failure cargo's own error when the run failed with no compiler error or failed test to show
 *     for it (the toolchain could not start, a malformed manifest, a build script that panicked, a
 *     timeout), or {@code null}; such a run is never a success
 */
public record CargoReport(String command, int exitCode, List<CompilerDiagnostic> diagnostics, @Nullable TestSummary tests,
    @Nullable String failure) implements ProblemReport {

  public CargoReport {
    requireNonNull(command, "command");
    diagnostics = List.copyOf(requireNonNull(diagnostics, "diagnostics"));
  }

  /** A report with no failure of cargo itself. */
  public CargoReport(String command, int exitCode, List<CompilerDiagnostic> diagnostics, TestSummary tests) {
    this(command, exitCode, diagnostics, tests, null);
  }

  /** The test summary, when {@code cargo test} ran. */
  @Override
  public Optional<TestSummary> testSummary() {
    return Optional.ofNullable(tests);
  }

  /**
   * Cargo's own error when the run failed without a compiler error or failed test that explains it:
   * the run checked nothing, so it must be reported as a failure, never as "clean".
   */
  @Override
  public Optional<String> toolFailure() {
    return Optional.ofNullable(failure);
  }

  /** The same as {@link #toolFailure()}. */
  public Optional<String> cargoFailure() {
    return toolFailure();
  }
}
