package dev.rustagent.llm.claude;

import dev.rustagent.core.internal.CoreJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.rustagent.core.ModelException;
import dev.rustagent.core.ModelException.Kind;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits between the SSE parser and langchain4j-anthropic's listener and enforces the Messages stream
 * protocol: an {@code event: error} fails the call with a typed {@link ModelException} and stops the
 * stream; a stream that ends without {@code message_stop} or breaks off fails with
 * {@link Kind#STREAM_INTERRUPTED}; {@code ping} and unknown events are dropped; a {@code message_delta}
 * with stop reason {@code model_context_window_exceeded} fails with {@link Kind#CONTEXT_TOO_LARGE}.
 * Exactly one terminal callback reaches the delegate.
 */
final class StreamGuard implements ServerSentEventListener {
  private static final Logger LOG = LoggerFactory.getLogger(StreamGuard.class);
  private static final ObjectMapper JSON = CoreJson.MAPPER;
  private static final Set<String> FORWARDED = Set.of("message_start", "content_block_start",
      "content_block_delta", "content_block_stop", "message_delta", "message_stop");

  private final ServerSentEventListener delegate;
  private final String endpoint;
  private final AtomicBoolean finished = new AtomicBoolean();
  private volatile boolean sawMessageStop;
  private volatile int events;

  StreamGuard(ServerSentEventListener delegate, String endpoint) {
    this.delegate = delegate;
    this.endpoint = endpoint;
  }

  @Override
  public void onOpen(SuccessfulHttpResponse response) {
    delegate.onOpen(response);
  }

  @Override
  public void onEvent(ServerSentEvent event) {
    onEvent(event, null);
  }

  @Override
  public void onEvent(ServerSentEvent event, ServerSentEventContext context) {
    if (finished.get()) {
      return;
    }
    events++;
    String name = event.event() == null ? "" : event.event();
    if (name.equals("error")) {
      fail(streamError(event.data()), context);
      return;
    }
    if (!FORWARDED.contains(name)) {
      LOG.debug("ignoring SSE event '{}' from {}", name, endpoint);
      return;
    }
    JsonNode data;
    try {
      data = JSON.readTree(event.data() == null ? "" : event.data());
    } catch (IOException e) {
      data = null;
    }
    if (data == null || !data.isObject()) {
      fail(new ModelException(Kind.STREAM_INTERRUPTED, "The stream from " + endpoint + " sent a " + name
          + " event (#" + events + ") whose data is not a JSON object: \""
          + ProxyErrors.abbreviate(String.valueOf(event.data()), 120) + "\"; the answer would be incomplete"),
          context);
      return;
    }
    if (name.equals("content_block_start") && "tool_use".equals(data.path("content_block").path("type").asText())
        && !data.path("content_block").path("input").isObject()) {
      fail(new ModelException(Kind.PROTOCOL, "The stream from " + endpoint + " started a tool_use block whose "
          + "input is not a JSON object"), context);
      return;
    }
    if (name.equals("message_delta") && "model_context_window_exceeded".equals(
        data.path("delta").path("stop_reason").asText())) {
      fail(ProxyHttpClient.contextWindowExceeded(), context);
      return;
    }
    if (name.equals("message_stop")) {
      sawMessageStop = true;
    }
    if (context == null) {
      delegate.onEvent(event);
    } else {
      delegate.onEvent(event, context);
    }
  }

  @Override
  public void onError(Throwable error) {
    ModelException failure;
    if (error instanceof java.net.http.HttpTimeoutException) {
      failure = new ModelException(Kind.TIMEOUT, "The stream from " + endpoint + " stalled after " + events
          + " events (" + error.getMessage() + ")", error);
    } else if (error instanceof IOException) {
      failure = new ModelException(Kind.STREAM_INTERRUPTED, "The stream from " + endpoint + " broke off after "
          + events + " events (" + error + ")", error);
    } else {
      failure = ProxyErrors.fromThrowable(error, endpoint);
    }
    fail(failure, null);
  }

  @Override
  public void onClose() {
    finish();
  }

  /** Called when the body has been read to its end (or failed): completes or fails exactly once. */
  void finish() {
    if (finished.get()) {
      return;
    }
    if (!sawMessageStop) {
      fail(new ModelException(Kind.STREAM_INTERRUPTED, "The stream from " + endpoint + " ended after " + events
          + " events without message_stop: the answer is incomplete"), null);
      return;
    }
    if (finished.compareAndSet(false, true)) {
      delegate.onClose();
    }
  }

  private void fail(ModelException failure, ServerSentEventContext context) {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    if (context != null) {
      context.parsingHandle().cancel();
    }
    delegate.onError(failure);
  }

  private ModelException streamError(String data) {
    String type = "";
    String message = data == null ? "" : data;
    try {
      JsonNode error = JSON.readTree(data == null ? "{}" : data).path("error");
      type = error.path("type").asText("");
      message = error.path("message").asText(message);
    } catch (IOException notJson) {
      // Keep the raw data as the message.
    }
    String detail = "error event " + (type.isEmpty() ? "" : type + ": ") + message;
    Kind kind = switch (type) {
      case "overloaded_error" -> Kind.OVERLOADED;
      case "rate_limit_error" -> Kind.RATE_LIMITED;
      case "api_error" -> Kind.SERVER;
      case "authentication_error", "permission_error" -> Kind.AUTHENTICATION;
      case "invalid_request_error" -> message.toLowerCase(Locale.ROOT).contains("prompt is too long")
          ? Kind.CONTEXT_TOO_LARGE : Kind.INVALID_REQUEST;
      case "request_too_large" -> Kind.CONTEXT_TOO_LARGE;
      default -> Kind.STREAM_INTERRUPTED;
    };
    return new ModelException(kind, "The stream from " + endpoint + " failed mid-way (" + detail + ")");
  }
}
