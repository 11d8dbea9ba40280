package dev.rustagent.core.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rustagent.tools.CargoReport;
import dev.rustagent.tools.CompilerDiagnostic;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A compiler diagnostic as a workflow needs it, read from the payload of the {@code cargo} tool's
 * result: the built-in tools' {@link CargoReport}, or any payload of the same shape (a
 * {@code diagnostics} list whose items have {@code level}, {@code code}, {@code message},
 * {@code primarySpan} and {@code suggestions}), so a plugin's cargo tool plugs in too.
 */
record Diagnostic(String level, String code, String message, String file, int line, int column,
    List<Replacement> suggestions, String rendered) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** One suggested replacement; lines and columns are 1-based, the end column exclusive. */
  record Replacement(String message, String file, int line, int column, int endLine, int endColumn, String text,
      boolean machineApplicable) {}

  boolean isError() {
    String l = level.toLowerCase(Locale.ROOT);
    return l.startsWith("error") || l.contains("internal");
  }

  boolean isWarning() {
    return level.toLowerCase(Locale.ROOT).startsWith("warning");
  }

  /** The problem's identity across rounds: lines move when code is edited, code and message do not. */
  String key() {
    return (code == null ? "" : code) + "|" + message + "|" + (file == null ? "" : file);
  }

  String summary() {
    StringBuilder s = new StringBuilder(isError() ? "error" : isWarning() ? "warning" : level.toLowerCase(Locale.ROOT));
    if (code != null) {
      s.append('[').append(code).append(']');
    }
    s.append(": ").append(message);
    if (file != null) {
      s.append(" at ").append(file).append(':').append(line).append(':').append(column);
    }
    return s.toString();
  }

  List<Replacement> machineApplicable() {
    return suggestions.stream().filter(Replacement::machineApplicable).toList();
  }

  /**
   * Reads the diagnostics from a cargo tool payload, or empty when the payload does not have the
   * expected shape.
   */
  static Optional<List<Diagnostic>> fromPayload(Object payload) {
    if (payload == null) {
      return Optional.empty();
    }
    if (payload instanceof CargoReport report) {
      return Optional.of(report.diagnostics().stream().map(Diagnostic::of).toList());
    }
    JsonNode tree;
    try {
      tree = payload instanceof JsonNode node ? node : MAPPER.valueToTree(payload);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    JsonNode list = tree.get("diagnostics");
    if (list == null || !list.isArray()) {
      return Optional.empty();
    }
    List<Diagnostic> out = new ArrayList<>();
    for (JsonNode d : list) {
      String level = text(d, "level");
      String message = text(d, "message");
      if (level == null || message == null) {
        return Optional.empty();
      }
      JsonNode span = d.get("primarySpan");
      String file = null;
      int line = 0;
      int column = 0;
      if (span != null && span.isObject()) {
        file = text(span, "file");
        line = span.path("line").asInt();
        column = span.path("column").asInt();
      }
      List<Replacement> replacements = new ArrayList<>();
      for (JsonNode s : d.path("suggestions")) {
        JsonNode sp = s.get("span");
        String replacement = text(s, "replacement");
        if (sp == null || replacement == null || text(sp, "file") == null) {
          continue;
        }
        String applicability = String.valueOf(text(s, "applicability")).replace("_", "").toLowerCase(Locale.ROOT);
        replacements.add(new Replacement(String.valueOf(text(s, "message")), text(sp, "file"),
            sp.path("line").asInt(), sp.path("column").asInt(), sp.path("endLine").asInt(),
            sp.path("endColumn").asInt(), replacement, applicability.equals("machineapplicable")));
      }
      out.add(new Diagnostic(level, text(d, "code"), message, file, line, column, List.copyOf(replacements),
          text(d, "rendered")));
    }
    return Optional.of(List.copyOf(out));
  }

  /** The built-in tools' diagnostic, mapped field by field. */
  static Diagnostic of(CompilerDiagnostic d) {
    CompilerDiagnostic.Span span = d.primarySpan();
    List<Replacement> replacements = d.suggestions().stream().map(s -> new Replacement(s.message(), s.span().file(),
        s.span().line(), s.span().column(), s.span().endLine(), s.span().endColumn(), s.replacement(),
        s.applicability() == CompilerDiagnostic.Applicability.MACHINE_APPLICABLE)).toList();
    return new Diagnostic(d.level().label(), d.code(), d.message(), span == null ? null : span.file(),
        span == null ? 0 : span.line(), span == null ? 0 : span.column(), replacements, d.rendered());
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
