package dev.rustagent.core;

import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.ToolContext.CancellationToken;
import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.rustagent.core.AgentSession.EditorContext;

/**
 * Keeps a run's tool calls off the disk copy of a file whose editor buffer has unsaved changes, at the
 * gate and for every tool alike, by the paths a call declares ({@link Tool#paths}): a read-only call
 * naming only that file runs on a scratch copy holding the buffer, so the buffer reaches the model; a
 * call that may write it is refused, or run on the scratch copy and its result handed to the host's
 * {@link EditorContext.BufferEditor}; a call that may write and names no file is refused; any other
 * command is watched, and a change it made to the file on disk is undone and reported. Paths are
 * compared lexically, through symbolic links and by file identity (hard links), so an alias does not
 * get past it.
 */
final class BufferGuard {
  private static final Logger log = LoggerFactory.getLogger(BufferGuard.class);
  private static final long MAX_WATCHED_BYTES = 16L * 1024 * 1024;

  /** What the guard does with one call. */
  sealed interface Plan {
    /** Run as usual; a read-only result showing the file gets a note that it is the disk copy. */
    record Pass(boolean readOnly) implements Plan {}

    /** Do not run; the message says why. */
    record Refuse(String message) implements Plan {}

    /** Run on a scratch copy of the workspace holding the buffer; an edit goes to the buffer editor. */
    record Overlay(Path scratch, boolean edit) implements Plan {}

    /** Run as usual, then undo and report any change to the file on disk. */
    record Watch(byte[] before) implements Plan {}
  }

  private final Agent agent;
  private final Path given;
  private final String relative;
  private final Path normal;
  private final Path real;
  private final Object fileKey;
  private final EditorContext.BufferEditor editor;
  private volatile String buffer;

  private BufferGuard(Agent agent, EditorContext context, EditorContext.BufferEditor editor) {
    this.agent = agent;
    this.given = context.file();
    this.normal = agent.workspace.resolve(given).normalize();
    this.relative = normal.startsWith(agent.workspace) && !normal.equals(agent.workspace)
        ? agent.workspace.relativize(normal).toString() : null;
    this.real = realOrNormal(normal);
    this.fileKey = fileKey(real);
    this.editor = editor;
    this.buffer = context.buffer();
  }

  /** A guard for this context, or null when no buffer has unsaved changes. */
  static BufferGuard of(Agent agent, EditorContext context, EditorContext.BufferEditor editor) {
    return context == null || !context.dirty() ? null : new BufferGuard(agent, context, editor);
  }

  /** The dirty file as the model should name it. */
  String name() {
    return relative != null ? relative : given.toString();
  }

  /** The unsaved buffer when {@code path} names the dirty file, else null. */
  String bufferFor(String path) {
    return hits(path) ? buffer : null;
  }

  Plan plan(Tool tool, ToolArguments arguments, Set<Action> actions) {
    List<String> paths;
    try {
      paths = List.copyOf(tool.paths(arguments));
    } catch (RuntimeException e) {
      paths = List.of();
    }
    boolean hits = paths.stream().anyMatch(this::hits);
    boolean others = paths.stream().anyMatch(p -> !hits(p));
    boolean readOnly = actions.stream().allMatch(a -> a == Action.READ);
    boolean writes = actions.contains(Action.MODIFY_CODE) || actions.contains(Action.GIT_WRITE);
    String unsaved = "'" + name() + "' has unsaved changes in the editor";
    if (readOnly) {
      return hits && !others && relative != null ? overlay(false) : new Plan.Pass(true);
    }
    if (writes && paths.isEmpty()) {
      return new Plan.Refuse("refused: " + unsaved + ", and '" + tool.name() + "' may change files without "
          + "naming them, so it could overwrite those changes. Edit files with a tool that names them, or ask "
          + "the person to save or discard the unsaved changes first.");
    }
    if (hits && others) {
      return new Plan.Refuse("refused: " + unsaved + "; change it in a call of its own, apart from the other files.");
    }
    if (hits && writes) {
      if (editor == null || relative == null) {
        return new Plan.Refuse("refused: " + unsaved + "; writing the file on disk would overwrite them. Tell "
            + "the person what to change, or ask them to save or discard the unsaved changes first.");
      }
      return overlay(true);
    }
    return new Plan.Watch(snapshot());
  }

  /** The context the call runs in (describe, risks and execute): the scratch copy for an overlay. */
  ToolContext context(Plan plan, CancellationToken cancellation) {
    if (plan instanceof Plan.Overlay overlay) {
      return ToolContext.builder(overlay.scratch()).timeout(agent.toolTimeout).outputCap(agent.toolOutputCap)
          .cancellation(cancellation).build();
    }
    return agent.toolContext(cancellation);
  }

