package dev.rustagent.core;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the host's editor shows, for an {@link AgentSession} embedded in an IDE: the current file, its
 * unsaved buffer when it differs from the disk, the cursor or selection, and the objectives the person
 * works towards. Set it with {@link AgentSession#editorContext(EditorContext)} before a turn; each turn's
 * context then carries it (within the context budget) together with the compiler errors open on that
 * file, and the run reports what went in as {@link RecalledItem}s in {@link AgentResult#patternsUsed()}.
 *
 * <p>While a buffer is unsaved the agent reasons about the buffer, not the disk: a read-only tool call
 * naming the file sees the buffer, and a call that would write the file is refused with a clear message,
 * or applied to the buffer through the session's {@link BufferEditor} when the host registered one.
 *
 * <p>Immutable; build it with {@link #of(Path)} or {@link #none()} and the {@code with} methods.
 *
 * @param file the current file (relative to the workspace or absolute), or {@code null} when none is open
 * @param buffer the editor's text of {@code file} when it has unsaved changes, or {@code null} when the
 *     buffer equals the file on disk
 * @param selection the cursor (an empty selection) or the selection in {@code file}, or {@code null}
 * @param objectives what the person works towards, most important first (may be empty)
 */
public record EditorContext(Path file, String buffer, Selection selection, List<String> objectives) {

  private static final int MAX_OBJECTIVES = 50;
  private static final int MAX_OBJECTIVE_CHARS = 2_000;

  /**
   * @throws IllegalArgumentException when a buffer or selection is given without a file, or an objective
   *     is blank or too long, or there are more than 50
   */
  public EditorContext {
    objectives = List.copyOf(requireNonNull(objectives, "objectives"));
    if (file == null && (buffer != null || selection != null)) {
      throw new IllegalArgumentException("a buffer or selection needs the file it belongs to");
    }
    if (objectives.size() > MAX_OBJECTIVES) {
      throw new IllegalArgumentException("at most " + MAX_OBJECTIVES + " objectives: " + objectives.size());
    }
    for (String objective : objectives) {
      if (objective.isBlank() || objective.length() > MAX_OBJECTIVE_CHARS) {
        throw new IllegalArgumentException("an objective must be 1 to " + MAX_OBJECTIVE_CHARS
            + " characters and not blank");
      }
    }
  }

  /** No file open and no objectives. */
  public static EditorContext none() {
    return new EditorContext(null, null, null, List.of());
  }

  /** The given file open, its buffer equal to the disk. */
  public static EditorContext of(Path file) {
    return new EditorContext(requireNonNull(file, "file"), null, null, List.of());
  }

  /** This context with the file's unsaved buffer. */
  public EditorContext withBuffer(String unsavedText) {
    return new EditorContext(file, requireNonNull(unsavedText, "unsavedText"), selection, objectives);
  }

  /** This context with the buffer equal to the disk again (the file was saved). */
  public EditorContext saved() {
    return new EditorContext(file, null, selection, objectives);
  }

  /** This context with the cursor or selection. */
  public EditorContext withSelection(Selection selection) {
    return new EditorContext(file, buffer, requireNonNull(selection, "selection"), objectives);
  }

  /** This context with these objectives instead of the current ones. */
  public EditorContext withObjectives(List<String> objectives) {
    return new EditorContext(file, buffer, selection, objectives);
  }

  /** Whether the current file has unsaved changes. */
  public boolean dirty() {
    return buffer != null;
  }

  /** The current file, when one is open. */
  public Optional<Path> currentFile() {
    return Optional.ofNullable(file);
  }

  /**
   * A cursor or selection, 1-based and inclusive of its start; a cursor has its end equal to its start.
   *
   * @param startLine the first line, from 1
   * @param startColumn the first column, from 1
   * @param endLine the last line, not before {@code startLine}
   * @param endColumn the column after the selection's end (equal to {@code startColumn} for a cursor)
   */
  public record Selection(int startLine, int startColumn, int endLine, int endColumn) {
    /** @throws IllegalArgumentException for a position before 1:1 or an end before the start */
    public Selection {
      if (startLine < 1 || startColumn < 1 || endLine < startLine
          || (endLine == startLine && endColumn < startColumn)) {
        throw new IllegalArgumentException("a selection runs from line:column 1:1 or later to a point not "
            + "before its start: " + startLine + ":" + startColumn + "-" + endLine + ":" + endColumn);
      }
    }

    /** A cursor at a line and column. */
    public static Selection cursor(int line, int column) {
      return new Selection(line, column, line, column);
    }

    /** Whether this is a cursor, not a selection. */
    public boolean isCursor() {
      return startLine == endLine && startColumn == endColumn;
    }
  }

  /**
   * Applies an agent's edit to the editor's buffer instead of the disk. Register one with
   * {@link AgentSession#bufferEditor(BufferEditor)}; without one, an edit to a file with unsaved changes
   * is refused. Called on the run's tool thread; the host updates its buffer (and should then pass the
   * new buffer in the next {@link EditorContext}).
   */
  @FunctionalInterface
  public interface BufferEditor {
    /**
     * Replaces the buffer's text.
     *
     * @param file the file the buffer belongs to, as given in the {@link EditorContext}
     * @param newText the buffer's whole new text
     * @return whether the editor took the change; {@code false} fails the tool call
     */
    boolean replaceBuffer(Path file, String newText);
  }
}
