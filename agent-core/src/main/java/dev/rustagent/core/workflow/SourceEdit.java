package dev.rustagent.core.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rustagent.core.internal.CoreJson;
import dev.rustagent.tools.ProblemReport.CompilerDiagnostic;
import dev.rustagent.tools.ToolArguments;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A text replacement in one file, in the form the {@code edit_file} tool takes: {@code old_text}
 * occurring exactly once, replaced by {@code new_text}.
 */
record SourceEdit(String path, String oldText, String newText) {
  /** The arguments of an {@code edit_file} call. */
  ToolArguments toArguments() {
    ObjectNode args = CoreJson.MAPPER.createObjectNode();
    args.put("path", path);
    args.put("old_text", oldText);
    args.put("new_text", newText);
    return ToolArguments.of(args);
  }

  /**
   * The edit applying compiler suggestions to one file's content. The edit covers the whole lines the
   * suggestions touch, widened until {@code old_text} occurs only once.
   *
   * @throws IllegalArgumentException when a suggestion points outside the content or suggestions overlap
   */
  static SourceEdit fromSuggestions(String path, String content, List<CompilerDiagnostic.Suggestion> replacements) {
    if (replacements.isEmpty()) {
      throw new IllegalArgumentException("no suggestions to apply");
    }
    int[] lineStarts = lineStarts(content);
    List<int[]> ranges = new ArrayList<>();
    for (CompilerDiagnostic.Suggestion r : replacements) {
      CompilerDiagnostic.Span span = r.span();
      int start = offset(content, lineStarts, span.line(), span.column());
      int end = offset(content, lineStarts, span.endLine(), span.endColumn());
      if (end < start) {
        throw new IllegalArgumentException("suggestion span ends before it starts: " + r);
      }
      ranges.add(new int[] {start, end, ranges.size()});
    }
    ranges.sort(Comparator.comparingInt((int[] a) -> a[0]));
    for (int i = 1; i < ranges.size(); i++) {
      if (ranges.get(i)[0] < ranges.get(i - 1)[1]) {
        throw new IllegalArgumentException("suggestions overlap");
      }
    }
    StringBuilder updated = new StringBuilder(content);
    for (int i = ranges.size() - 1; i >= 0; i--) {
      int[] r = ranges.get(i);
      updated.replace(r[0], r[1], replacements.get(r[2]).replacement());
    }
    String newContent = updated.toString();
    int firstLine = replacements.stream().mapToInt(r -> r.span().line()).min().orElseThrow();
    int lastLine = replacements.stream().mapToInt(r -> r.span().endLine()).max().orElseThrow();
    int delta = newContent.length() - content.length();
    while (true) {
      int blockStart = lineStarts[firstLine - 1];
      int blockEnd = lastLine < lineStarts.length ? lineStarts[lastLine] : content.length();
      String oldText = content.substring(blockStart, blockEnd);
      if (content.indexOf(oldText) == content.lastIndexOf(oldText) || (firstLine == 1 && lastLine >= lineStarts.length)) {
        return new SourceEdit(path, oldText, newContent.substring(blockStart, blockEnd + delta));
      }
      firstLine = Math.max(1, firstLine - 1);
      lastLine = Math.min(lineStarts.length, lastLine + 1);
    }
  }

  private static int[] lineStarts(String content) {
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    for (int i = 0; i < content.length(); i++) {
      if (content.charAt(i) == '\n' && i + 1 < content.length()) {
        starts.add(i + 1);
      }
    }
    return starts.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int offset(String content, int[] lineStarts, int line, int column) {
    if (line < 1 || line > lineStarts.length || column < 1) {
      throw new IllegalArgumentException("suggestion points outside the file: line " + line + ", column " + column);
    }
    int lineEnd = line < lineStarts.length ? lineStarts[line] : content.length();
    int offset = lineStarts[line - 1] + column - 1;
    if (offset > lineEnd) {
      throw new IllegalArgumentException("suggestion points past the end of line " + line + ": column " + column);
    }
    return offset;
  }
}
