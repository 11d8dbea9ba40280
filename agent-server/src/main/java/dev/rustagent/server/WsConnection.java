package dev.rustagent.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rustagent.core.AgentListener.AgentEvent;
import dev.rustagent.core.AgentResult;
import io.javalin.websocket.WsContext;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket client: turns its messages into runs, approval answers and cancellations, and streams
 * its runs back. When it goes away, its pending questions are answered no and its runs are cancelled.
 *
 * <p>Tokens are coalesced: the text of consecutive tokens of one run is buffered and sent as one
 * {@code token} message when it reaches {@link #TOKEN_BATCH_CHARS} characters or the batch delay after its
 * first token ({@code AgentServer.Builder.tokenBatchDelay}), whichever comes first. Every other message (and a token of another run) first
 * sends what is buffered, so nothing overtakes the text streamed before it.
 */
final class WsConnection implements RunChannel {
  private static final Logger log = LoggerFactory.getLogger(WsConnection.class);
  private static final Set<String> QUERY_FIELDS = Set.of("type", "prompt", "session_id", "context", "max_tokens",
      "read_only");
  private static final Set<String> APPROVAL_FIELDS = Set.of("type", "id", "allow", "always");
  private static final Set<String> CANCEL_FIELDS = Set.of("type", "run_id");
  private static final int TOOL_OUTPUT_SHOWN = 4000;
  /** Buffered token text sent at once when it reaches this many characters. */
  static final int TOKEN_BATCH_CHARS = 4096;

  private final WsContext ctx;
  private final RunManager runs;
  private final int maxMessageBytes;
  private final AtomicBoolean open = new AtomicBoolean(true);
  private final ScheduledExecutorService flusher;
  /** Buffered token text goes out at the latest this long after its first token. */
  private final long batchNanos;
  /** The run whose text is buffered (guarded by this). */
  private String bufferedRun;
  private final StringBuilder buffered = new StringBuilder();
  /** Counts the batches sent, so that a timer set for an earlier batch leaves the current one alone. */
  private long batch;
  /** A write failed: the client is gone; {@link #onClose()} runs once the lock is released. */
  private volatile boolean broken;

  WsConnection(WsContext ctx, RunManager runs, int maxMessageBytes, ScheduledExecutorService flusher,
      long batchNanos) {
    this.ctx = ctx;
    this.runs = runs;
    this.maxMessageBytes = maxMessageBytes;
    this.flusher = flusher;
    this.batchNanos = batchNanos;
  }

  /**
   * The socket's limit on one message: a few times the accepted size, so that a message over the
   * accepted size still arrives whole and gets an error while the socket (and its runs) stay; only one
   * over this closes the socket (1009, message too big).
   */
  static int socketLimit(int maxMessageBytes) {
    return (int) Math.min(4L * maxMessageBytes, 32L * 1024 * 1024);
  }

  /** Whether {@code text} takes more than the accepted bytes in UTF-8 (encoded only when it might). */
  private boolean tooLarge(String text) {
    return text.length() > maxMessageBytes
        || ((long) text.length() * 3 > maxMessageBytes && text.getBytes(StandardCharsets.UTF_8).length > maxMessageBytes);
  }

  void onMessage(String text) {
    String type = "unknown";
    try {
      if (tooLarge(text)) {
        throw new ApiException(413, "the message is over the " + maxMessageBytes
            + " bytes accepted; nothing of it was used");
      }
      ObjectNode probe = Json.object(text, Set.of("type", "prompt", "session_id", "context", "max_tokens", "read_only",
          "id", "allow", "always", "run_id"));
      type = Json.requiredText(probe, "type");
      switch (type) {
        case "query" -> query(Json.object(text, QUERY_FIELDS));
        case "approval" -> approval(Json.object(text, APPROVAL_FIELDS));
        case "cancel" -> cancel(Json.object(text, CANCEL_FIELDS));
        case "ping" -> send(Map.of("type", "pong"));
        default -> throw ApiException.badRequest("unknown message type '" + type
            + "'; send query, approval, cancel or ping");
      }
    } catch (ApiException e) {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("type", "error");
      error.put("message", e.getMessage());
      error.put("status", e.status());
      if (e.retryAfterSeconds() != null) {
        error.put("retry_after", e.retryAfterSeconds());
      }
      send(error);
    } catch (RuntimeException e) {
      log.warn("websocket message of type {} failed", type, e);
      send(Map.of("type", "error", "message", "internal error: " + e.getClass().getSimpleName(), "status", 500));
    }
  }

  private void query(ObjectNode node) {
    String prompt = Json.requiredText(node, "prompt");
    String context = Json.optionalText(node, "context");
    runs.submit(new RunManager.RunSpec(ServerRun.Kind.QUERY, Requests.task(prompt, context),
        Json.optionalText(node, "session_id"), Json.optionalBoolean(node, "read_only", false),
        Json.optionalInt(node, "max_tokens", 1, 1_000_000), null, null), this);
  }

  @Override
  public void accepted(ServerRun run) {
    send(Map.of("type", "accepted", "run_id", run.id(), "session_id", run.sessionId()));
  }

  private void approval(ObjectNode node) {
    String id = Json.requiredText(node, "id");
    if (!node.has("allow")) {
      throw ApiException.badRequest("'allow' is required");
    }
    boolean allow = Json.optionalBoolean(node, "allow", false);
    boolean always = Json.optionalBoolean(node, "always", false);
    if (!runs.answer(id, allow, always)) {
      throw ApiException.notFound("unknown approval id '" + id + "' (answered, expired or never asked)");
    }
  }

  private void cancel(ObjectNode node) {
    String runId = Json.requiredText(node, "run_id");
    if (!runs.cancel(runId)) {
      throw ApiException.notFound("unknown run_id '" + runId + "'");
    }
  }

  /** The client went away: refuse its questions and cancel its runs. */
  void onClose() {
    if (open.compareAndSet(true, false)) {
      runs.cancelAll(this);
    }
  }

  @Override
  public boolean canAsk() {
    return open.get();
  }

  @Override
  public void queued(ServerRun run, int position) {
    send(Map.of("type", "queued", "run_id", run.id(), "position", position));
  }

  @Override
  public void started(ServerRun run) {
    send(Map.of("type", "started", "run_id", run.id(), "session_id", run.sessionId()));
  }

  @Override
  public void token(ServerRun run, String text) {
    if (text == null || text.isEmpty() || !open.get()) {
      return;
    }
    long scheduleFor = -1;
    synchronized (this) {
      if (bufferedRun != null && !bufferedRun.equals(run.id())) {
        sendBuffered(true);
      }
      if (buffered.length() == 0) {
        scheduleFor = batch;
      }
      bufferedRun = run.id();
      buffered.append(text);
      if (buffered.length() >= TOKEN_BATCH_CHARS) {
        sendBuffered(false);
      }
    }
    closeIfBroken();
    if (scheduleFor >= 0) {
      long due = scheduleFor;
      try {
        flusher.schedule(() -> flushBatch(due), batchNanos, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        flushBatch(due);
      }
    }
  }

  /** The timer of batch {@code due}: sends it unless it was sent already. */
  private void flushBatch(long due) {
    synchronized (this) {
      if (batch == due) {
        sendBuffered(false);
      }
    }
    closeIfBroken();
  }

  /**
   * Sends the buffered text as one {@code token} message (the caller holds this). Unless {@code all}, a
   * trailing high surrogate stays for the next batch, so that no message splits a character.
   */
  private void sendBuffered(boolean all) {
    int end = buffered.length();
    if (!all && end > 0 && Character.isHighSurrogate(buffered.charAt(end - 1))) {
      end--;
    }
    if (end == 0) {
      return;
    }
    String text = buffered.substring(0, end);
    buffered.delete(0, end);
    batch++;
    String runId = bufferedRun;
    if (buffered.length() == 0) {
      bufferedRun = null;
    } else {
      long due = batch;
      try {
        flusher.schedule(() -> flushBatch(due), batchNanos, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        log.debug("token flush timer stopped; the rest goes with the next message");
      }
    }
    write(Json.write(Map.of("type", "token", "run_id", runId, "text", text)));
  }

  @Override
  public void event(ServerRun run, AgentEvent event) {
    if (event instanceof AgentEvent.ToolRequested requested) {
      send(Map.of("type", "tool_call", "run_id", run.id(), "id", requested.call().id(), "tool",
          requested.call().name(), "arguments", requested.call().arguments() == null ? "" : requested.call().arguments()));
    } else if (event instanceof AgentEvent.ToolFinished finished) {
      String output = finished.outcome().result().text();
      send(Map.of("type", "tool_result", "run_id", run.id(), "id", finished.outcome().callId(), "tool",
          finished.outcome().tool(), "ok", !finished.outcome().result().isError(), "output",
          output.length() <= TOOL_OUTPUT_SHOWN ? output : output.substring(0, TOOL_OUTPUT_SHOWN) + "…",
          "duration_ms", finished.outcome().duration().toMillis()));
    }
  }

  @Override
  public void approvalRequested(ServerRun run, PendingApproval approval) {
    send(Json.MAPPER.convertValue(ApiViews.ApprovalView.of(approval), ObjectNode.class)
        .put("type", "approval_request"));
  }

  @Override
  public void finished(ServerRun run) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("type", "result");
    message.put("run_id", run.id());
    message.put("session_id", run.sessionId());
    AgentResult result = run.result().isCompletedExceptionally() ? null : run.result().join();
    message.put("response", result == null ? "" : result.answer());
    message.put("patterns_used", result == null ? java.util.List.of() : Results.patternsUsed(result));
    message.put("confidence", result == null ? 0.0 : Results.confidence(result));
    message.put("latency_ms", result == null ? 0 : result.totalLatency().toMillis());
    message.put("status", run.state());
    message.put("tokens", run.tokens().view());
    if (run.error() != null) {
      message.put("error", run.error());
    }
    send(message);
  }

  /** Sends {@code message} after the buffered token text, so that it never overtakes it. */
  private void send(Object message) {
    if (!open.get()) {
      return;
    }
    String text = Json.write(message);
    synchronized (this) {
      sendBuffered(true);
      write(text);
    }
    closeIfBroken();
  }

  /** Writes one message (the caller holds this). */
  private void write(String text) {
    if (!open.get() || broken) {
      return;
    }
    try {
      ctx.send(text);
    } catch (RuntimeException e) {
      log.debug("websocket send failed, the client is gone: {}", e.toString());
      broken = true;
    }
  }

  private void closeIfBroken() {
    if (broken) {
      onClose();
    }
  }
}