  /** The call's result as the model sees it, after the guard's part; cleans the scratch copy up. */
  ToolResult after(Plan plan, ToolResult result) {
    if (plan instanceof Plan.Pass pass) {
      return pass.readOnly() && relative != null && result.text().contains(relative)
          ? withNote(result, "\n[note: '" + name() + "' has unsaved changes in the editor; what this shows of it "
              + "is the file on disk; the buffer is in your context and read_file shows it]")
          : result;
    }
    if (plan instanceof Plan.Refuse refuse) {
      return ToolResult.failure(refuse.message());
    }
    if (plan instanceof Plan.Watch watch) {
      return undoChange(watch.before(), result);
    }
    Plan.Overlay overlay = (Plan.Overlay) plan;
    try {
      return overlay.edit() && !result.isError() ? toEditor(overlay.scratch(), result) : result;
    } finally {
      delete(overlay.scratch());
    }
  }

  /** Forgets a plan whose call never ran (refused by the permission gate). */
  void discard(Plan plan) {
    if (plan instanceof Plan.Overlay overlay) {
      delete(overlay.scratch());
    }
  }

  private ToolResult toEditor(Path scratch, ToolResult result) {
    Path edited = scratch.resolve(relative);
    String newText;
    try {
      if (!Files.isRegularFile(edited)) {
        return ToolResult.failure("the call removed '" + name() + "', whose unsaved buffer cannot be deleted "
            + "by the agent; nothing was changed");
      }
      newText = Files.readString(edited, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return ToolResult.failure("the edited buffer of '" + name() + "' could not be read back: " + e.getMessage());
    }
    if (newText.equals(buffer)) {
      return result;
    }
    boolean taken;
    try {
      taken = editor.replaceBuffer(given, newText);
    } catch (RuntimeException e) {
      log.warn("the buffer editor failed on {}", given, e);
      taken = false;
    }
    if (!taken) {
      return ToolResult.failure("the editor did not take the change to the unsaved buffer of '" + name()
          + "'; nothing was changed");
    }
    buffer = newText;
    return withNote(result, "\n[applied to the editor's unsaved buffer of '" + name()
        + "'; the file on disk is unchanged]");
  }

  private Plan overlay(boolean edit) {
    try {
      Path scratch = Files.createTempDirectory("rust-agent-buffer");
      Path copy = scratch.resolve(relative);
      Files.createDirectories(copy.getParent());
      Files.writeString(copy, buffer, StandardCharsets.UTF_8);
      return new Plan.Overlay(scratch, edit);
    } catch (IOException e) {
      return new Plan.Refuse("refused: the unsaved buffer of '" + name() + "' could not be staged: " + e.getMessage());
    }
  }

  private byte[] snapshot() {
    try {
      return Files.isRegularFile(real) && Files.size(real) <= MAX_WATCHED_BYTES ? Files.readAllBytes(real) : null;
    } catch (IOException e) {
      return null;
    }
  }

  private ToolResult undoChange(byte[] before, ToolResult result) {
    byte[] now = snapshot();
    if (Arrays.equals(before, now)) {
      return result;
    }
    try {
      if (before == null) {
        Files.deleteIfExists(real);
      } else {
        Files.write(real, before);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not undo a change to " + real, e);
    }
    log.warn("a tool call changed {} while it had unsaved changes in the editor; the change was undone", real);
    return ToolResult.failure("refused: the call changed '" + name() + "' on disk, which has unsaved changes in "
        + "the editor; the change was undone. Its output was:\n" + result.text());
  }

  private boolean hits(String path) {
    Path candidate;
    try {
      candidate = Path.of(path);
    } catch (InvalidPathException e) {
      return true; // cannot tell where it points: count it as the dirty file
    }
    Path resolved = agent.workspace.resolve(candidate);
    Path lexical = resolved.normalize();
    if (lexical.equals(normal) || lexical.equals(real)) {
      return true;
    }
    for (Path form : List.of(realOrNormal(resolved), realOrNormal(lexical))) {
      if (form.equals(real) || form.equals(normal) || (fileKey != null && fileKey.equals(fileKey(form)))) {
        return true;
      }
    }
    return false;
  }

  /** The path with symbolic links resolved, as far as it exists; the rest appended as given. */
  private static Path realOrNormal(Path path) {
    Path existing = path;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return path.normalize();
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(path)).normalize();
    } catch (IOException e) {
      return path.normalize();
    }
  }

  private static Object fileKey(Path path) {
    try {
      return Files.isRegularFile(path) ? Files.readAttributes(path, BasicFileAttributes.class).fileKey() : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static ToolResult withNote(ToolResult result, String note) {
    return result.isError() ? ToolResult.failure(result.text() + note, result.payload())
        : ToolResult.success(result.text() + note, result.payload());
  }

  private static void delete(Path scratch) {
    try (Stream<Path> walk = Files.walk(scratch)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.debug("scratch copy {} not removed: {}", scratch, e.toString());
    }
  }
}
