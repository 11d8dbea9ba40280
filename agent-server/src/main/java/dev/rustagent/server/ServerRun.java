package dev.rustagent.server;

import dev.rustagent.core.AgentResult;
import dev.rustagent.tools.ToolContext.CancellationToken;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/** One run the server accepted: a query or a helper agent. Thread-safe. */
final class ServerRun {

  /** What started the run. */
  enum Kind {
    QUERY, HELPER
  }

  private final String id;
  private final Kind kind;
  private final String sessionId;
  private final String task;
  private final boolean readOnly;
  private final Integer maxTokens;
  private final Instant createdAt;
  private final RunChannel channel;
  private final TokenTally tokens;
  private final CancellationToken cancellation = CancellationToken.create();
  private final CompletableFuture<AgentResult> result = new CompletableFuture<>();
  private final CompletableFuture<Void> ended = new CompletableFuture<>();
  private volatile String state = "queued";
  private volatile int queuePosition;
  private volatile String error;
  private volatile long startedNanos;
  private volatile String agentRunId;

  ServerRun(String id, Kind kind, String sessionId, String task, boolean readOnly, Integer maxTokens,
      Instant createdAt, RunChannel channel, TokenTally tokens) {
    this.id = id;
    this.kind = kind;
    this.sessionId = sessionId;
    this.task = task;
    this.readOnly = readOnly;
    this.maxTokens = maxTokens;
    this.createdAt = createdAt;
    this.channel = channel;
    this.tokens = tokens;
  }

  String id() {
    return id;
  }

  Kind kind() {
    return kind;
  }

  String sessionId() {
    return sessionId;
  }

  String task() {
    return task;
  }

  boolean readOnly() {
    return readOnly;
  }

  Integer maxTokens() {
    return maxTokens;
  }

  Instant createdAt() {
    return createdAt;
  }

  RunChannel channel() {
    return channel;
  }

  /** The tokens and estimated cost of this run's model calls. */
  TokenTally tokens() {
    return tokens;
  }

  CancellationToken cancellation() {
    return cancellation;
  }

  CompletableFuture<AgentResult> result() {
    return result;
  }

  /** queued, running, or how it ended: completed, max_iterations, permission_denied, cancelled, failed. */
  String state() {
    return state;
  }

  int queuePosition() {
    return queuePosition;
  }

  String error() {
    return error;
  }

  /** The metrics' name for this run's kind of query. */
  String queryType() {
    return kind == Kind.HELPER ? "helper" : readOnly ? "read_only_query" : "query";
  }

  /** Completes once the run has ended and its client was told. */
  CompletableFuture<Void> ended() {
    return ended;
  }

  boolean isDone() {
    return result.isDone();
  }

  void queuedAt(int position) {
    this.queuePosition = position;
  }

  void started() {
    this.queuePosition = 0;
    this.startedNanos = System.nanoTime();
    this.state = "running";
  }

  /** The agent's id for this run (its trajectory's id), once the agent started it; else null. */
  String agentRunId() {
    return agentRunId;
  }

  void agentRunId(String id) {
    if (agentRunId == null) {
      agentRunId = id;
    }
  }

  long startedNanos() {
    return startedNanos;
  }

  void finish(AgentResult agentResult) {
    this.state = agentResult.status().name().toLowerCase(Locale.ROOT);
    agentResult.failureCause().ifPresent(f -> this.error = String.valueOf(f.getMessage()));
    result.complete(agentResult);
  }

  /** Ends a run that never reached the agent (cancelled while queued, or the agent could not be built). */
  void abort(String endState, String message) {
    this.state = endState;
    this.error = message;
    result.completeExceptionally(new IllegalStateException(message));
  }
}
