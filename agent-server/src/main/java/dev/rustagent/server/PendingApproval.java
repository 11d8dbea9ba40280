package dev.rustagent.server;

import dev.rustagent.tools.Tool.Action;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** A tool call waiting for a client's yes or no. */
record PendingApproval(String id, String runId, String sessionId, String tool, Set<Action> actions,
    String description, Instant createdAt, CompletableFuture<Answer> answer) {

  /** A client's answer; {@code always} approves the tool for the rest of the conversation. */
  record Answer(boolean allow, boolean always) {}
}
