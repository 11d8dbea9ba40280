package dev.rustagent.core;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import dev.rustagent.core.AgentResult.AgentStatus;
import dev.rustagent.core.AgentResult.CacheAwareTokenUsage;
import dev.rustagent.core.AgentResult.AgentStep;
import dev.rustagent.core.AgentListener.AgentEvent;
import dev.rustagent.core.AgentListener.StreamingHandler;

/**
 * Work that a host drives itself, such as a workflow's checks, tool calls and model questions,
 * reported to an agent's listeners as one run, so recorders (ART trajectories, telemetry) see it like a
 * model-driven run: {@link AgentEvent.RunStarted} with a {@code kind} when it starts, the events of
 * every {@link Agent#callTool host tool call} made on this thread meanwhile under its run id, and
 * {@link AgentEvent.RunFinished} when it {@linkplain #finish finishes}. Runs started on this thread
 * meanwhile (a model question through another agent) name it as their parent.
 *
 * <pre>{@code
 * try (HostRun run = HostRun.start(agent, "make cargo check clean", "workflow:debug")) {
 *   ToolCallResult check = agent.callTool("cargo", Map.of("subcommand", "check"), cancellation);
 *   ...
 *   run.finish(AgentStatus.COMPLETED, "cargo check is clean");
 * }
 * }</pre>
 *
 * <p>Confined to the thread that started it; {@link #close()} without {@link #finish} ends it as FAILED.
 */
public final class HostRun implements AutoCloseable {
  static final ThreadLocal<HostRun> ACTIVE = new ThreadLocal<>();

  final Agent agent;
  private final String runId = UUID.randomUUID().toString();
  private final String task;
  private final EventBus events;
  private final long started = System.nanoTime();
  private final HostRun outerHost;
  private final String outerRun;
  private final List<AgentStep> steps = new ArrayList<>();
  private boolean finished;

  private HostRun(Agent agent, String task, String kind) {
    this.agent = agent;
    this.task = task;
    this.events = new EventBus(agent.listeners, StreamingHandler.NONE);
    this.outerHost = ACTIVE.get();
    this.outerRun = AgentRun.CURRENT.get();
    String parent = agent.parentRunId != null ? agent.parentRunId : outerRun;
    events.publish(new AgentEvent.RunStarted(runId, agent.clock.instant(), task, null, parent, kind));
    ACTIVE.set(this);
    AgentRun.CURRENT.set(runId);
  }

  /**
   * Starts reporting host-driven work to {@code agent}'s listeners.
   *
   * @param task what the work is for, in words (the trajectory's objective)
   * @param kind what sort of run it is, such as {@code workflow:debug}
   * @throws IllegalArgumentException when {@code task} or {@code kind} is blank
   */
  public static HostRun start(Agent agent, String task, String kind) {
    requireNonNull(agent, "agent");
    requireNonNull(task, "task");
    requireNonNull(kind, "kind");
    if (task.isBlank() || kind.isBlank()) {
      throw new IllegalArgumentException("a host run needs a task and a kind");
    }
    return new HostRun(agent, task, kind);
  }

  /** The run id its events carry. */
  public String runId() {
    return runId;
  }

  /** Keeps a host call's steps for the run's result. */
  void record(List<AgentStep> callSteps) {
    steps.addAll(callSteps);
  }

  /**
   * Ends the run: publishes {@link AgentEvent.RunFinished} with a result of {@code status} and
   * {@code answer} (the host's summary) and the steps of the host calls made in it. Later calls do nothing.
   */
  public void finish(AgentStatus status, String answer) {
    requireNonNull(status, "status");
    requireNonNull(answer, "answer");
    if (finished) {
      return;
    }
    finished = true;
    restore();
    AgentResult result = new AgentResult(runId, task, answer, status,
        status == AgentStatus.FAILED ? new IllegalStateException(answer) : null, steps, CacheAwareTokenUsage.zero(),
        List.of(), Duration.ofNanos(System.nanoTime() - started), 0);
    events.publish(new AgentEvent.RunFinished(runId, agent.clock.instant(), result));
  }

  private void restore() {
    if (outerHost == null) {
      ACTIVE.remove();
    } else {
      ACTIVE.set(outerHost);
    }
    if (outerRun == null) {
      AgentRun.CURRENT.remove();
    } else {
      AgentRun.CURRENT.set(outerRun);
    }
  }

  /** Ends the run as FAILED when {@link #finish} was not called. */
  @Override
  public void close() {
    finish(AgentStatus.FAILED, "ended without an outcome");
  }
}
