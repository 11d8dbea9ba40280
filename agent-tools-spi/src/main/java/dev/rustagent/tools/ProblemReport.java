package dev.rustagent.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import dev.rustagent.tools.ProblemReport.CargoReport.TestSummary;
import org.jspecify.annotations.Nullable;
import static java.util.Objects.requireNonNull;
import java.util.Locale;

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

    /**
     * The outcome of {@code cargo test}, added up over every test binary from libtest's
     * {@code test result:} lines.
     *
     * @param passed tests that passed
     * @param failed tests that failed
     * @param ignored tests that were ignored
     * @param measured benchmarks measured
     * @param filteredOut tests left out by a filter
     * @param failures the failing tests with the output they printed
     */
    public record TestSummary(int passed, int failed, int ignored, int measured, int filteredOut,
        List<FailedTest> failures) {

      public TestSummary {
        failures = List.copyOf(requireNonNull(failures, "failures"));
      }

      /** The names of the failing tests. */
      public List<String> failedNames() {
        return failures.stream().map(FailedTest::name).toList();
      }

      /**
       * One failing test.
       *
       * @param name the test's path, such as {@code tests::adds_two}
       * @param output what it printed (panic message, assertion values), empty when nothing was captured
       */
      public record FailedTest(String name, String output) {
        public FailedTest {
          requireNonNull(name, "name");
          requireNonNull(output, "output");
        }
      }
    }
  }

  /**
   * One diagnostic from rustc, as cargo reports it with {@code --message-format=json}: an error, a
   * warning, or a note or help attached to one. Fields rustc adds in later versions are ignored.
   *
   * @param level how severe it is
   * @param code the error or lint code ({@code E0382}, {@code clippy::needless_return}), or {@code null}
   * @param message the one-line message
   * @param primarySpan where the problem is, or {@code null} for diagnostics without a location
   * @param spans every span, primary or not, with its label
   * @param children the attached notes and help messages
   * @param suggestions every suggested replacement, from this diagnostic and its children
   * @param rendered the text rustc would have printed, or {@code null} for children
   */
  public record CompilerDiagnostic(
      Level level,
      @Nullable String code,
      String message,
      @Nullable Span primarySpan,
      List<Span> spans,
      List<CompilerDiagnostic> children,
      List<Suggestion> suggestions,
      @Nullable String rendered) {

    public CompilerDiagnostic {
      requireNonNull(level, "level");
      requireNonNull(message, "message");
      spans = List.copyOf(requireNonNull(spans, "spans"));
      children = List.copyOf(requireNonNull(children, "children"));
      suggestions = List.copyOf(requireNonNull(suggestions, "suggestions"));
    }

    /**
     * Parses cargo's {@code --message-format=json} output (one JSON message per line, other lines
     * ignored) into its compiler diagnostics, without the duplicates cargo prints per target.
     */
    public static List<CompilerDiagnostic> parseCargoJson(String output) {
      requireNonNull(output, "output");
      return dev.rustagent.tools.spi.internal.CargoJson.parse(output).diagnostics();
    }

    /** The primary span, if the diagnostic has a location. */
    public Optional<Span> primary() {
      return Optional.ofNullable(primarySpan);
    }

    /** Whether this is an error (including internal compiler errors). */
    public boolean isError() {
      return level == Level.ERROR || level == Level.INTERNAL_COMPILER_ERROR;
    }

    /** Whether this is a warning. */
    public boolean isWarning() {
      return level == Level.WARNING;
    }

    /** The suggestions rustc marks safe to apply without looking ({@link Applicability#MACHINE_APPLICABLE}). */
    public List<Suggestion> machineApplicable() {
      return suggestions.stream().filter(s -> s.applicability() == Applicability.MACHINE_APPLICABLE).toList();
    }

    /** A one-line summary: {@code error[E0382]: borrow of moved value at src/main.rs:4:20}. */
    public String summary() {
      StringBuilder line = new StringBuilder(level.label());
      if (code != null) {
        line.append('[').append(code).append(']');
      }
      line.append(": ").append(message);
      if (primarySpan != null) {
        line.append(" at ").append(primarySpan.file()).append(':').append(primarySpan.line())
            .append(':').append(primarySpan.column());
      }
      return line.toString();
    }

    /** Diagnostic severity as rustc names it. */
    public enum Level {
      ERROR("error"),
      WARNING("warning"),
      NOTE("note"),
      HELP("help"),
      FAILURE_NOTE("failure-note"),
      INTERNAL_COMPILER_ERROR("error: internal compiler error"),
      /** A level this version does not know. */
      OTHER("other");

      private final String label;

      Level(String label) {
        this.label = label;
      }

      /** The name rustc uses. */
      public String label() {
        return label;
      }

      /** The level for rustc's name, {@link #OTHER} when unknown. */
      public static Level of(String label) {
        if (label == null) {
          return OTHER;
        }
        for (Level level : values()) {
          if (level.label.equals(label)) {
            return level;
          }
        }
        return OTHER;
      }
    }

    /** How safe it is to apply a suggestion without looking. */
    public enum Applicability {
      MACHINE_APPLICABLE,
      MAYBE_INCORRECT,
      HAS_PLACEHOLDERS,
      UNSPECIFIED,
      /** A value this version does not know, or none given. */
      UNKNOWN;

      /** Parses rustc's spelling ({@code MachineApplicable}, ...). */
      public static Applicability of(String name) {
        if (name == null) {
          return UNKNOWN;
        }
        return switch (name) {
          case "MachineApplicable" -> MACHINE_APPLICABLE;
          case "MaybeIncorrect" -> MAYBE_INCORRECT;
          case "HasPlaceholders" -> HAS_PLACEHOLDERS;
          case "Unspecified" -> UNSPECIFIED;
          default -> UNKNOWN;
        };
      }

      @Override
      public String toString() {
        return name().toLowerCase(Locale.ROOT);
      }
    }

    /**
     * A region of a source file; lines and columns are 1-based, the end column is exclusive.
     *
     * @param file path as cargo reports it, relative to the workspace for local crates
     * @param line first line
     * @param column first column
     * @param endLine last line
     * @param endColumn column after the last character
     * @param primary whether this is the main location of the diagnostic
     * @param label the text rustc puts under the span, or {@code null}
     */
    public record Span(String file, int line, int column, int endLine, int endColumn, boolean primary,
        @Nullable String label) {
      public Span {
        requireNonNull(file, "file");
      }
    }

    /**
     * A replacement rustc suggests.
     *
     * @param message what the suggestion does ({@code consider cloning the value ...})
     * @param span the region to replace
     * @param replacement the text to put there
     * @param applicability how safe it is to apply
     */
    public record Suggestion(String message, Span span, String replacement, Applicability applicability) {
      public Suggestion {
        requireNonNull(message, "message");
        requireNonNull(span, "span");
        requireNonNull(replacement, "replacement");
        requireNonNull(applicability, "applicability");
      }
    }
  }
}
