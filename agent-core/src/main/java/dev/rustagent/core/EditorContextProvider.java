package dev.rustagent.core;

import dev.rustagent.tools.ProblemReport.CompilerDiagnostic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import dev.rustagent.core.internal.HeuristicTokenCountEstimator;
import dev.rustagent.core.AgentPlugin.ContextContribution;
import dev.rustagent.core.AgentPlugin.RecalledItem;
import dev.rustagent.core.AgentPlugin.ContextProvider;
import dev.rustagent.core.AgentSession.EditorContext;

/**
 * The editor's part of a session turn's context: the current file and whether it has unsaved changes,
 * the cursor or selection, the objectives, the compiler errors open on the file (from the session's
 * latest diagnostics) and the file's text (the buffer when it is dirty, else the disk copy), cut around
 * the cursor to the token budget. Each part that went in is reported as a {@link RecalledItem}.
 */
final class EditorContextProvider implements ContextProvider {
  static final String HEADING = "## Editor (what the person sees in their IDE now)";
  private static final int MAX_FILE_BYTES = 1_000_000;
  private static final int MAX_ERRORS = 10;

  private final Path workspace;
  private final EditorContext editor;
  private final List<CompilerDiagnostic> diagnostics;

  EditorContextProvider(Path workspace, EditorContext editor, List<CompilerDiagnostic> diagnostics) {
    this.workspace = workspace;
    this.editor = editor;
    this.diagnostics = List.copyOf(diagnostics);
  }

  @Override
  public String provide(String task, int tokenBudget) {
    return contribute(task, tokenBudget).text();
  }

  @Override
  public ContextContribution contribute(String task, int tokenBudget) {
    int room = HeuristicTokenCountEstimator.charsFor(tokenBudget);
    List<RecalledItem> items = new ArrayList<>();
    StringBuilder text = new StringBuilder(HEADING);
    if (!editor.objectives().isEmpty()) {
      text.append("\n### Objectives");
      int n = 0;
      for (String objective : editor.objectives()) {
        String line = "\n- " + objective.strip();
        if (text.length() + line.length() > room / 2) {
          break;
        }
        text.append(line);
        items.add(new RecalledItem("objective", "objective-" + ++n, clip(objective), 1.0, null));
      }
    }
    Path file = editor.file();
    if (file != null) {
      String name = displayName(file);
      text.append("\n### Current file: ").append(name).append(editor.dirty()
          ? " (unsaved changes: the text below is the editor's buffer, which differs from the file on disk;"
              + " reason about the buffer)" : "");
      items.add(new RecalledItem(editor.dirty() ? "editor-buffer" : "editor-file", name,
          name + (editor.dirty() ? " (unsaved buffer)" : ""), 1.0, null));
      EditorContext.Selection selection = editor.selection();
      if (selection != null) {
        text.append(selection.isCursor()
            ? "\nCursor at line " + selection.startLine() + ", column " + selection.startColumn()
            : "\nSelection from " + selection.startLine() + ":" + selection.startColumn() + " to "
                + selection.endLine() + ":" + selection.endColumn());
      }
      appendErrors(text, name, items, room);
      appendText(text, name, room - text.length());
    }
    if (items.isEmpty()) {
      return ContextContribution.none();
    }
    return new ContextContribution(text.toString(), items);
  }

  private void appendErrors(StringBuilder text, String name, List<RecalledItem> items, int room) {
    List<CompilerDiagnostic> open = diagnostics.stream()
        .filter(d -> d.isError() && d.primary().map(s -> sameFile(s.file(), name)).orElse(false))
        .limit(MAX_ERRORS).toList();
    if (open.isEmpty()) {
      return;
    }
    text.append("\n### Compiler errors open in ").append(name).append(" (from the latest cargo run)");
    for (CompilerDiagnostic d : open) {
      String line = "\n- " + d.summary();
      if (text.length() + line.length() > room * 3 / 4) {
        break;
      }
      text.append(line);
      items.add(new RecalledItem("compiler-error", d.code() == null ? "error" : d.code(), clip(d.summary()), 1.0, null));
    }
  }

  /** The file's lines, numbered, around the cursor when they do not all fit. */
  private void appendText(StringBuilder text, String name, int room) {
    String content = editor.dirty() ? editor.buffer() : readDisk();
    if (content == null || room < 200) {
      return;
    }
    List<String> lines = content.lines().toList();
    int focus = editor.selection() == null ? 1 : editor.selection().startLine();
    int first = Math.max(1, Math.min(focus, lines.size()));
    int last = first - 1;
    int used = 0;
    // grow the window around the focus line, one line on each side at a time, while it fits
    boolean grew = true;
    while (grew) {
      grew = false;
      if (last < lines.size() && used + lines.get(last).length() + 8 <= room - 100) {
        used += lines.get(last).length() + 8;
        last++;
        grew = true;
      }
      if (first > 1 && used + lines.get(first - 2).length() + 8 <= room - 100) {
        first--;
        used += lines.get(first - 1).length() + 8;
        grew = true;
      }
    }
    if (last < first) {
      return;
    }
    text.append("\n### ").append(editor.dirty() ? "Buffer of " : "Text of ").append(name)
        .append(" (lines ").append(first).append('-').append(last).append(" of ").append(lines.size()).append(")\n```rust\n");
    int width = String.valueOf(last).length();
    for (int i = first; i <= last; i++) {
      String number = String.valueOf(i);
      text.append(" ".repeat(width - number.length())).append(number).append(": ").append(lines.get(i - 1)).append('\n');
    }
    text.append("```");
  }

  private String readDisk() {
    try {
      Path path = workspace.resolve(editor.file()).normalize();
      if (!path.startsWith(workspace) || !Files.isRegularFile(path) || Files.size(path) > MAX_FILE_BYTES) {
        return null;
      }
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private String displayName(Path file) {
    Path normal = workspace.resolve(file).normalize();
    return normal.startsWith(workspace) ? workspace.relativize(normal).toString() : normal.toString();
  }

  private boolean sameFile(String spanFile, String name) {
    try {
      return spanFile != null && displayName(Path.of(spanFile)).equals(name);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static String clip(String s) {
    String flat = s.strip().replace('\n', ' ');
    return flat.length() <= 120 ? flat : flat.substring(0, 119) + "…";
  }
}
