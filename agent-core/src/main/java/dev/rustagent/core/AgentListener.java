package dev.rustagent.core;

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
}
