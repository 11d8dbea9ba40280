package dev.rustagent.core.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A text replacement in one file, in the form the {@code edit_file} tool takes: {@code old_text}
 * occurring exactly once, replaced by {@code new_text}.
 */
record SourceEdit(String path, String oldText, String newText) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The arguments of an {@code edit_file} call. */
  String toArguments() {
    ObjectNode args = MAPPER.createObjectNode();
    args.put("path", path);
    args.put("old_text", oldText);
    args.put("new_text", newText);
    return args.toString();
  }

  /** A unified diff of the change, with line numbers taken from {@code content}. */
  String diff(String content) {
    int at = content.indexOf(oldText);
    int firstLine = at < 0 ? 1 : (int) content.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    String before = oldText;
    String after = newText;
    if (at >= 0) {
      // widen to whole lines, so the diff shows the lines as they are in the file
      int end = at + oldText.length();
      String prefix = content.substring(content.lastIndexOf('\n', at - 1) + 1, at);
      String suffix = "";
      if (!oldText.endsWith("\n")) {
        int lineEnd = content.indexOf('\n', end);
        suffix = content.substring(end, lineEnd < 0 ? content.length() : lineEnd);
      }
      before = prefix + oldText + suffix;
      after = prefix + newText + suffix;
    }
    before = before.endsWith("\n") ? before.substring(0, before.length() - 1) : before;
    after = after.endsWith("\n") ? after.substring(0, after.length() - 1) : after;
    List<String> oldLines = before.isEmpty() ? List.of() : List.of(before.split("\n", -1));
    List<String> newLines = after.isEmpty() ? List.of() : List.of(after.split("\n", -1));
    StringBuilder d = new StringBuilder();
    d.append("--- a/").append(path).append('\n').append("+++ b/").append(path).append('\n');
    d.append("@@ -").append(firstLine).append(',').append(oldLines.size())
        .append(" +").append(firstLine).append(',').append(newLines.size()).append(" @@\n");
    int common = 0;
    while (common < oldLines.size() && common < newLines.size() && oldLines.get(common).equals(newLines.get(common))) {
      common++;
    }
    int tail = 0;
    while (tail < oldLines.size() - common && tail < newLines.size() - common
        && oldLines.get(oldLines.size() - 1 - tail).equals(newLines.get(newLines.size() - 1 - tail))) {
      tail++;
    }
    for (int i = 0; i < common; i++) {
      d.append(' ').append(oldLines.get(i)).append('\n');
    }
    for (int i = common; i < oldLines.size() - tail; i++) {
      d.append('-').append(oldLines.get(i)).append('\n');
    }
    for (int i = common; i < newLines.size() - tail; i++) {
      d.append('+').append(newLines.get(i)).append('\n');
    }
    for (int i = oldLines.size() - tail; i < oldLines.size(); i++) {
      d.append(' ').append(oldLines.get(i)).append('\n');
    }
    return d.toString();
  }

  /**
   * The edit applying compiler suggestions to one file's content. The edit covers the whole lines the
   * suggestions touch, widened until {@code old_text} occurs only once.
   *
   * @throws IllegalArgumentException when a suggestion points outside the content or suggestions overlap
   */
  static SourceEdit fromSuggestions(String path, String content, List<Diagnostic.Replacement> replacements) {
    if (replacements.isEmpty()) {
      throw new IllegalArgumentException("no suggestions to apply");
    }
    int[] lineStarts = lineStarts(content);
    List<int[]> ranges = new ArrayList<>();
    for (Diagnostic.Replacement r : replacements) {
      int start = offset(content, lineStarts, r.line(), r.column());
      int end = offset(content, lineStarts, r.endLine(), r.endColumn());
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
      updated.replace(r[0], r[1], replacements.get(r[2]).text());
    }
    String newContent = updated.toString();
    int firstLine = replacements.stream().mapToInt(Diagnostic.Replacement::line).min().orElseThrow();
    int lastLine = replacements.stream().mapToInt(Diagnostic.Replacement::endLine).max().orElseThrow();
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
