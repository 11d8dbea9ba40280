package dev.rustagent.core.orchestrator;

import static java.util.Objects.requireNonNull;

import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentResult;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.ToolContext.CancellationToken;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A spawned helper agent: its id, status, result and a way to cancel it. Thread-safe.
 */
public final class HelperHandle {
  private final String id;
  private final HelperSpec spec;
  final Agent agent;
  final CancellationToken cancellation = CancellationToken.create();
  private final AtomicReference<HelperStatus> status = new AtomicReference<>(HelperStatus.QUEUED);
  private final CompletableFuture<HelperResult> result = new CompletableFuture<>();
  private final ProgressListener progress;
  volatile Future<?> task;

  HelperHandle(String id, HelperSpec spec, Agent agent, ProgressListener progress) {
    this.id = id;
    this.spec = spec;
    this.agent = agent;
    this.progress = progress;
  }

  /** The helper's id, unique in its network. */
  public String id() {
    return id;
  }

  /** What it was asked to do. */
  public HelperSpec spec() {
    return spec;
  }

  /** Its status now. */
  public HelperStatus status() {
    return status.get();
  }

  /** How far its run has got: model calls, tool calls and the tool it called last. */
  public Progress progress() {
    return progress.now();
  }

  /** Completes with the helper's result; never completes exceptionally. */
  public CompletableFuture<HelperResult> result() {
    return result.copy();
  }

  /** Cancels the helper; a queued one never starts, a running one stops at its next step. */
  public void cancel() {
    finish(new HelperResult(id, HelperStatus.CANCELLED, "", "cancelled by the parent", null), true);
  }

  boolean start() {
    return status.compareAndSet(HelperStatus.QUEUED, HelperStatus.RUNNING);
  }

  /** Records the end once; later calls are ignored. With {@code stopRun}, interrupts the running helper. */
  boolean finish(HelperResult r, boolean stopRun) {
    HelperStatus current;
    do {
      current = status.get();
      if (current.isDone()) {
        return false;
      }
    } while (!status.compareAndSet(current, r.status()));
    cancellation.cancel();
    Future<?> running = task;
    if (stopRun && running != null) {
      running.cancel(true);
    }
    result.complete(r);
    return true;
  }

  @Override
  public String toString() {
    return "helper " + id + " (" + status() + "): " + spec.task();
  }

  /**
   * How far a helper's run has got.
   *
   * @param modelCalls the model calls made so far
   * @param toolCalls the tool calls finished so far
   * @param lastTool the tool the model asked for last, or null before the first
   */
  public record Progress(int modelCalls, int toolCalls, @Nullable String lastTool) {
    /** A short line for a status display, such as {@code 3 steps, 2 tools, last cargo}. */
    public String describe() {
      return modelCalls + (modelCalls == 1 ? " step" : " steps") + ", " + toolCalls
          + (toolCalls == 1 ? " tool" : " tools") + (lastTool == null ? "" : ", last " + lastTool);
    }
  }

  /** Counts a helper's model and tool calls from its agent's events. */
  static final class ProgressListener implements dev.rustagent.core.AgentListener {
    private volatile Progress now = new Progress(0, 0, null);

    Progress now() {
      return now;
    }

    @Override
    public synchronized void onModelRequested(AgentEvent.ModelRequested event) {
      now = new Progress(now.modelCalls() + 1, now.toolCalls(), now.lastTool());
    }

    @Override
    public synchronized void onToolRequested(AgentEvent.ToolRequested event) {
      now = new Progress(now.modelCalls(), now.toolCalls(), event.call().name());
    }

    @Override
    public synchronized void onToolFinished(AgentEvent.ToolFinished event) {
      now = new Progress(now.modelCalls(), now.toolCalls() + 1, now.lastTool());
    }
  }

  /**
   * What a helper agent is asked to do and with what.
   *
   * @param task the helper's task
   * @param context extra text for the helper's context (may be empty)
   * @param tools the names of the parent's tools the helper may use; empty means all of them
   * @param deniedActions actions refused to the helper on top of the parent's policy (it can only get
   *     narrower, never wider)
   */
  public record HelperSpec(String task, String context, Set<String> tools, Set<Action> deniedActions) {
    public HelperSpec {
      requireNonNull(task, "task");
      if (task.isBlank()) {
        throw new IllegalArgumentException("a helper's task must not be blank");
      }
      requireNonNull(context, "context");
      tools = Set.copyOf(tools);
      deniedActions = Set.copyOf(deniedActions);
      if (deniedActions.contains(Action.READ)) {
        throw new IllegalArgumentException("a helper cannot work without READ");
      }
    }

    /** A helper for a task with all the parent's tools and its permissions. */
    public static HelperSpec of(String task) {
      return new HelperSpec(task, "", Set.of(), Set.of());
    }

    /** This spec with extra context. */
    public HelperSpec withContext(String text) {
      return new HelperSpec(task, text, tools, deniedActions);
    }

    /** This spec limited to these tools of the parent's. */
    public HelperSpec withTools(Set<String> names) {
      return new HelperSpec(task, context, names, deniedActions);
    }

    /** This spec with these actions refused. */
    public HelperSpec denying(Set<Action> actions) {
      return new HelperSpec(task, context, tools, actions);
    }
  }

  /**
   * What a helper gave its parent.
   *
   * @param helperId the helper's id
   * @param status how it ended (COMPLETED, FAILED or CANCELLED)
   * @param answer the helper's final answer, or empty
   * @param reason why it failed or was cancelled, or empty when it completed
   * @param run the helper's agent result, or {@code null} when it never ran or was stopped by a timeout
   */
  public record HelperResult(String helperId, HelperStatus status, String answer, String reason, @Nullable AgentResult run) {
    public HelperResult {
      requireNonNull(helperId, "helperId");
      requireNonNull(status, "status");
      requireNonNull(answer, "answer");
      requireNonNull(reason, "reason");
    }

    /** The helper's agent result, when it ran to an end. */
    public Optional<AgentResult> agentResult() {
      return Optional.ofNullable(run);
    }
  }

  /** Where a helper agent is in its life. */
  public enum HelperStatus {
    /** Waiting for a free slot (the network runs at most its max concurrency at once). */
    QUEUED,
    /** Running. */
    RUNNING,
    /** Finished with an answer. */
    COMPLETED,
    /** Failed, timed out, or ended without an answer; the result says why. */
    FAILED,
    /** Cancelled by the parent. */
    CANCELLED;

    /** Whether the helper has ended. */
    public boolean isDone() {
      return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
  }
}
