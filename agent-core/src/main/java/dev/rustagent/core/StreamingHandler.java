package dev.rustagent.core;

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
