package dev.rustagent.llm.claude;

import java.util.Locale;

/** Which of the proxy's APIs {@link ClaudeProxy} speaks. */
public enum Provider {
  /** The Anthropic Messages API ({@code POST /v1/messages}) through langchain4j-anthropic. */
  ANTHROPIC,
  /** The OpenAI-compatible API ({@code POST /v1/chat/completions}) through langchain4j-open-ai. */
  OPENAI;

  /**
   * The provider named in configuration ({@code anthropic} or {@code openai}, any case).
   *
   * @throws IllegalArgumentException for any other name
   */
  public static Provider fromName(String name) {
    return switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "anthropic", "claude" -> ANTHROPIC;
      case "openai", "openai-compatible" -> OPENAI;
      default -> throw new IllegalArgumentException(
          "unknown provider \"" + name + "\": use \"anthropic\" or \"openai\"");
    };
  }
}
