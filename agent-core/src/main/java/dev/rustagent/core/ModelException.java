package dev.rustagent.core;

import org.jspecify.annotations.Nullable;
import static java.util.Objects.requireNonNull;

import dev.langchain4j.exception.LangChain4jException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A failed model call, classified so the agent's resilience knows what to do: wait and retry
 * ({@link Kind#isTransient() transient} kinds), summarise the conversation and retry
 * ({@link Kind#CONTEXT_TOO_LARGE}), or give up with a clear message. Model clients such as
 * {@code ClaudeProxy} throw it; the agent also classifies LangChain4j's own exceptions into these
 * kinds, so any {@code ChatModel} works. It is a {@link LangChain4jException}, so a host's existing
 * LangChain4j catch blocks see it.
 */
public class ModelException extends LangChain4jException {
  private static final long serialVersionUID = 1L;

  /** The kinds of model failure. */
  public enum Kind {
    /** HTTP 429 or a proxy cool-down; retried after the server's delay when it gives one. */
    RATE_LIMITED(true),
    /** HTTP 529: the model service is overloaded; retried. */
    OVERLOADED(true),
    /** HTTP 5xx; retried. */
    SERVER(true),
    /** No answer in time; retried. */
    TIMEOUT(true),
    /** The stream ended early or broke off; retried. */
    STREAM_INTERRUPTED(true),
    /** The prompt does not fit the model's context window; the agent summarises and retries once. */
    CONTEXT_TOO_LARGE(false),
    /** The key is missing or refused (401, 403). */
    AUTHENTICATION(false),
    /** The request is wrong (400, 404, 422): unknown model, bad parameters. */
    INVALID_REQUEST(false),
    /** Nothing listens at the endpoint (connection refused, unknown host). */
    UNAVAILABLE(false),
    /**
     * The service answered 200 with something that is not a valid model response: a body that is not
     * JSON (an HTML page), a tool input that is not an object. Not retried: the same request gets the
     * same answer. (A stream event that does not parse is {@link #STREAM_INTERRUPTED}: streams are
     * retried.)
     */
    PROTOCOL(false),
    /** The model refused to answer. */
    REFUSED(false),
    /** Anything else. */
    OTHER(false);

    private final boolean transientKind;

    Kind(boolean transientKind) {
      this.transientKind = transientKind;
    }

    /** Whether waiting and retrying the same request may succeed. */
    public boolean isTransient() {
      return transientKind;
    }
  }

  private final Kind kind;
  private final Duration retryAfter;
  private final Integer statusCode;

  /** A failure of the given kind. */
  public ModelException(Kind kind, String message) {
    this(kind, message, null, null, null);
  }

  /** A failure of the given kind with its cause. */
  public ModelException(Kind kind, String message, Throwable cause) {
    this(kind, message, null, null, cause);
  }

  /**
   * A failure with every detail.
   *
   * @param statusCode the HTTP status, or {@code null}
   * @param retryAfter how long the server asked to wait, or {@code null}
   */
  public ModelException(Kind kind, String message, @Nullable Integer statusCode, @Nullable Duration retryAfter,
      @Nullable Throwable cause) {
    super(message, cause);
    this.kind = requireNonNull(kind, "kind");
    this.statusCode = statusCode;
    this.retryAfter = retryAfter;
  }

  /** What went wrong. */
  public Kind kind() {
    return kind;
  }

  /** Whether retrying may help. */
  public boolean isTransient() {
    return kind.isTransient();
  }

  /** How long the server asked the client to wait before the next try. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** The HTTP status of the failed call, when there was one. */
  public OptionalInt statusCode() {
    return statusCode == null ? OptionalInt.empty() : OptionalInt.of(statusCode);
  }
}
