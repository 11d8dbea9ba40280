package dev.rustagent.examples.plugin;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code todo_scan} tool: lists {@code todo!()}, {@code unimplemented!()} and {@code // TODO}
 * markers in the Rust sources of the workspace, skipping {@code target/}. Read-only.
 */
public final class TodoScanTool implements Tool {
  private static final Pattern MARKER = Pattern.compile("todo!\\(|unimplemented!\\(|//\\s*(TODO|FIXME)\\b");

  @Override
  public String name() {
    return "todo_scan";
  }

  @Override
  public String description() {
    return "Lists unfinished code in the Rust sources: todo!(), unimplemented!() and TODO/FIXME comments, "
        + "as 'path:line: text'.";
  }

  @Override
  public JsonObjectSchema parameters() {
    return JsonObjectSchema.builder().build();
  }

  @Override
  public Set<Action> actions(ToolArguments arguments) {
    return Set.of(Action.READ);
  }

  @Override
  public ToolResult execute(ToolArguments arguments, ToolContext context) throws IOException {
    Path root = context.workspaceRoot();
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(f -> f.toString().endsWith(".rs"))
          .filter(f -> !root.relativize(f).startsWith("target"))
          .sorted()
          .forEach(f -> scan(root, f, found));
    } catch (UncheckedIOException e) {
      return ToolResult.failure("todo_scan could not read a file: " + e.getCause().getMessage());
    }
    if (found.isEmpty()) {
      return ToolResult.success("no todo!(), unimplemented!() or TODO comments in the Rust sources");
    }
    return ToolResult.capped(true, String.join("\n", found), context.outputCap(), found.size());
  }

  private static void scan(Path root, Path file, List<String> found) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (MalformedInputException e) {
      return;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (int i = 0; i < lines.size(); i++) {
      if (MARKER.matcher(lines.get(i)).find()) {
        found.add(root.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
      }
    }
  }
}
