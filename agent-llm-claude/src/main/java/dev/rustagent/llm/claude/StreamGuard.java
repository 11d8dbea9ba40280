package dev.rustagent.llm.claude;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.rustagent.core.ModelException.Kind;
import dev.rustagent.core.ModelException;
import dev.rustagent.core.internal.CoreJson;
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
    EventData data = EventData.read(event.data());
    if (data == null) {
      fail(new ModelException(Kind.STREAM_INTERRUPTED, "The stream from " + endpoint + " sent a " + name
          + " event (#" + events + ") whose data is not a JSON object: \""
          + ProxyErrors.abbreviate(String.valueOf(event.data()), 120) + "\"; the answer would be incomplete"),
          context);
      return;
    }
    if (name.equals("content_block_start") && "tool_use".equals(data.blockType) && !data.blockInputIsObject) {
      fail(new ModelException(Kind.PROTOCOL, "The stream from " + endpoint + " started a tool_use block whose "
          + "input is not a JSON object"), context);
      return;
    }
    if (name.equals("message_delta") && "model_context_window_exceeded".equals(data.stopReason)) {
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

  /**
   * What the guard needs from an event's data, read in one streaming pass without building a tree
   * (langchain4j parses the data again; every text delta goes through here).
   */
  private static final class EventData {
    String blockType;
    boolean blockInputIsObject;
    String stopReason;

    /** The facts, or null when the data is not one whole JSON object. */
    static EventData read(String text) {
      if (text == null || text.isEmpty()) {
        return null;
      }
      EventData data = new EventData();
      try (JsonParser parser = JSON.createParser(text)) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
          return null;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String field = parser.currentName();
          JsonToken value = parser.nextToken();
          if (value == JsonToken.START_OBJECT && (field.equals("content_block") || field.equals("delta"))) {
            data.readInner(parser, field.equals("content_block"));
          } else {
            parser.skipChildren();
          }
        }
        return data;
      } catch (IOException e) {
        return null;
      }
    }

    private void readInner(JsonParser parser, boolean block) throws IOException {
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (block && field.equals("type") && value == JsonToken.VALUE_STRING) {
          blockType = parser.getText();
        } else if (block && field.equals("input")) {
          blockInputIsObject = value == JsonToken.START_OBJECT;
          parser.skipChildren();
        } else if (!block && field.equals("stop_reason") && value == JsonToken.VALUE_STRING) {
          stopReason = parser.getText();
        } else {
          parser.skipChildren();
        }
      }
    }
  }
}
