package dev.rustagent.tools;

import org.jspecify.annotations.Nullable;
import static java.util.Objects.requireNonNull;

import dev.rustagent.tools.spi.internal.OutputShaper;

/**
 * What a tool call produced: text for the model, whether that text was cut to the output cap, and an
 * optional structured payload for the host (compiler diagnostics, a test summary, ...). A call either
 * succeeded or failed; a failure is an ordinary result the model gets to read, not an exception.
 */
public sealed interface ToolResult permits ToolResult.Success, ToolResult.Failure {

  /** The text shown to the model. */
  String text();

  /** Whether {@link #text()} was cut to the output cap. */
  boolean truncated();

  /** Structured data for the host, or {@code null}. */
  @Nullable Object payload();

  /** Whether this result reports a failure. */
  default boolean isError() {
    return this instanceof Failure;
  }

  /** A successful call. */
  record Success(String text, boolean truncated, @Nullable Object payload) implements ToolResult {
    public Success {
      requireNonNull(text, "text");
    }
  }

  /** A failed call; {@link #text()} says what went wrong in words the model can act on. */
  record Failure(String text, boolean truncated, @Nullable Object payload) implements ToolResult {
    public Failure {
      requireNonNull(text, "text");
    }
  }

  /** A successful result with the text as is. */
  static ToolResult success(String text) {
    return new Success(text, false, null);
  }

  /** A successful result carrying a payload. */
  static ToolResult success(String text, @Nullable Object payload) {
    return new Success(text, false, payload);
  }

  /** A failed result with the text as is. */
  static ToolResult failure(String text) {
    return new Failure(text, false, null);
  }

  /** A failed result carrying a payload. */
  static ToolResult failure(String text, @Nullable Object payload) {
    return new Failure(text, false, payload);
  }

  /**
   * A result whose text is cut to about {@code cap} characters when longer, at line boundaries: the
   * first lines and the last (where compilers and test runners put their summaries), with a line
   * between them counting what was left out and how many of those lines mention an error, a warning,
   * a panic or a failure.
   */
  static ToolResult capped(boolean success, String text, int cap, Object payload) {
    requireNonNull(text, "text");
    if (text.length() <= cap) {
      return success ? new Success(text, false, payload) : new Failure(text, false, payload);
    }
    String cut = OutputShaper.headTail(text, cap);
    return success ? new Success(cut, true, payload) : new Failure(cut, true, payload);
  }
}
