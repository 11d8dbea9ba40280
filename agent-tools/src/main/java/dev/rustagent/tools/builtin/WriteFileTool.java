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
 * The {@code write_file} tool: creates or replaces a file of the workspace with the given content,
 * atomically (a temporary file moved over the target). Modifies code; the approval text is the diff.
 */
final class WriteFileTool extends FileTool {

  WriteFileTool() {
    super("write_file",
        "Creates or overwrites a text file in the workspace with 'content' (the whole file). Prefer "
            + "edit_file for changing part of an existing file.",
        JsonObjectSchema.builder()
            .addStringProperty("path", "file path relative to the workspace root")
            .addStringProperty("content", "the complete new content of the file")
            .required("path", "content")
            .build());
  }

  @Override
  public Set<Action> actions(ToolArguments arguments) {
    return Set.of(Action.MODIFY_CODE);
  }

  @Override
  public List<String> risks(ToolArguments arguments, ToolContext context) {
    return risksOfWrite(context, arguments.string("path"), before -> arguments.string("content"));
  }

  @Override
  public String describe(ToolArguments arguments, ToolContext context) {
    try {
      Path file = resolve(context, arguments.string("path"));
      String before = Files.isRegularFile(file) ? TextFiles.read(file, arguments.string("path")) : null;
      return "write_file " + relative(context, file) + "\n"
          + TextFiles.diff(relative(context, file), before, arguments.string("content"));
    } catch (IOException | IllegalArgumentException e) {
      return "write_file " + arguments.string("path") + " (cannot show a diff: " + e.getMessage() + ")";
    }
  }

  @Override
  ToolResult call(ToolArguments arguments, ToolContext context) throws IOException {
    String given = arguments.string("path");
    Path file = resolve(context, given);
    if (Files.isDirectory(file)) {
      return ToolResult.failure("'" + given + "' is a directory; give a file path");
    }
    String content = arguments.string("content");
    boolean existed = Files.exists(file);
    TextFiles.writeAtomically(file, content);
    long lines = content.isEmpty() ? 0 : content.lines().count();
    return ToolResult.success((existed ? "replaced " : "created ") + relative(context, file) + " ("
        + lines + " lines)");
  }
}
