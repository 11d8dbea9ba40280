package dev.rustagent.tools.builtin;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.internal.WorkspacePaths;
import java.nio.file.Path;

/** A tool working on one file of the workspace named by its {@code path} argument. */
abstract class FileTool extends BuiltinTool {

  FileTool(String name, String description, JsonObjectSchema parameters) {
    super(name, description, parameters);
  }

  @Override
  public String permissionSubject(ToolArguments arguments) {
    return arguments.optionalString("path").orElse(".");
  }

  /** Resolves the {@code path} argument inside the workspace, or throws with a clear message. */
  static Path resolve(ToolContext context, String path) {
    return WorkspacePaths.resolve(context.workspaceRoot(), path);
  }

  static String relative(ToolContext context, Path path) {
    return WorkspacePaths.relative(context.workspaceRoot(), path);
  }
}
