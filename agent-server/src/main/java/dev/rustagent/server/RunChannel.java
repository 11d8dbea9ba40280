package dev.rustagent.server;

import dev.rustagent.core.AgentListener.AgentEvent;

/**
 * Where a run reports as it goes and where its approval questions are shown: a WebSocket connection,
 * or the REST approvals list for runs started over plain HTTP. Callbacks do nothing by default.
 */
interface RunChannel {

  /** A channel whose questions are answered under {@code /api/v1/approvals}. */
  RunChannel REST = new RunChannel() {};

  /** Whether someone is there to answer an approval question; when not, ASK means no. */
  default boolean canAsk() {
    return true;
  }

  /** The run was accepted (it has an id); nothing of it was reported before. */
  default void accepted(ServerRun run) {}

  /** The run waits for the workspace; {@code position} runs are ahead of it. */
  default void queued(ServerRun run, int position) {}

  /** The run began. */
  default void started(ServerRun run) {}

  /** A piece of the model's text. */
  default void token(ServerRun run, String text) {}

  /** An event of the run (tool calls and their results are shown). */
  default void event(ServerRun run, AgentEvent event) {}

  /** A question waits for an answer. */
  default void approvalRequested(ServerRun run, PendingApproval approval) {}

  /** The run ended; its result is set. */
  default void finished(ServerRun run) {}
}
