package dev.rustagent.llm.claude;

/**
 * How many input tokens a conversation takes.
 *
 * @param tokens the count
 * @param exact true when the proxy counted ({@code /v1/messages/count_tokens}); false for the local
 *     estimate used when the endpoint failed
 */
public record TokenCount(int tokens, boolean exact) {
  /** Validates the count. */
  public TokenCount {
    if (tokens < 0) {
      throw new IllegalArgumentException("tokens must not be negative: " + tokens);
    }
  }
}
