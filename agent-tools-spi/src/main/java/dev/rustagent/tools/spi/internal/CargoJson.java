package dev.rustagent.tools.spi.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rustagent.tools.ProblemReport.CompilerDiagnostic;
import dev.rustagent.tools.ProblemReport.CompilerDiagnostic.Applicability;
import dev.rustagent.tools.ProblemReport.CompilerDiagnostic.Level;
import dev.rustagent.tools.ProblemReport.CompilerDiagnostic.Span;
import dev.rustagent.tools.ProblemReport.CompilerDiagnostic.Suggestion;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads cargo's {@code --message-format=json} output: one JSON object per line, of which the
 * {@code compiler-message} ones carry rustc diagnostics. Lines that are not cargo messages (a
 * program's own output, libtest's report) are handed back untouched. Unknown fields are ignored.
 *
 * <p>Two rules keep the diagnostics exactly what rustc said: only identical messages are merged (cargo
 * repeats a message once per target; two errors with the same text at different spans stay two), and
 * a span inside a macro defined outside the workspace (a std macro such as {@code assert_eq!} or
 * {@code vec!}) is reported at its call site, following the expansion chain to the outermost span in a
 * workspace file, as rustc's own emitter does.
 */
public final class CargoJson {
  private static final ObjectMapper MAPPER = SpiJson.MAPPER;
  private static final Pattern NOISE = Pattern.compile(
      "aborting due to .*|\\d+ warnings? emitted|For more information about .*|"
          + "Some errors have detailed explanations.*|build failed.*");

  private CargoJson() {}

  /**
   * What the output held.
   *
   * @param diagnostics the diagnostics; identical messages (cargo repeats them per target) appear once
   * @param otherLines the lines that were not cargo JSON messages, in order
   * @param buildSucceeded the {@code build-finished} verdict, or {@code null} when absent
   */
  public record Parsed(List<CompilerDiagnostic> diagnostics, List<String> otherLines, Boolean buildSucceeded) {}

  /** Parses the whole output. */
  public static Parsed parse(String output) {
    Set<String> seen = new LinkedHashSet<>();
    List<CompilerDiagnostic> diagnostics = new ArrayList<>();
    List<String> other = new ArrayList<>();
    Boolean succeeded = null;
    int start = 0;
    int length = output.length();
    while (start < length) {
      int end = output.indexOf('\n', start);
      if (end < 0) {
        end = length;
      }
      String line = output.substring(start, end);
      start = end + 1;
      if (!line.startsWith("{")) {
        other.add(line);
        continue;
      }
      CompilerDiagnostic diagnostic = null;
      String identity = null;
      if (line.startsWith(COMPILER_MESSAGE)) {
        diagnostic = readDiagnostic(line);
        int message = line.indexOf("\"message\":");
        identity = message < 0 ? line : line.substring(message);
      } else if (line.startsWith("{\"reason\":\"build-finished\"")) {
        JsonNode finished = readObject(line);
        succeeded = finished != null && finished.path("success").asBoolean();
        continue;
      } else if (line.startsWith("{\"reason\":")) {
        continue;
      } else {
        JsonNode message = readObject(line);
        if (message == null || !message.has("reason")) {
          other.add(line);
          continue;
        }
        switch (message.path("reason").asText()) {
          case "compiler-message" -> {
            diagnostic = diagnostic(message.path("message"));
            identity = message.path("message").toString();
          }
          case "build-finished" -> succeeded = message.path("success").asBoolean();
          default -> { }
        }
      }
      if (diagnostic != null && !isNoise(diagnostic) && seen.add(identity)) {
        diagnostics.add(diagnostic);
      }
    }
    return new Parsed(List.copyOf(diagnostics), List.copyOf(other), succeeded);
  }

  /** Binds a compiler message line, skipping fields that are not needed; falls back to the tree. */
  private static CompilerDiagnostic readDiagnostic(String line) {
    try {
      Envelope envelope = MAPPER.readValue(line, Envelope.class);
      return envelope.message == null ? null : envelope.message.toDiagnostic();
    } catch (JsonProcessingException e) {
      JsonNode node = readObject(line);
      return node == null ? null : diagnostic(node.path("message"));
    }
  }

