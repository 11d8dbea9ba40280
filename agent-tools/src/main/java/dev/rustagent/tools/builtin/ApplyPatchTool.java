package dev.rustagent.tools.builtin;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.PatchFailedException;
import com.github.difflib.unifieddiff.UnifiedDiff;
import com.github.difflib.unifieddiff.UnifiedDiffFile;
import com.github.difflib.unifieddiff.UnifiedDiffReader;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolResult;
import dev.rustagent.tools.internal.ProtectedPaths;
import dev.rustagent.tools.internal.TextFiles;
import dev.rustagent.tools.spi.internal.WorkspacePaths;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code apply_patch} tool: applies a unified diff (as {@code git diff} or {@code diff -u} print
 * it) to files of the workspace. Every hunk of every file is checked first; when one does not apply,
 * nothing is written. New files ({@code --- /dev/null}) are created and deleted ones
 * ({@code +++ /dev/null}) removed. Modifies code; the approval text is the patch.
 */
final class ApplyPatchTool extends BuiltinTool {
  private static final String DEV_NULL = "/dev/null";

  ApplyPatchTool() {
    super("apply_patch",
        "Applies a unified diff (git diff format, paths relative to the workspace, a/ and b/ prefixes "
            + "allowed) to the workspace. All files change or none.",
        JsonObjectSchema.builder()
            .addStringProperty("patch", "the unified diff")
            .required("patch")
            .build());
  }

  @Override
  public Set<Action> actions(ToolArguments arguments) {
    return Set.of(Action.MODIFY_CODE);
  }

  /** Every file the patch names, old and new names alike; empty when the patch cannot be read. */
  @Override
  public List<String> paths(ToolArguments arguments) {
    String patchText = arguments.string("patch");
    try {
      UnifiedDiff diff = UnifiedDiffReader.parseUnifiedDiff(new ByteArrayInputStream(
          (patchText.endsWith("\n") ? patchText : patchText + "\n").getBytes(StandardCharsets.UTF_8)));
      java.util.Set<String> paths = new java.util.LinkedHashSet<>();
      for (UnifiedDiffFile file : diff.getFiles()) {
        for (String name : new String[] {stripPrefix(file.getFromFile()), stripPrefix(file.getToFile())}) {
          if (name != null && !DEV_NULL.equals(name)) {
            paths.add(name);
          }
        }
      }
      return List.copyOf(paths);
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  @Override
  public String describe(ToolArguments arguments, ToolContext context) {
    return "apply_patch\n" + arguments.string("patch");
  }

  /** The new content of every file the patch touches ({@code null}: deleted), or why it cannot apply. */
  private record Plan(Map<Path, String> results, List<String> summary, ToolResult failure) {
    static Plan failed(String message) {
      return new Plan(Map.of(), List.of(), ToolResult.failure(message));
    }
  }

  private static Plan plan(String patchText, ToolContext context) throws IOException {
    if (!patchText.endsWith("\n")) {
      patchText = patchText + "\n";
    }
    UnifiedDiff diff;
    try {
      diff = UnifiedDiffReader.parseUnifiedDiff(
          new ByteArrayInputStream(patchText.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException | RuntimeException e) {
      return Plan.failed("the patch is not a unified diff: " + e.getMessage());
    }
    if (diff.getFiles().isEmpty()) {
      return Plan.failed("the patch holds no file changes; expected '--- a/file', '+++ b/file' and "
          + "'@@' hunks");
    }
    Map<Path, String> results = new LinkedHashMap<>();
    List<String> summary = new ArrayList<>();
    for (UnifiedDiffFile file : diff.getFiles()) {
      String from = stripPrefix(file.getFromFile());
      String to = stripPrefix(file.getToFile());
      boolean created = from == null || DEV_NULL.equals(from);
      boolean deleted = to == null || DEV_NULL.equals(to);
      String name = deleted ? from : to;
      Path target = WorkspacePaths.resolve(context.workspaceRoot(), name);
      Path source = created ? null : WorkspacePaths.resolve(context.workspaceRoot(), from);
      List<String> original;
      if (created) {
        if (Files.exists(target)) {
          return Plan.failed("the patch creates '" + name + "', which already exists; nothing was changed");
        }
        original = List.of();
      } else {
        Path base = results.containsKey(source) ? null : source;
        if (base != null && !Files.isRegularFile(base)) {
          return Plan.failed("the patch changes '" + from + "', which does not exist; nothing was changed");
        }
        String text = base == null ? results.get(source) : TextFiles.read(base, from);
        original = trimFinalEmpty(TextFiles.lines(text));
      }
      List<String> patched;
      try {
        patched = DiffUtils.patch(original, file.getPatch());
      } catch (PatchFailedException e) {
        return Plan.failed("the patch does not apply to '" + name + "': " + e.getMessage()
            + "; nothing was changed. Read the file again and make the context lines match.");
      }
      if (deleted) {
        results.put(source, null);
        summary.add("deleted " + from);
      } else {
        results.put(target, patched.isEmpty() ? "" : String.join("\n", patched) + "\n");
        if (source != null && !source.equals(target)) {
          results.put(source, null);
          summary.add("renamed " + from + " -> " + to);
        } else {
          summary.add((created ? "created " : "patched ") + name);
        }
      }
    }
    return new Plan(results, summary, null);
  }

  @Override
  public List<String> risks(ToolArguments arguments, ToolContext context) {
    try {
      Plan plan = plan(arguments.string("patch"), context);
      List<String> risks = new ArrayList<>();
      for (Map.Entry<Path, String> change : plan.results().entrySet()) {
        Path file = change.getKey();
        String before = Files.isRegularFile(file) ? Files.readString(file) : null;
        ProtectedPaths.risk(context.workspaceRoot(), file, before, change.getValue()).ifPresent(risks::add);
      }
      return risks;
    } catch (IOException | RuntimeException e) {
      return List.of(); // the call itself reports a patch that cannot apply
    }
  }

  @Override
  ToolResult call(ToolArguments arguments, ToolContext context) throws IOException {
    Plan plan = plan(arguments.string("patch"), context);
    if (plan.failure() != null) {
      return plan.failure();
    }
    Map<Path, String> results = plan.results();
    List<String> summary = plan.summary();
    for (Map.Entry<Path, String> change : results.entrySet()) {
      if (change.getValue() == null) {
        Files.deleteIfExists(change.getKey());
      } else {
        TextFiles.writeAtomically(change.getKey(), change.getValue());
      }
    }
    return ToolResult.success(String.join("\n", summary));
  }

  private static List<String> trimFinalEmpty(List<String> lines) {
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      return new ArrayList<>(lines.subList(0, lines.size() - 1));
    }
    return new ArrayList<>(lines);
  }

  private static String stripPrefix(String path) {
    if (path == null) {
      return null;
    }
    String p = path.strip();
    int tab = p.indexOf('\t');
    if (tab >= 0) {
      p = p.substring(0, tab);
    }
    if (p.startsWith("a/") || p.startsWith("b/")) {
      return p.substring(2);
    }
    return p;
  }
}
