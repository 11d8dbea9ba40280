package dev.rustagent.core;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.rustagent.tools.ToolContext.CancellationToken;
import dev.rustagent.tools.ProblemReport.CompilerDiagnostic;
import dev.rustagent.tools.ProblemReport;
import dev.rustagent.tools.ToolArguments.ToolArgumentException;
import dev.rustagent.tools.ToolArguments;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import dev.rustagent.core.AgentResult.AgentStep;
import dev.rustagent.core.AgentPlugin.ContextProvider;
import dev.rustagent.core.AgentListener.AgentEvent;
import dev.rustagent.core.AgentListener.StreamingHandler;
import java.nio.file.Path;
import java.util.Optional;
import dev.rustagent.core.AgentPlugin.RecalledItem;

/**
 * A multi-turn conversation with one {@link Agent}: each {@link #run} sees the earlier turns (the
 * last {@code maxSessionMessages} messages) and the session's {@link WorkingMemory}. Turns run one at
 * a time; the session is thread-safe.
 *
 * <p>A host embedding the agent in an editor tells the session what the editor shows with
 * {@link #editorContext(EditorContext)} (and may let edits reach unsaved buffers through
 * {@link #bufferEditor(EditorContext.BufferEditor)}); see {@link EditorContext}.
 */
public final class AgentSession {
  private static final int MAX_FILES_IN_FOCUS = 10;

  private final Agent agent;
  private final String id = UUID.randomUUID().toString();
  private final List<ChatMessage> history = new ArrayList<>();
  private final Set<String> filesInFocus = new LinkedHashSet<>();
  private final Map<String, List<String>> problemsByTool = new LinkedHashMap<>();
  private final Map<String, List<CompilerDiagnostic>> diagnosticsByTool = new LinkedHashMap<>();
  private volatile EditorContext editor = EditorContext.none();
  private volatile EditorContext.BufferEditor bufferEditor;
  private List<String> pendingActions = List.of();
  private String currentTask = "";

  AgentSession(Agent agent) {
    this.agent = agent;
  }

  /** The session's id, also in each run's {@link AgentEvent.RunStarted}. */
  public String id() {
    return id;
  }

  /** Runs the next turn. */
  public AgentResult run(String task) {
    return run(task, StreamingHandler.NONE, CancellationToken.create());
  }

  /** Runs the next turn, streaming to {@code handler}. */
  public AgentResult run(String task, StreamingHandler handler) {
    return run(task, handler, CancellationToken.create());
  }

  /** Runs the next turn, streaming to {@code handler}, stoppable through {@code cancellation}. */
  public synchronized AgentResult run(String task, StreamingHandler handler, CancellationToken cancellation) {
    AgentSettings.checkTask(task);
    requireNonNull(handler, "handler");
    requireNonNull(cancellation, "cancellation");
    AgentRun run = new AgentRun(agent, task, this, handler, cancellation);
    AgentResult result = run.execute();
    keep(run.conversation());
    remember(result, run.denials());
    return result;
  }

  /**
   * Tells the session what the editor shows now; the next turns use it (a turn already running keeps
   * the one it started with). May be called from any thread, also while a turn runs.
   */
  public void editorContext(EditorContext context) {
    this.editor = requireNonNull(context, "context");
  }

  /** What the editor shows, as the host last told; {@link EditorContext#none()} at first. */
  public EditorContext editorContext() {
    return editor;
  }

  /**
   * Lets the agent's edits to a file with unsaved changes reach the editor's buffer (the disk stays
   * untouched) instead of being refused. Replaces the editor set before.
   */
  public void bufferEditor(EditorContext.BufferEditor editor) {
    this.bufferEditor = requireNonNull(editor, "editor");
  }

  /** The guard for a run starting now, or null when no buffer is dirty. */
  BufferGuard bufferGuard() {
    return BufferGuard.of(agent, editor, bufferEditor);
  }

  /** The editor's part of a run's context: the editor context and the errors open on its file. */
  synchronized ContextProvider editorProvider() {
    List<CompilerDiagnostic> diagnostics = new ArrayList<>();
    diagnosticsByTool.values().forEach(diagnostics::addAll);
    return new EditorContextProvider(agent.workspace, editor, diagnostics);
  }

