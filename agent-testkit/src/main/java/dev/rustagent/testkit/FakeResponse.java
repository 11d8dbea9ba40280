package dev.rustagent.testkit;

import org.jspecify.annotations.Nullable;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link FakeAnthropicServer} answers to one {@code POST /v1/messages}: a model message (sent as
 * JSON or as an SSE stream, whichever the request asked for), an API error with its status code, a
 * broken stream, or any of these after a delay.
 *
 * <p>Build them with the static factories: {@link #text(String)}, {@link #toolUse(String, String,
 * String)}, {@link #message()}, {@link #rateLimited(Duration)}, {@link #overloaded()},
 * {@link #serverError()}, {@link #error(int, String, String)}, {@link #droppedMidStream(Message, int)},
 * {@link #errorMidStream(Message, int, String, String)}, {@link #withoutMessageStop(Message)},
 * {@link #delayed(Duration, FakeResponse)}.
 */
public sealed interface FakeResponse permits FakeResponse.Message, FakeResponse.ApiError,
    FakeResponse.StreamFault, FakeResponse.Delayed, FakeResponse.RawBody {

  /** A message with one text block that ends the turn. */
  static Message text(String text) {
    return message().text(text).build();
  }

  /** A message with one {@code tool_use} block; {@code inputJson} is the JSON object of arguments. */
  static Message toolUse(String id, String name, String inputJson) {
    return message().toolUse(id, name, inputJson).build();
  }

  /** A builder for a message with several blocks, a stop reason and usage. */
  static MessageBuilder message() {
    return new MessageBuilder();
  }

  /** HTTP 429 {@code rate_limit_error} with a {@code retry-after} header in whole seconds. */
  static ApiError rateLimited(Duration retryAfter) {
    requireNonNull(retryAfter, "retryAfter");
    return new ApiError(429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit",
        Map.of("retry-after", Long.toString(Math.max(0, retryAfter.toSeconds()))), Map.of());
  }

  /**
   * HTTP 429 as older CLIProxyAPI releases send it when every credential for the model is cooling
   * down: {@code error.code = "model_cooldown"} with {@code reset_seconds} in the body and a
   * {@code Retry-After} header.
   */
  static ApiError modelCooldown(String model, long resetSeconds) {
    requireNonNull(model, "model");
    return new ApiError(429, "model_cooldown",
        "All credentials for model " + model + " are cooling down via provider claude",
        Map.of("retry-after", Long.toString(Math.max(0, resetSeconds))),
        Map.of("code", "model_cooldown", "model", model, "reset_seconds", resetSeconds));
  }

  /**
   * HTTP 429 as newer CLIProxyAPI releases send a cool-down: a plain {@code rate_limit_error} with a
   * {@code Retry-After} header and nothing proxy-specific in the body.
   */
  static ApiError cooldownRateLimit(Duration retryAfter) {
    requireNonNull(retryAfter, "retryAfter");
    return new ApiError(429, "rate_limit_error", "This request would exceed your account's rate limit. "
        + "Please try again later.", Map.of("retry-after", Long.toString(Math.max(0, retryAfter.toSeconds()))),
        Map.of());
  }

  /**
   * A 200 (or any status) answer with exactly this body and content type, for protocol faults: an
   * HTML page from a captive portal, a message whose tool input is not an object.
   */
  static RawBody rawBody(int status, String contentType, String body) {
    return new RawBody(status, contentType, body);
  }

  /**
   * A stream that sends the first {@code afterEvents} events of {@code message}, then an event whose
   * data is not JSON, then the rest: a client that skips the bad event silently loses text.
   */
  static StreamFault malformedEventMidStream(Message message, int afterEvents) {
    return new StreamFault(message, StreamFault.Kind.MALFORMED_EVENT, afterEvents, null, null);
  }

  /** HTTP 529 {@code overloaded_error}. */
  static ApiError overloaded() {
    return new ApiError(529, "overloaded_error", "Overloaded", Map.of(), Map.of());
  }

  /** HTTP 500 {@code api_error}. */
  static ApiError serverError() {
    return new ApiError(500, "api_error", "Internal server error", Map.of(), Map.of());
  }

  /** HTTP 400 {@code invalid_request_error} saying the prompt does not fit the context window. */
  static ApiError promptTooLong() {
    return new ApiError(400, "invalid_request_error", "prompt is too long: 212345 tokens > 200000 maximum",
        Map.of(), Map.of());
  }

  /** Any Anthropic error body {@code {"type":"error","error":{"type":..,"message":..}}} with a status. */
  static ApiError error(int status, String type, String message) {
    return new ApiError(status, type, message, Map.of(), Map.of());
  }

  /**
   * A stream that sends the first {@code afterEvents} SSE events of {@code message} and then drops the
   * connection without finishing the response. A non-streaming request gets a truncated JSON body.
   */
  static StreamFault droppedMidStream(Message message, int afterEvents) {
    return new StreamFault(message, StreamFault.Kind.DROP_CONNECTION, afterEvents, null, null);
  }

  /** A stream that sends the first {@code afterEvents} events, then {@code event: error}, then ends. */
  static StreamFault errorMidStream(Message message, int afterEvents, String errorType, String errorMessage) {
    requireNonNull(errorType, "errorType");
    requireNonNull(errorMessage, "errorMessage");
    return new StreamFault(message, StreamFault.Kind.ERROR_EVENT, afterEvents, errorType, errorMessage);
  }

  /** A stream that sends every event of {@code message} except the final {@code message_stop}. */
  static StreamFault withoutMessageStop(Message message) {
    return new StreamFault(message, StreamFault.Kind.NO_MESSAGE_STOP, Integer.MAX_VALUE, null, null);
  }

  /**
   * A stream that sends the first {@code afterEvents} events and then goes silent, keeping the
   * connection open until the client gives up or the server closes.
   */
  static StreamFault stalledMidStream(Message message, int afterEvents) {
    return new StreamFault(message, StreamFault.Kind.STALL, afterEvents, null, null);
  }

  /** {@code response}, after waiting {@code delay} before sending anything. */
  static Delayed delayed(Duration delay, FakeResponse response) {
    return new Delayed(delay, response);
  }

  /** A block of a message's content. */
  sealed interface Block permits TextBlock, ToolUseBlock, ThinkingBlock {}

  /** A {@code thinking} block with its {@code signature} (extended thinking). */
  record ThinkingBlock(String thinking, String signature) implements Block {
    /** Validates the block. */
    public ThinkingBlock {
      requireNonNull(thinking, "thinking");
      requireNonNull(signature, "signature");
    }
  }

  /** A body sent exactly as given. */
  record RawBody(int status, String contentType, String body) implements FakeResponse {
    /** Validates the answer. */
    public RawBody {
      if (status < 200 || status > 599) {
        throw new IllegalArgumentException("an HTTP status is between 200 and 599: " + status);
      }
      requireNonNull(contentType, "contentType");
      requireNonNull(body, "body");
    }
  }

  /** A {@code text} block. */
  record TextBlock(String text) implements Block {
    /** Validates the text. */
    public TextBlock {
      requireNonNull(text, "text");
    }
  }

  /** A {@code tool_use} block; {@code inputJson} is a JSON object. */
  record ToolUseBlock(String id, String name, String inputJson) implements Block {
    /** Validates the block. */
    public ToolUseBlock {
      requireNonNull(id, "id");
      requireNonNull(name, "name");
      requireNonNull(inputJson, "inputJson");
    }
  }

  /**
   * A successful model message.
   *
   * @param model the model to report, or {@code null} for the model the request named
   * @param inputTokens the input tokens to report (with no cache counts), or -1 to count the request
   *     and model the prompt cache
   * @param chunkSize how many characters (code points, never half a surrogate pair) each
   *     {@code text_delta} / {@code input_json_delta} / {@code thinking_delta} carries when streamed
   * @param stopSequence the stop sequence that ended the message, or {@code null}
   */
  record Message(List<Block> content, String stopReason, @Nullable String model, int inputTokens, int outputTokens,
      int chunkSize, boolean pings, @Nullable String stopSequence) implements FakeResponse {
    /** Validates the message and copies its blocks. */
    public Message {
      content = List.copyOf(content);
      requireNonNull(stopReason, "stopReason");
      if (chunkSize < 1) {
        throw new IllegalArgumentException("chunk size must be positive: " + chunkSize);
      }
    }
  }

  /**
   * An HTTP error with the Anthropic error body, extra headers and extra fields inside {@code error}.
   *
   * @param refuseEarlyRetry when true and the error has a {@code retry-after} header, the server
   *     answers every {@code /v1/messages} request that comes before that delay has passed with another
   *     429, as a real rate limiter does
   */
  record ApiError(int status, String type, String message, Map<String, String> headers,
      Map<String, Object> extraErrorFields, boolean refuseEarlyRetry) implements FakeResponse {
    /** Validates the error. */
    public ApiError {
      if (status < 400 || status > 599) {
        throw new IllegalArgumentException("an error status is 4xx or 5xx: " + status);
      }
      requireNonNull(type, "type");
      requireNonNull(message, "message");
      headers = Map.copyOf(headers);
      extraErrorFields = new LinkedHashMap<>(extraErrorFields);
    }

    /** An error that does not police retries. */
    public ApiError(int status, String type, String message, Map<String, String> headers,
        Map<String, Object> extraErrorFields) {
      this(status, type, message, headers, extraErrorFields, false);
    }

    /** This error with one more response header. */
    public ApiError withHeader(String name, String value) {
      Map<String, String> more = new LinkedHashMap<>(headers);
      more.put(requireNonNull(name, "name"), requireNonNull(value, "value"));
      return new ApiError(status, type, message, more, extraErrorFields, refuseEarlyRetry);
    }

    /** This error, after which a retry sooner than its {@code retry-after} gets another 429. */
    public ApiError refusingEarlyRetry() {
      if (headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("retry-after"))) {
        throw new IllegalStateException("only an error with a retry-after header can refuse an early retry");
      }
      return new ApiError(status, type, message, headers, extraErrorFields, true);
    }
  }

  /** A message whose stream breaks in the way {@link Kind} says. */
  record StreamFault(Message message, Kind kind, int afterEvents, String errorType, String errorMessage)
      implements FakeResponse {
    /** Validates the fault. */
    public StreamFault {
      requireNonNull(message, "message");
      requireNonNull(kind, "kind");
      if (afterEvents < 0) {
        throw new IllegalArgumentException("afterEvents must not be negative: " + afterEvents);
      }
    }

    /** How the stream breaks. */
    public enum Kind {
      /** The connection closes before the response is complete. */
      DROP_CONNECTION,
      /** An {@code event: error} arrives and the stream ends. */
      ERROR_EVENT,
      /** Everything but {@code message_stop} arrives and the stream ends cleanly. */
      NO_MESSAGE_STOP,
      /** Some events arrive, then nothing more while the connection stays open. */
      STALL,
      /** Some events arrive, then one whose data is not JSON, then the rest. */
      MALFORMED_EVENT
    }
  }

  /** A response sent after a delay. */
  record Delayed(Duration delay, FakeResponse response) implements FakeResponse {
    /** Validates the delay. */
    public Delayed {
      requireNonNull(delay, "delay");
      requireNonNull(response, "response");
      if (delay.isNegative()) {
        throw new IllegalArgumentException("delay must not be negative: " + delay);
      }
    }
  }

  /** Builds a {@link Message}. Not thread-safe. */
  final class MessageBuilder {
    private final List<Block> content = new ArrayList<>();
    private String stopReason;
    private String stopSequence;
    private String model;
    private int inputTokens = -1;
    private int outputTokens = -1;
    private int chunkSize = 8;
    private boolean pings = true;

    private MessageBuilder() {}

    /** Adds a text block. */
    public MessageBuilder text(String text) {
      content.add(new TextBlock(text));
      return this;
    }

    /** Adds a thinking block with its signature (sent before the text, as the API does). */
    public MessageBuilder thinking(String thinking, String signature) {
      content.add(new ThinkingBlock(thinking, signature));
      return this;
    }

    /** Ends the message at {@code sequence}: stop reason {@code stop_sequence}, {@code stop_sequence} set. */
    public MessageBuilder stopSequence(String sequence) {
      this.stopSequence = requireNonNull(sequence, "sequence");
      this.stopReason = "stop_sequence";
      return this;
    }

    /** Adds a tool_use block. */
    public MessageBuilder toolUse(String id, String name, String inputJson) {
      content.add(new ToolUseBlock(id, name, inputJson));
      return this;
    }

    /**
     * The stop reason ({@code end_turn}, {@code tool_use}, {@code max_tokens}, {@code refusal},
     * {@code model_context_window_exceeded}, ...). Defaults to {@code tool_use} when the message has a
     * tool_use block, else {@code end_turn}.
     */
    public MessageBuilder stopReason(String stopReason) {
      this.stopReason = requireNonNull(stopReason, "stopReason");
      return this;
    }

    /** The model id reported in the message (default: the model the request named). */
    public MessageBuilder model(String model) {
      this.model = requireNonNull(model, "model");
      return this;
    }

    /** The usage to report; by default input is estimated from the request and output from the content. */
    public MessageBuilder usage(int inputTokens, int outputTokens) {
      if (inputTokens < 0 || outputTokens < 0) {
        throw new IllegalArgumentException("token counts must not be negative");
      }
      this.inputTokens = inputTokens;
      this.outputTokens = outputTokens;
      return this;
    }

    /** Characters per streamed delta (default 8), so tests see text and JSON arrive in fragments. */
    public MessageBuilder chunkSize(int chunkSize) {
      if (chunkSize < 1) {
        throw new IllegalArgumentException("chunk size must be positive: " + chunkSize);
      }
      this.chunkSize = chunkSize;
      return this;
    }

    /** Whether the stream carries {@code ping} events (default true). */
    public MessageBuilder pings(boolean pings) {
      this.pings = pings;
      return this;
    }

    /** The message. */
    public Message build() {
      String reason = stopReason != null ? stopReason
          : content.stream().anyMatch(b -> b instanceof ToolUseBlock) ? "tool_use" : "end_turn";
      return new Message(content, reason, model, inputTokens, outputTokens, chunkSize, pings, stopSequence);
    }
  }
}
