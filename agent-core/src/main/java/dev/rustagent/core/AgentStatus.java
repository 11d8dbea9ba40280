package dev.rustagent.core;

/** How a run ended. */
public enum AgentStatus {
  /** The model gave its final answer and every tool call it asked for was allowed. */
  COMPLETED,
  /** The iteration or tool-call cap was reached before a final answer. */
  MAX_ITERATIONS,
  /** The model answered or gave up, but one or more tool calls were refused by the permission gate. */
  PERMISSION_DENIED,
  /** The run was cancelled. */
  CANCELLED,
  /** The run failed; {@link AgentResult#failure()} says why. */
  FAILED
}