  /** What the session keeps in mind now. */
  public synchronized WorkingMemory workingMemory() {
    List<String> problems = new ArrayList<>();
    problemsByTool.values().forEach(problems::addAll);
    return new WorkingMemory(currentTask, List.copyOf(filesInFocus), problems, pendingActions);
  }

  /** The messages kept from earlier turns, oldest first. */
  public synchronized List<ChatMessage> history() {
    return List.copyOf(history);
  }

  /** Forgets the earlier turns and the working memory (not the editor context the host set). */
  public synchronized void clear() {
    history.clear();
    filesInFocus.clear();
    problemsByTool.clear();
    diagnosticsByTool.clear();
    pendingActions = List.of();
    currentTask = "";
  }

  private void keep(List<ChatMessage> conversation) {
    history.clear();
    history.addAll(conversation);
    int cut = Math.max(0, history.size() - agent.maxSessionMessages);
    while (cut < history.size() && !(history.get(cut) instanceof UserMessage)) {
      cut++;
    }
    if (cut >= history.size()) {
      cut = Math.max(0, history.size() - agent.maxSessionMessages);
      while (cut > 0 && !(history.get(cut) instanceof UserMessage)) {
        cut--;
      }
    }
    history.subList(0, cut).clear();
  }

  private void remember(AgentResult result, List<String> denials) {
    currentTask = result.task();
    for (AgentStep step : result.steps()) {
      if (step instanceof AgentStep.ToolCall call) {
        pathOf(call.arguments()).ifPresent(path -> {
          filesInFocus.remove(path);
          filesInFocus.add(path);
        });
      } else if (step instanceof AgentStep.ToolOutcome outcome
          && outcome.result().payload() instanceof ProblemReport report) {
        problemsByTool.put(outcome.tool(), List.copyOf(report.problems()));
        diagnosticsByTool.put(outcome.tool(), List.copyOf(report.diagnostics()));
      }
    }
    while (filesInFocus.size() > MAX_FILES_IN_FOCUS) {
      filesInFocus.remove(filesInFocus.iterator().next());
    }
    pendingActions = List.copyOf(denials);
  }

  private static java.util.Optional<String> pathOf(String arguments) {
    try {
      return ToolArguments.parse(arguments).optionalString("path");
    } catch (ToolArgumentException e) {
      return java.util.Optional.empty();
    }
  }

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

  /**
   * What a session keeps in mind between turns: the current task, the files in focus, the compiler and
   * test problems still open, and the actions proposed but not approved. Shown to the model at the start
   * of each turn of an {@link AgentSession}.
   *
   * @param currentTask the latest task, or an empty string before the first turn
   * @param filesInFocus paths the recent tool calls touched, most recent last
   * @param activeErrors problems reported by the latest diagnostics of each tool
   * @param pendingActions calls that were refused and may be approved later
   */
  public record WorkingMemory(String currentTask, List<String> filesInFocus, List<String> activeErrors,
      List<String> pendingActions) {

    public WorkingMemory {
      currentTask = currentTask == null ? "" : currentTask;
      filesInFocus = List.copyOf(filesInFocus);
      activeErrors = List.copyOf(activeErrors);
      pendingActions = List.copyOf(pendingActions);
    }

    /** An empty working memory. */
    public static WorkingMemory empty() {
      return new WorkingMemory("", List.of(), List.of(), List.of());
    }

    /** Whether there is nothing to show. */
    public boolean isEmpty() {
      return currentTask.isEmpty() && filesInFocus.isEmpty() && activeErrors.isEmpty() && pendingActions.isEmpty();
    }

    /** A copy without the active problems. */
    public WorkingMemory withoutErrors() {
      return new WorkingMemory(currentTask, filesInFocus, List.of(), pendingActions);
    }

    /** The working memory as text for the model. */
    public String render() {
      StringBuilder out = new StringBuilder();
      if (!currentTask.isEmpty()) {
        out.append("Current task: ").append(currentTask).append('\n');
      }
      section(out, "Files in focus", filesInFocus);
      section(out, "Active compiler and test problems", activeErrors);
      section(out, "Actions proposed but not approved", pendingActions);
      return out.toString();
    }

    private static void section(StringBuilder out, String title, List<String> items) {
      if (!items.isEmpty()) {
        out.append(title).append(":\n");
        items.forEach(item -> out.append("- ").append(item).append('\n'));
      }
    }
  }
}
