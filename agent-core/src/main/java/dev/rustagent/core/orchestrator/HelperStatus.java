package dev.rustagent.core.orchestrator;

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
