package dev.rustagent.tools.builtin;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolResult;
import dev.rustagent.tools.internal.IgnoreRules;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code list_files} tool: the files under a directory of the workspace, optionally filtered by a
 * glob, leaving out what {@code .gitignore} files ignore and the {@code .git} directory.
 */
final class ListFilesTool extends FileTool {
  static final int MAX_ENTRIES = 2_000;

  ListFilesTool() {
    super("list_files",
        "Lists the files of the workspace (or of 'path' inside it), skipping files ignored by "
            + ".gitignore. 'glob' filters them, e.g. \"**/*.rs\" or \"Cargo.toml\".",
        JsonObjectSchema.builder()
            .addStringProperty("path", "directory relative to the workspace root; the root by default")
            .addStringProperty("glob", "glob over paths relative to the workspace, e.g. src/**/*.rs")
            .build());
  }

  @Override
  public Set<Action> actions(ToolArguments arguments) {
    return Set.of(Action.READ);
  }

  /** A glob matcher over relative paths; a glob without '/' matches file names at any depth. */
  static PathMatcher globMatcher(String glob) {
    String effective = glob.contains("/") ? glob : "**/" + glob;
    PathMatcher deep = FileSystems.getDefault().getPathMatcher("glob:" + effective);
    PathMatcher direct = FileSystems.getDefault().getPathMatcher("glob:" + glob);
    return path -> deep.matches(path) || direct.matches(path);
  }

  @Override
  ToolResult call(ToolArguments arguments, ToolContext context) throws IOException {
    String given = arguments.optionalString("path").orElse(".");
    Path start = resolve(context, given);
    if (!Files.exists(start)) {
      return ToolResult.failure("no directory '" + given + "' in the workspace");
    }
    PathMatcher matcher = arguments.optionalString("glob").map(ListFilesTool::globMatcher).orElse(null);
    List<String> files = new ArrayList<>();
    int[] total = {0};
    IgnoreRules.walk(context.workspaceRoot(), start, file -> {
      String rel = relative(context, file);
      if (matcher == null || matcher.matches(Path.of(rel))) {
        total[0]++;
        if (files.size() < MAX_ENTRIES) {
          files.add(rel);
        }
      }
    });
    if (files.isEmpty()) {
      return ToolResult.success("no files" + arguments.optionalString("glob").map(g -> " match '" + g + "'")
          .orElse("") + " under " + given);
    }
    StringBuilder out = new StringBuilder(String.join("\n", files));
    if (total[0] > files.size()) {
      out.append("\n[").append(total[0] - files.size()).append(" more files not listed; narrow 'path' or 'glob']");
    }
    return capped(true, out.toString(), context, null);
  }
}
