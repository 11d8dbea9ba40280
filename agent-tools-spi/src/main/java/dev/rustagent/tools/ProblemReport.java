package dev.rustagent.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The contract of a tool payload that reports problems in the workspace: compiler diagnostics (with
 * their {@linkplain CompilerDiagnostic.Level level}, code, spans and suggestions) and, when tests ran,
 * a {@link TestSummary}. The built-in cargo tool's {@link CargoReport} implements it; a plugin's
 * compiler or test tool implements it to take part in the workflows (debugging, checked code
 * generation), the orchestrator's compile triggers and the agent's working memory. The agent keeps
 * the problems of the latest report per tool, so an empty report from a later call clears them.
 *
 * <p>Only {@link #diagnostics()} must be implemented; the rest derives from it and
 * {@link #testSummary()}.
 */
public interface ProblemReport {

  /** Every diagnostic the tool reported, of any level, without duplicates; empty when none. */
  List<CompilerDiagnostic> diagnostics();

  /** The test outcome, when the call ran tests. */
  default Optional<TestSummary> testSummary() {
    return Optional.empty();
  }

  /**
   * The tool's own error when it failed without a diagnostic or failed test to explain it (the
   * toolchain could not start, a malformed manifest, a build script that panicked, a timeout): such a
   * call checked nothing and is a failure, never "clean". Empty by default.
   */
  default Optional<String> toolFailure() {
    return Optional.empty();
  }

  /** The diagnostics at an error level (internal compiler errors included). */
  default List<CompilerDiagnostic> errors() {
    return diagnostics().stream().filter(CompilerDiagnostic::isError).toList();
  }

  /** The diagnostics at warning level. */
  default List<CompilerDiagnostic> warnings() {
    return diagnostics().stream().filter(CompilerDiagnostic::isWarning).toList();
  }

  /** Whether the report holds an error, a failed test or a failure of the tool itself. */
  default boolean hasFailures() {
    return !errors().isEmpty() || toolFailure().isPresent() || testSummary().map(t -> t.failed() > 0 || !t.failures().isEmpty()).orElse(false);
  }

  /**
   * The failures in one line each: every error's {@linkplain CompilerDiagnostic#summary() summary},
   * then {@code test failed: <name>} per failed test.
   */
  default List<String> failures() {
    List<String> lines = new ArrayList<>();
    errors().forEach(d -> lines.add(d.summary()));
    toolFailure().ifPresent(f -> lines.add("failed: " + f.lines().filter(l -> !l.isBlank()).findFirst().orElse(f)));
    testSummary().ifPresent(t -> t.failedNames().forEach(name -> lines.add("test failed: " + name)));
    return List.copyOf(lines);
  }

  /**
   * One line per problem: errors and warnings in the order reported, then failed tests; for example
   * {@code error[E0382]: borrow of moved value at src/main.rs:4:5}.
   */
  default List<String> problems() {
    List<String> lines = new ArrayList<>();
    diagnostics().stream().filter(d -> d.isError() || d.isWarning()).forEach(d -> lines.add(d.summary()));
    toolFailure().ifPresent(f -> lines.add("failed: " + f.lines().filter(l -> !l.isBlank()).findFirst().orElse(f)));
    testSummary().ifPresent(t -> t.failedNames().forEach(name -> lines.add("test failed: " + name)));
    return List.copyOf(lines);
  }
}
