package dev.rustagent.llm.claude;

import java.util.Locale;

/**
 * Whether {@link ClaudeProxy} marks Anthropic prompt-cache breakpoints, and for how long the cache
 * keeps a prefix. Cached input is billed at a tenth of the input price (a write costs 1.25 times it
 * for five minutes, twice for an hour) and arrives faster.
 */
public enum PromptCaching {
  /** No breakpoints: every token of every request is paid in full. */
  OFF,
  /** Breakpoints with the five-minute TTL (the default). */
  FIVE_MINUTES,
  /** Breakpoints with the one-hour TTL: for sessions with long pauses between turns. */
  ONE_HOUR;

  /**
   * Parses the {@code [llm] prompt_caching} value: {@code off}, {@code 5m} or {@code 1h} (also
   * {@code false}/{@code true}).
   *
   * @throws IllegalArgumentException for anything else
   */
  public static PromptCaching fromConfig(String value) {
    String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "off", "false", "none" -> OFF;
      case "5m", "on", "true", "" -> FIVE_MINUTES;
      case "1h" -> ONE_HOUR;
      default -> throw new IllegalArgumentException("prompt_caching must be off, 5m or 1h, got \"" + value + "\"");
    };
  }
}
