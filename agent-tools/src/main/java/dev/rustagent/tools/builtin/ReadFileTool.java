package dev.rustagent.tools.builtin;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolResult;
import dev.rustagent.tools.internal.TextFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The {@code read_file} tool: a UTF-8 text file of the workspace, whole or from {@code start_line} to
 * {@code end_line} (1-based, inclusive), each line prefixed with its number.
 */
final class ReadFileTool extends FileTool {
  private static final long MAX_BYTES = 16L * 1024 * 1024;

  ReadFileTool() {
    super("read_file",
        "Reads a text file of the workspace. Lines are shown as 'number: text'; use start_line and "
            + "end_line (1-based, inclusive) for a part of a long file.",
        JsonObjectSchema.builder()
            .addStringProperty("path", "file path relative to the workspace root")
            .addIntegerProperty("start_line", "first line to show, 1-based")
            .addIntegerProperty("end_line", "last line to show, inclusive")
            .required("path")
            .build());
  }

  @Override
  public Set<Action> actions(ToolArguments arguments) {
    return Set.of(Action.READ);
  }

  @Override
  ToolResult call(ToolArguments arguments, ToolContext context) throws IOException {
    String given = arguments.string("path");
    Path file = resolve(context, given);
    if (!Files.exists(file)) {
      return ToolResult.failure("no file '" + given + "' in the workspace");
    }
    if (Files.isDirectory(file)) {
      return ToolResult.failure("'" + given + "' is a directory; use list_files to see what it holds");
    }
    if (Files.size(file) > MAX_BYTES) {
      return ToolResult.failure("'" + given + "' is " + Files.size(file) / (1024 * 1024) + " MB, more than "
          + "read_file reads (" + MAX_BYTES / (1024 * 1024) + " MB); use grep to find the part you need");
    }
    String text;
    try {
      text = TextFiles.read(file, given);
    } catch (TextFiles.NotTextException e) {
      return ToolResult.failure(e.getMessage());
    }
    List<String> lines = TextFiles.lines(text);
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines = lines.subList(0, lines.size() - 1);
    }
    int total = lines.size();
    long start = arguments.integer("start_line").orElse(1L);
    long end = arguments.integer("end_line").orElse((long) total);
    if (start < 1 || end < start) {
      return ToolResult.failure("start_line must be at least 1 and end_line not before it (got "
          + start + ".." + end + ")");
    }
    if (total > 0 && start > total) {
      return ToolResult.failure("'" + given + "' has only " + total + " lines; start_line " + start
          + " is past the end");
    }
    end = Math.min(end, total);
    StringBuilder out = new StringBuilder();
    out.append(relative(context, file)).append(" (lines ").append(total == 0 ? 0 : start).append('-')
        .append(end).append(" of ").append(total).append(")\n");
    int width = String.valueOf(end).length();
    for (long i = start; i <= end; i++) {
      String number = String.valueOf(i);
      out.append(" ".repeat(width - number.length())).append(number).append(": ")
          .append(lines.get((int) i - 1)).append('\n');
    }
    // the payload is the file's text as read, for hosts and workflows that edit it
    return capped(true, out.toString(), context, text);
  }
}
