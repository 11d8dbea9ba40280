package dev.rustagent.core;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.rustagent.tools.CancellationToken;
import dev.rustagent.tools.CompilerDiagnostic;
import dev.rustagent.tools.ProblemReport;
import dev.rustagent.tools.ToolArgumentException;
import dev.rustagent.tools.ToolArguments;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

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
}
