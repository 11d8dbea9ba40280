package dev.rustagent.tools.builtin;

import static dev.rustagent.tools.spi.internal.OutputShaper.MARK;

import dev.rustagent.tools.ProblemReport.CompilerDiagnostic;
import dev.rustagent.tools.ProblemReport.CompilerDiagnostic.Span;
import dev.rustagent.tools.ProblemReport.CompilerDiagnostic.Suggestion;
import dev.rustagent.tools.spi.internal.OutputShaper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders compiler diagnostics for the model in fewer tokens than rustc's own text, within a character
 * budget: errors first, then warnings, then the rest, each in rustc's order.
 *
 * <p>Every error keeps what fixing it needs: level, code and message, the primary location
 * ({@code --> file:line:col}), the labelled source line as rustc printed it, the other labelled
 * locations, the notes and help, the macro invocation it came from, and every suggested edit (as one
 * line: {@code insert `.clone()` at 3:14}). What is left out is layout: blank gutter lines, unlabelled
 * context lines, the diff block a suggestion is drawn with. Warnings of one kind (same level, code and
 * message apart from the names in backticks) after the first are collapsed into one line listing their
 * locations; notes of one kind within a diagnostic likewise; a note longer than a few lines is cut. A
 * diagnostic that does not fit is left out whole (never cut in the middle) and counted in a closing note.
 *
 * <p>The text comes from the repository's code (messages, labels, source lines), so it is
 * {@linkplain OutputShaper#quote quoted}: it cannot forge the tool's own {@code §} lines.
 */
final class DiagnosticsText {
  private static final Pattern BACKTICKED = Pattern.compile("`[^`]*`");
  private static final Pattern SOURCE_LINE = Pattern.compile("^\\s*(\\d+)\\s*\\|(.*)$");
  private static final Pattern MARKER_LINE = Pattern.compile("^\\s*\\|(\\s*[|/\\\\_ ]*[\\^\\-~+]+.*)$");
  private static final Pattern LOCATION = Pattern.compile("^\\s*(?:-->|:::)\\s*(.+?):(\\d+):(\\d+)\\s*$");
  private static final int NOTE_LINES = 6;
  private static final int LISTED_LOCATIONS = 40;

  private DiagnosticsText() {}

  /**
   * @param diagnostics the diagnostics as cargo reported them
   * @param budget the most characters the rendering may take (the closing note aside)
   * @return the rendered diagnostics and a note counting any left out
   */
  static String render(List<CompilerDiagnostic> diagnostics, int budget) {
    List<CompilerDiagnostic> ordered = new ArrayList<>(diagnostics);
    ordered.sort(Comparator.comparingInt(DiagnosticsText::rank));
    Map<String, List<CompilerDiagnostic>> groups = new LinkedHashMap<>();
    for (CompilerDiagnostic diagnostic : ordered) {
      String key = diagnostic.isError() ? "error#" + groups.size() : kindOf(diagnostic);
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(diagnostic);
    }
    StringBuilder text = new StringBuilder();
    int[] omitted = new int[3];
    for (List<CompilerDiagnostic> group : groups.values()) {
      CompilerDiagnostic first = group.get(0);
      String shown = OutputShaper.quote(compact(first));
      if (group.size() > 1) {
        shown += "\n" + likeThis(group.subList(1, group.size()), first.primarySpan());
      }
      if (text.length() + shown.length() + 1 <= budget) {
        text.append(shown).append('\n');
      } else {
        omitted[rank(first)] += group.size();
      }
    }
    if (omitted[0] + omitted[1] + omitted[2] > 0) {
      text.append(MARK).append(" not shown, as they did not fit in the output cap: ").append(count(omitted[0], "error"))
          .append(", ").append(count(omitted[1], "warning"))
          .append(omitted[2] > 0 ? ", " + count(omitted[2], "other diagnostic") : "").append('\n');
    }
    return text.toString();
  }

  /** One diagnostic in the compact form. */
  static String compact(CompilerDiagnostic d) {
    StringBuilder out = new StringBuilder(d.level().label());
    if (d.code() != null) {
      out.append('[').append(d.code()).append(']');
    }
    out.append(": ").append(d.message());
    Span primary = d.primarySpan();
    Rendered rendered = Rendered.of(d.rendered(), primary);
    if (primary != null) {
      out.append("\n --> ").append(at(primary, null));
      if (rendered.source.isEmpty() && primary.label() != null) {
        out.append(": ").append(primary.label());
      }
      rendered.source.forEach(line -> out.append('\n').append(line));
    }
    String shownSource = String.join("\n", rendered.source);
    for (Span span : d.spans()) {
      if (span != primary && span.label() != null && !span.label().isBlank() && !shownSource.contains(span.label())) {
        out.append("\n ").append(at(span, primary)).append(": ").append(span.label());
      }
    }
    rendered.invocations.forEach(line -> out.append("\n = in this macro invocation: ").append(line));
    appendChildren(out, d.children(), primary);
    return out.toString();
  }

  private static void appendChildren(StringBuilder out, List<CompilerDiagnostic> children, Span parent) {
    Map<String, List<CompilerDiagnostic>> kinds = new LinkedHashMap<>();
    for (CompilerDiagnostic child : children) {
      String key = child.suggestions().isEmpty() ? kindOf(child) : "suggestion#" + kinds.size();
      kinds.computeIfAbsent(key, k -> new ArrayList<>()).add(child);
    }
    for (List<CompilerDiagnostic> kind : kinds.values()) {
      CompilerDiagnostic child = kind.get(0);
      out.append("\n = ").append(child.level().label()).append(": ").append(shortened(child.message()));
      if (child.primarySpan() != null && child.suggestions().isEmpty()) {
        out.append(" (at ").append(at(child.primarySpan(), parent)).append(')');
      }
      List<Suggestion> suggestions = child.suggestions();
      for (int i = 0; i < suggestions.size(); i++) {
        out.append(i == 0 ? ": " : "; ").append(edit(suggestions.get(i), parent));
      }
      if (kind.size() > 1) {
        out.append("\n = ... and ").append(kind.size() - 1).append(" more like this: ").append(names(kind.subList(1,
            kind.size()), parent));
      }
    }
  }

  private static String edit(Suggestion s, Span parent) {
    Span span = s.span();
    boolean empty = span.line() == span.endLine() && span.column() == span.endColumn();
    String where = at(span, parent);
    if (s.replacement().isEmpty()) {
      return "remove " + where + "-" + span.endLine() + ":" + span.endColumn();
    }
    return empty ? "insert `" + s.replacement() + "` at " + where
        : "replace " + where + "-" + span.endLine() + ":" + span.endColumn() + " with `" + s.replacement() + "`";
  }

  /** {@code file:line:col}, or {@code line:col} when in the same file as {@code relativeTo}. */
  private static String at(Span span, Span relativeTo) {
    String position = span.line() + ":" + span.column();
    return relativeTo != null && relativeTo.file().equals(span.file()) ? position : span.file() + ":" + position;
  }

  /** The closing line for the warnings (or other diagnostics) of one kind after the first. */
  private static String likeThis(List<CompilerDiagnostic> rest, Span first) {
    String noun = rest.get(0).isWarning() ? "warning" : rest.get(0).level().label();
    return MARK + " ... and " + rest.size() + " more " + noun + (rest.size() == 1 ? "" : "s") + " like this: "
        + OutputShaper.clean(names(rest, first)).replace('\n', ' ');
  }

  /** Each diagnostic's location and the names in backticks that tell it from the first. */
  private static String names(List<CompilerDiagnostic> items, Span relativeTo) {
    List<String> listed = new ArrayList<>();
    for (CompilerDiagnostic item : items.subList(0, Math.min(LISTED_LOCATIONS, items.size()))) {
      StringBuilder one = new StringBuilder();
      if (item.primarySpan() != null) {
        one.append(at(item.primarySpan(), relativeTo));
      }
      Matcher named = BACKTICKED.matcher(item.message());
      while (named.find()) {
        one.append(one.length() > 0 ? " " : "").append(named.group());
      }
      listed.add(one.toString());
    }
    String joined = String.join(", ", listed);
    return items.size() > LISTED_LOCATIONS ? joined + ", +" + (items.size() - LISTED_LOCATIONS) + " more" : joined;
  }

  /** What makes two diagnostics "of one kind": level, code, and the message without its names. */
  private static String kindOf(CompilerDiagnostic d) {
    return d.level() + "|" + d.code() + "|" + BACKTICKED.matcher(d.message()).replaceAll("`_`");
  }

  private static String shortened(String message) {
    List<String> lines = message.lines().toList();
    if (lines.size() <= NOTE_LINES) {
      return message;
    }
    return String.join("\n", lines.subList(0, NOTE_LINES)) + "\n   (" + (lines.size() - NOTE_LINES)
        + " more lines of this note left out)";
  }

  private static int rank(CompilerDiagnostic diagnostic) {
    if (diagnostic.isError()) {
      return 0;
    }
    return diagnostic.isWarning() ? 1 : 2;
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /**
   * What is taken from rustc's rendering: the primary line with its marker lines, and the source lines
   * rustc labels "in this macro invocation".
   */
  private record Rendered(List<String> source, List<String> invocations) {
    static Rendered of(String rendered, Span primary) {
      List<String> source = new ArrayList<>();
      List<String> invocations = new ArrayList<>();
      if (rendered == null) {
        return new Rendered(source, invocations);
      }
      List<String> lines = rendered.lines().toList();
      String file = null;
      String lastSource = null;
      String lastNumber = null;
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        Matcher location = LOCATION.matcher(line);
        if (location.matches()) {
          file = location.group(1);
          continue;
        }
        Matcher sourceLine = SOURCE_LINE.matcher(line);
        if (sourceLine.matches()) {
          lastSource = sourceLine.group(2).strip();
          lastNumber = sourceLine.group(1);
          if (source.isEmpty() && primary != null && primary.file().equals(file)
              && Integer.parseInt(sourceLine.group(1)) == primary.line()) {
            source.add(line);
            for (int j = i + 1; j < lines.size() && j <= i + 2 && MARKER_LINE.matcher(lines.get(j)).matches(); j++) {
              source.add(lines.get(j));
            }
          }
        } else if (line.contains("in this macro invocation") && lastSource != null && MARKER_LINE.matcher(line).matches()) {
          invocations.add((file == null ? "" : file + ":") + lastNumber + ": " + lastSource);
        }
      }
      return new Rendered(source, invocations);
    }
  }
}
