package dev.rustagent.examples.cli;

import com.github.difflib.unifieddiff.UnifiedDiff;
import com.github.difflib.unifieddiff.UnifiedDiffFile;
import com.github.difflib.unifieddiff.UnifiedDiffReader;
import dev.rustagent.core.Approver.ApprovalRequest;
import dev.rustagent.core.Approver;
import dev.rustagent.core.internal.TerminalText;
import dev.rustagent.tools.Tool.Action;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Asks on the terminal: {@code y} allows this call, {@code n} refuses it, {@code always} allows every
 * later call of the same tool in this program run. End of input refuses.
 *
 * <p>The question starts with lines the model cannot shape: the tool, its actions, and for file
 * changes each file's path (control characters made visible) with the kind of change (create,
 * replace, edit, delete, rename) worked out from the arguments and the workspace. The tool's own
 * description (the diff) follows, escaped with {@link TerminalText#safe}.
 */
final class TerminalApprover implements Approver {
  private final BufferedReader in;
  private final PrintWriter out;
  private final Path workspace;
  private final Set<String> alwaysAllowed = new HashSet<>();

  TerminalApprover(BufferedReader in, PrintWriter out) {
    this(in, out, null);
  }

  /**
   * @param workspace the workspace root, to tell a new file from a replaced one; may be null
   */
  TerminalApprover(BufferedReader in, PrintWriter out, Path workspace) {
    this.in = in;
    this.out = out;
    this.workspace = workspace;
  }

  @Override
  public synchronized boolean approve(ApprovalRequest request) {
    String tool = TerminalText.escape(request.tool());
    if (alwaysAllowed.contains(request.tool()) && !request.isProtected()) {
      out.printf("  (allowed: you said always for %s)%n", tool);
      return true;
    }
    show(out, request, workspace);
    while (true) {
      out.print("  Allow? [y]es / [n]o / [a]lways for this tool: ");
      out.flush();
      String answer;
      try {
        answer = in.readLine();
      } catch (IOException e) {
        answer = null;
      }
      if (answer == null) {
        out.println("(no input: refused)");
        return false;
      }
      switch (answer.strip().toLowerCase(Locale.ROOT)) {
        case "y", "yes" -> {
          return true;
        }
        case "n", "no", "" -> {
          return false;
        }
        case "a", "always" -> {
          alwaysAllowed.add(request.tool());
          return true;
        }
        default -> out.println("  Please answer y, n or always.");
      }
    }
  }

  /** Prints the question: our own header (tool, actions, files and kinds of change), then the escaped details. */
  static void show(PrintWriter out, ApprovalRequest request, Path workspace) {
    out.println();
    String actions = request.actions().stream().map(Action::name).sorted().collect(Collectors.joining(", "));
    out.printf("? The agent wants to use %s [%s]%n", TerminalText.escape(request.tool()), actions);
    for (String change : changes(request, workspace)) {
      out.println("  change: " + change);
    }
    request.risks().forEach(risk -> out.println("  ! PROTECTED: " + TerminalText.safe(risk)));
    out.println("  details (as the tool describes them):");
    TerminalText.safe(request.description()).lines().forEach(line -> out.println("    | " + line));
    out.flush();
  }

  /**
   * The files a call changes and how, in words the model cannot shape: {@code create src/a.rs}. Paths
   * come from the arguments and are shown with control characters made visible.
   */
  static List<String> changes(ApprovalRequest request, Path workspace) {
    List<String> changes = new ArrayList<>();
    var args = request.arguments();
    if (args.has("patch")) {
      changes.addAll(patchChanges(args.optionalString("patch").orElse("")));
    }
    if (args.has("path") && request.actions().contains(Action.MODIFY_CODE)) {
      String path = args.optionalString("path").orElse("");
      Boolean existing = exists(workspace, path);
      String kind = switch (request.tool()) {
        case "write_file" -> existing == null ? "create or replace" : existing ? "replace" : "create";
        case "edit_file" -> "edit";
        default -> "change";
      };
      changes.add(kind + " " + quoted(path));
    }
    return changes;
  }

  private static List<String> patchChanges(String patch) {
    UnifiedDiff diff;
    try {
      diff = UnifiedDiffReader.parseUnifiedDiff(new ByteArrayInputStream(
          (patch.endsWith("\n") ? patch : patch + "\n").getBytes(StandardCharsets.UTF_8)));
    } catch (IOException | RuntimeException e) {
      return List.of("a patch that cannot be read as a unified diff (" + TerminalText.escape(e.getMessage()) + ")");
    }
    Set<String> changes = new TreeSet<>();
    for (UnifiedDiffFile file : diff.getFiles()) {
      String from = stripPrefix(file.getFromFile());
      String to = stripPrefix(file.getToFile());
      if (from == null || from.equals("/dev/null")) {
        changes.add("create " + quoted(to));
      } else if (to == null || to.equals("/dev/null")) {
        changes.add("delete " + quoted(from));
      } else if (!from.equals(to)) {
        changes.add("rename " + quoted(from) + " to " + quoted(to));
      } else {
        changes.add("edit " + quoted(to));
      }
    }
    if (changes.isEmpty()) {
      changes.add("a patch that names no file");
    }
    return List.copyOf(changes);
  }

  private static String stripPrefix(String name) {
    if (name == null) {
      return null;
    }
    String n = name.strip();
    return n.startsWith("a/") || n.startsWith("b/") ? n.substring(2) : n;
  }

  private static Boolean exists(Path workspace, String path) {
    if (workspace == null) {
      return null;
    }
    try {
      return Files.exists(workspace.resolve(path));
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String quoted(String path) {
    return "'" + TerminalText.escape(path == null ? "" : path) + "'";
  }
}
