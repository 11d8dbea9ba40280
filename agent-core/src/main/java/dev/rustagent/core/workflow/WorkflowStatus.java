package dev.rustagent.core.workflow;

/** How a workflow ended. */
public enum WorkflowStatus {
  /** The goal was reached (for debugging: {@code cargo check} is clean). */
  SUCCEEDED,
  /** The round cap was reached with problems left. */
  UNRESOLVED,
  /** A step it needed was refused by the permission gate. */
  PERMISSION_DENIED,
  /** It was cancelled. */
  CANCELLED,
  /** It could not go on: a tool is missing, the model failed, a check could not run. */
  FAILED
}
