package dev.rustagent.core;

/** How a run ended. Only {@link #COMPLETED} is a success. */
public enum AgentStatus {
  /** The model gave its final answer and every tool call it asked for was allowed. */
  COMPLETED,
  /** The iteration or tool-call cap was reached before a final answer. */
  MAX_ITERATIONS,
  /** The model answered or gave up, but one or more tool calls were refused by the permission gate. */
  PERMISSION_DENIED,
  /**
   * The model's answer was cut off at its output limit ({@code max_tokens}); a tool call it was in
   * the middle of was not run. The answer, if any, is partial.
   */
  TRUNCATED,
  /** The model refused to answer (stop reason {@code refusal}, or a content filter). */
  REFUSED,
  /**
   * The model stopped its turn for a reason the agent cannot finish on its own (for example
   * Anthropic's {@code pause_turn}): the answer, if any, is partial.
   */
  INCOMPLETE,
  /** The run's total time budget ran out ({@link Agent.Builder#runTimeout}). */
  TIMED_OUT,
  /** The run was cancelled. */
  CANCELLED,
  /** The run failed; {@link AgentResult#failure()} says why. */
  FAILED
}
