package dev.rustagent.core;

import java.util.List;

/**
 * The one extension point through which a module attaches to an agent: memory recall and recording
 * (agent-memory's {@code MemoryPlugin}), trajectory tracking and success patterns (agent-art),
 * telemetry (agent-otel). A plugin contributes {@link ContextProvider}s, whose text goes into each
 * run's context, and {@link AgentListener}s, which see every event of every run.
 *
 * <p>Add one with {@link Agent.Builder#plugin(AgentPlugin)}. Every method has a default that
 * contributes nothing, so a plugin overrides only what it needs. The lists are read once, when the
 * agent is built; the returned providers and listeners must be thread-safe, as runs may overlap.
 */
public interface AgentPlugin {

  /** A short name for logs, such as {@code memory} or {@code otel}. */
  default String name() {
    return getClass().getSimpleName();
  }

  /** Sources of context for each run, in the order their text should appear. */
  default List<ContextProvider> contextProviders() {
    return List.of();
  }

  /** Listeners for the agent's events. */
  default List<AgentListener> listeners() {
    return List.of();
  }
}
