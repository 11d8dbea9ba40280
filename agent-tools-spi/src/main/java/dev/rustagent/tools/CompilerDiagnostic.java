package dev.rustagent.tools;

import org.jspecify.annotations.Nullable;
import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

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