  private static final String COMPILER_MESSAGE = "{\"reason\":\"compiler-message\"";

  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class Envelope {
    @JsonProperty("message")
    Message message;
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class Code {
    @JsonProperty("code")
    String code;
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class SpanData {
    @JsonProperty("file_name")
    String file = "<unknown>";
    @JsonProperty("line_start")
    int lineStart;
    @JsonProperty("line_end")
    int lineEnd;
    @JsonProperty("column_start")
    int columnStart;
    @JsonProperty("column_end")
    int columnEnd;
    @JsonProperty("is_primary")
    boolean primary;
    @JsonProperty("label")
    String label;
    @JsonProperty("suggested_replacement")
    String replacement;
    @JsonProperty("suggestion_applicability")
    String applicability;
    @JsonProperty("expansion")
    Expansion expansion;

    /**
     * This span, or for a span in a macro defined outside the workspace, its outermost call site there
     * (a suggested replacement keeps its own span: it edits the text rustc pointed at).
     */
    Span toSpan() {
      SpanData at = this;
      if (!inWorkspace(file) && replacement == null) {
        for (Expansion e = expansion; e != null && e.span != null; e = e.span.expansion) {
          if (inWorkspace(e.span.file)) {
            at = e.span;
          }
        }
      }
      return new Span(at.file == null ? "<unknown>" : at.file, at.lineStart, at.columnStart, at.lineEnd,
          at.columnEnd, primary, label);
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class Expansion {
    @JsonProperty("span")
    SpanData span;
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class Message {
    @JsonProperty("message")
    String message;
    @JsonProperty("code")
    Code code;
    @JsonProperty("level")
    String level;
    @JsonProperty("spans")
    List<SpanData> spans = List.of();
    @JsonProperty("children")
    List<Message> children = List.of();
    @JsonProperty("rendered")
    String rendered;

    CompilerDiagnostic toDiagnostic() {
      if (message == null) {
        return null;
      }
      List<Span> converted = new ArrayList<>(spans == null ? 0 : spans.size());
      List<Suggestion> suggestions = new ArrayList<>();
      Span primary = null;
      if (spans != null) {
        for (SpanData data : spans) {
          Span span = data.toSpan();
          converted.add(span);
          if (span.primary() && primary == null) {
            primary = span;
          }
          if (data.replacement != null) {
            suggestions.add(new Suggestion(message, span, data.replacement, Applicability.of(data.applicability)));
          }
        }
      }
      List<CompilerDiagnostic> kids = new ArrayList<>();
      if (children != null) {
        for (Message child : children) {
          CompilerDiagnostic diagnostic = child.toDiagnostic();
          if (diagnostic != null) {
            kids.add(diagnostic);
            suggestions.addAll(diagnostic.suggestions());
          }
        }
      }
      return new CompilerDiagnostic(Level.of(level), code == null ? null : code.code, message, primary,
          converted, kids, suggestions, rendered);
    }
  }

  private static boolean isNoise(CompilerDiagnostic diagnostic) {
    return diagnostic.spans().isEmpty() && diagnostic.code() == null
        && NOISE.matcher(diagnostic.message()).matches();
  }

  private static JsonNode readObject(String line) {
    try {
      JsonNode node = MAPPER.readTree(line);
      return node != null && node.isObject() ? node : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** Converts one rustc diagnostic object; {@code null} when it has no message. */
  public static CompilerDiagnostic diagnostic(JsonNode node) {
    if (node == null || !node.hasNonNull("message")) {
      return null;
    }
    List<Span> spans = new ArrayList<>();
    List<Suggestion> suggestions = new ArrayList<>();
    Span primary = null;
    String message = node.path("message").asText();
    for (JsonNode spanNode : node.path("spans")) {
      Span span = span(spanNode);
      spans.add(span);
      if (span.primary() && primary == null) {
        primary = span;
      }
      JsonNode replacement = spanNode.get("suggested_replacement");
      if (replacement != null && replacement.isTextual()) {
        suggestions.add(new Suggestion(message, span, replacement.asText(),
            Applicability.of(textOrNull(spanNode.get("suggestion_applicability")))));
      }
    }
    List<CompilerDiagnostic> children = new ArrayList<>();
    for (JsonNode childNode : node.path("children")) {
      CompilerDiagnostic child = diagnostic(childNode);
      if (child != null) {
        children.add(child);
        suggestions.addAll(child.suggestions());
      }
    }
    JsonNode code = node.get("code");
    String codeText = code != null && code.isObject() ? textOrNull(code.get("code")) : null;
    return new CompilerDiagnostic(Level.of(textOrNull(node.get("level"))), codeText, message, primary,
        spans, children, suggestions, textOrNull(node.get("rendered")));
  }

  private static Span span(JsonNode node) {
    JsonNode at = node;
    if (!inWorkspace(node.path("file_name").asText(null)) && !node.path("suggested_replacement").isTextual()) {
      for (JsonNode e = node.path("expansion").path("span"); e.isObject(); e = e.path("expansion").path("span")) {
        if (inWorkspace(e.path("file_name").asText(null))) {
          at = e;
        }
      }
    }
    return new Span(at.path("file_name").asText("<unknown>"),
        at.path("line_start").asInt(), at.path("column_start").asInt(),
        at.path("line_end").asInt(), at.path("column_end").asInt(),
        node.path("is_primary").asBoolean(), textOrNull(node.get("label")));
  }

  /**
   * Whether cargo names {@code file} as a file of the workspace: cargo gives those relative to the
   * workspace root, and files elsewhere (the standard library under {@code /rustc/…}, the registry,
   * a toolchain) as absolute paths or {@code <…>} pseudo-files.
   */
  static boolean inWorkspace(String file) {
    return file != null && !file.isEmpty() && !file.startsWith("/") && !file.startsWith("<")
        && !file.startsWith("\\") && !(file.length() > 2 && file.charAt(1) == ':'
        && (file.charAt(2) == '\\' || file.charAt(2) == '/'));
  }

  private static String textOrNull(JsonNode node) {
    return node != null && node.isTextual() ? node.asText() : null;
  }
}
