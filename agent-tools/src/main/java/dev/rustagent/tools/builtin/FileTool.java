package dev.rustagent.tools.builtin;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.internal.ProtectedPaths;
import dev.rustagent.tools.spi.internal.WorkspacePaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A tool working on one file of the workspace named by its {@code path} argument. */
abstract class FileTool extends BuiltinTool {

  FileTool(String name, String description, JsonObjectSchema parameters) {
    super(name, description, parameters);
  }

  @Override
  public String permissionSubject(ToolArguments arguments) {
    return arguments.optionalString("path").orElse(".");
  }

  /**
   * The risk of changing the file at {@code given} from its current content to {@code after}
   * ({@code null}: deleted), as a list of at most one entry.
   */
  static List<String> risksOfWrite(ToolContext context, String given, java.util.function.UnaryOperator<String> after) {
    try {
      Path file = resolve(context, given);
      String before = Files.isRegularFile(file) ? Files.readString(file) : null;
      return ProtectedPaths.risk(context.workspaceRoot(), file, before, after.apply(before)).stream().toList();
    } catch (IOException | RuntimeException e) {
      return List.of(); // the call itself refuses a path it cannot use
    }
  }

  /** Resolves the {@code path} argument inside the workspace, or throws with a clear message. */
  static Path resolve(ToolContext context, String path) {
    return WorkspacePaths.resolve(context.workspaceRoot(), path);
  }

  static String relative(ToolContext context, Path path) {
    return WorkspacePaths.relative(context.workspaceRoot(), path);
  }
}
