package dev.rustagent.core;

import org.jspecify.annotations.Nullable;
import static java.util.Objects.requireNonNull;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.time.Duration;
import java.time.Instant;
import dev.rustagent.core.AgentResult.AgentStep;
import dev.rustagent.core.AgentListener.AgentEvent;

/**
 * Observes runs. Every method does nothing by default, so a listener overrides only what it needs.
 * Methods are called on the run's thread (tool events of parallel calls from the tool threads), in
 * the order things happen. A listener that throws is logged and never breaks the run.
 */
public interface AgentListener {

  /** A run began. */
  default void onRunStarted(AgentEvent.RunStarted event) {}

  /** The model is about to be called. */
  default void onModelRequested(AgentEvent.ModelRequested event) {}

  /** The model answered. */
  default void onModelResponded(AgentEvent.ModelResponded event) {}

  /** A model call failed and will be retried. */
  default void onModelRetried(AgentEvent.ModelRetried event) {}

  /** Older turns were summarised to fit the context budget. */
  default void onContextCompacted(AgentEvent.ContextCompacted event) {}

  /** The model asked for a tool call. */
  default void onToolRequested(AgentEvent.ToolRequested event) {}

  /** The permission gate decided about a call. */
  default void onPermissionDecided(AgentEvent.PermissionDecided event) {}

  /** A tool call finished. */
  default void onToolFinished(AgentEvent.ToolFinished event) {}

  /** The run ended, however it ended. */
  default void onRunFinished(AgentEvent.RunFinished event) {}

  /** Called for every event before the specific method; handy for logging everything. */
  default void onEvent(AgentEvent event) {}

  /** Everything a run reports to its {@link AgentListener}s, each stamped with the run id and time. */
  public sealed interface AgentEvent {

    /** The run this event belongs to. */
    String runId();

    /** When it happened, by the agent's clock. */
    Instant at();

    /**
     * A run began. {@code sessionId} is null for runs outside a session; {@code parentRunId} is the run
     * this one works for (a helper agent spawned during that run, or an agent run from inside it), else
     * null. {@code kind} says what sort of run it is when its starter knows better than the task text
     * (a workflow a host drives through {@link HostRun}: {@code workflow:NAME}), else null.
     */
    record RunStarted(String runId, Instant at, String task, String sessionId, String parentRunId, String kind)
        implements AgentEvent {
      public RunStarted {
        requireNonNull(task, "task");
      }

      /** A run of no particular kind (a task the model works on). */
      public RunStarted(String runId, Instant at, String task, String sessionId, String parentRunId) {
        this(runId, at, task, sessionId, parentRunId, null);
      }
    }

    /**
     * The model is about to be called with this request (messages and tool specifications); published
     * once per attempt, so a retried call is requested again. {@code model} is the model's name (the
     * request's, else the chat model's default; null when neither says) and {@code provider} the chat
     * model's provider in lower case without separators ("anthropic", "openai", "other").
     */
    record ModelRequested(String runId, Instant at, int iteration, ChatRequest request, @Nullable String model,
        String provider)
        implements AgentEvent {}

    /** The model answered. Token usage is in {@code response.tokenUsage()}. */
    record ModelResponded(String runId, Instant at, int iteration, ChatResponse response, Duration latency)
        implements AgentEvent {}

    /** A model call failed and will be tried again after {@code delay}. */
    record ModelRetried(String runId, Instant at, int attempt, ModelException error, Duration delay)
        implements AgentEvent {}

    /** The conversation grew past the context budget (or the model said so) and older turns were summarised. */
    record ContextCompacted(String runId, Instant at, int messagesBefore, int messagesAfter) implements AgentEvent {}

    /** The model asked for a tool call. */
    record ToolRequested(String runId, Instant at, ToolExecutionRequest call) implements AgentEvent {}

    /** The permission gate decided about a call. */
    record PermissionDecided(String runId, Instant at, AgentStep.PermissionDecision decision) implements AgentEvent {}

    /** A call finished, successfully or not. */
    record ToolFinished(String runId, Instant at, AgentStep.ToolOutcome outcome) implements AgentEvent {}

    /** The run ended; {@code result.status()} says how (FAILED included). */
    record RunFinished(String runId, Instant at, AgentResult result) implements AgentEvent {}
  }

  /**
   * Receives a run as it happens: the model's text as it is generated and every {@link AgentEvent}.
   * Both methods do nothing by default.
   */
  public interface StreamingHandler {

    /** A handler that ignores everything. */
    StreamingHandler NONE = new StreamingHandler() {};

    /** A piece of the model's text. With a non-streaming model, a turn's whole text arrives at once. */
    default void onToken(String token) {}

    /** An event of the run. */
    default void onEvent(AgentEvent event) {}
  }
}
