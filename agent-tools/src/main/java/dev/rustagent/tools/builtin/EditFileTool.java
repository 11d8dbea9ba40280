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
 * The {@code edit_file} tool: replaces one exact, unique occurrence of {@code old_text} with
 * {@code new_text}. Text that is absent or occurs more than once is refused and nothing changes.
 * Modifies code; the approval text is the diff.
 */
final class EditFileTool extends FileTool {

  EditFileTool() {
    super("edit_file",
        "Replaces an exact piece of text in a file. 'old_text' must occur exactly once in the file "
            + "(include enough surrounding lines to make it unique); it is replaced by 'new_text'.",
        JsonObjectSchema.builder()
            .addStringProperty("path", "file path relative to the workspace root")
            .addStringProperty("old_text", "the exact text to replace, occurring once")
            .addStringProperty("new_text", "the replacement text")
            .required("path", "old_text", "new_text")
            .build());
  }

  @Override
  public Set<Action> actions(ToolArguments arguments) {
    return Set.of(Action.MODIFY_CODE);
  }

  /** The edited text, or throws with the reason the edit cannot be made. */
  private static String edited(String text, String oldText, String newText, String name) {
    if (oldText.isEmpty()) {
      throw new IllegalArgumentException("old_text must not be empty");
    }
    int first = text.indexOf(oldText);
    if (first < 0) {
      throw new IllegalArgumentException("old_text was not found in '" + name + "'; read the file "
          + "again and copy the text exactly (whitespace included)");
    }
    int count = 0;
    for (int at = first; at >= 0; at = text.indexOf(oldText, at + 1)) {
      count++;
    }
    if (count > 1) {
      throw new IllegalArgumentException("old_text occurs " + count + " times in '" + name + "'; "
          + "include more surrounding text so it matches exactly once");
    }
    return text.substring(0, first) + newText + text.substring(first + oldText.length());
  }

  @Override
  public List<String> risks(ToolArguments arguments, ToolContext context) {
    String given = arguments.string("path");
    return risksOfWrite(context, given, before -> {
      try {
        return before == null ? null : edited(before, arguments.string("old_text"), arguments.string("new_text"), given);
      } catch (IllegalArgumentException e) {
        return before; // the edit does not apply, so it changes nothing
      }
    });
  }

  @Override
  public String describe(ToolArguments arguments, ToolContext context) {
    String given = arguments.string("path");
    try {
      Path file = resolve(context, given);
      String before = TextFiles.read(file, given);
      String after = edited(before, arguments.string("old_text"), arguments.string("new_text"), given);
      return "edit_file " + relative(context, file) + "\n" + TextFiles.diff(relative(context, file), before, after);
    } catch (IOException | IllegalArgumentException e) {
      return "edit_file " + given + " (cannot show a diff: " + e.getMessage() + ")";
    }
  }

  @Override
  ToolResult call(ToolArguments arguments, ToolContext context) throws IOException {
    String given = arguments.string("path");
    Path file = resolve(context, given);
    if (!Files.isRegularFile(file)) {
      return ToolResult.failure("no file '" + given + "' in the workspace");
    }
    String before;
    try {
      before = TextFiles.read(file, given);
    } catch (TextFiles.NotTextException e) {
      return ToolResult.failure(e.getMessage());
    }
    String after;
    try {
      after = edited(before, arguments.string("old_text"), arguments.string("new_text"), given);
    } catch (IllegalArgumentException e) {
      return ToolResult.failure(e.getMessage());
    }
    TextFiles.writeAtomically(file, after);
    return capped(true, "edited " + relative(context, file) + "\n"
        + TextFiles.diff(relative(context, file), before, after), context, null);
  }
}
