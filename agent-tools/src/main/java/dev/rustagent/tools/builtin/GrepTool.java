package dev.rustagent.tools.builtin;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolResult;
import dev.rustagent.tools.internal.IgnoreRules;
import dev.rustagent.tools.internal.TextFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code grep} tool: lines matching a Java regular expression in the text files of the workspace,
 * as {@code path:line: text}, skipping ignored and binary files.
 */
final class GrepTool extends FileTool {
  static final int MAX_MATCHES = 500;
  private static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

  GrepTool() {
    super("grep",
        "Searches the workspace's text files for a regular expression (Java syntax) and prints "
            + "'path:line: text' for each matching line. Skips files ignored by .gitignore.",
        JsonObjectSchema.builder()
            .addStringProperty("pattern", "regular expression, e.g. fn\\s+main")
            .addStringProperty("path", "directory or file to search; the workspace root by default")
            .addStringProperty("glob", "only files whose path matches, e.g. *.rs")
            .required("pattern")
            .build());
  }

  @Override
  public Set<Action> actions(ToolArguments arguments) {
    return Set.of(Action.READ);
  }

  @Override
  ToolResult call(ToolArguments arguments, ToolContext context) throws IOException {
    Pattern pattern;
    try {
      pattern = Pattern.compile(arguments.string("pattern"));
    } catch (PatternSyntaxException e) {
      return ToolResult.failure("'pattern' is not a valid regular expression: " + e.getDescription());
    }
    String given = arguments.optionalString("path").orElse(".");
    Path start = resolve(context, given);
    if (!Files.exists(start)) {
      return ToolResult.failure("no file or directory '" + given + "' in the workspace");
    }
    PathMatcher matcher = arguments.optionalString("glob").map(ListFilesTool::globMatcher).orElse(null);
    List<String> matches = new ArrayList<>();
    int[] total = {0};
    try {
      IgnoreRules.walk(context.workspaceRoot(), start, file -> {
        String rel = relative(context, file);
        if (matcher != null && !matcher.matches(Path.of(rel))) {
          return;
        }
        try {
          if (Files.size(file) > MAX_FILE_BYTES) {
            return;
          }
          byte[] bytes = Files.readAllBytes(file);
          if (!TextFiles.isText(bytes)) {
            return;
          }
          String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\r?\n", -1);
          for (int i = 0; i < lines.length; i++) {
            if (pattern.matcher(lines[i]).find()) {
              total[0]++;
              if (matches.size() < MAX_MATCHES) {
                matches.add(rel + ":" + (i + 1) + ": " + lines[i]);
              }
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      return ToolResult.failure("grep could not read a file: " + e.getCause().getMessage());
    }
    if (matches.isEmpty()) {
      return ToolResult.success("no matches for /" + pattern + "/ under " + given);
    }
    StringBuilder out = new StringBuilder(String.join("\n", matches));
    if (total[0] > matches.size()) {
      out.append("\n[").append(total[0] - matches.size()).append(" more matches not shown]");
    }
    return capped(true, out.toString(), context, null);
  }
}
