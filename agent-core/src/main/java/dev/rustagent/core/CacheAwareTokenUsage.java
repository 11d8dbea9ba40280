package dev.rustagent.core;

import dev.langchain4j.model.output.TokenUsage;
import java.util.Objects;

/**
 * Token usage that tells prompt-cache writes and reads apart from the rest of the input, as the
 * Anthropic API reports them. {@link #inputTokenCount()} is the input neither written to nor read from
 * the cache (the API's {@code input_tokens}); {@link #totalInputTokenCount()} adds both cache counts;
 * {@link #totalTokenCount()} is everything, output included. Model clients such as {@code ClaudeProxy}
 * return it in their responses and the agent sums it over a run ({@link AgentResult#tokenUsage()}).
 * Immutable.
 */
public final class CacheAwareTokenUsage extends TokenUsage {
  private static final CacheAwareTokenUsage ZERO = new CacheAwareTokenUsage(0, 0, 0, 0);

  private final int cacheWriteTokens;
  private final int cacheReadTokens;

  /**
   * Usage with every count.
   *
   * @throws IllegalArgumentException when a count is negative
   */
  public CacheAwareTokenUsage(int inputTokens, int cacheWriteTokens, int cacheReadTokens, int outputTokens) {
    super(nonNegative(inputTokens, "inputTokens"), nonNegative(outputTokens, "outputTokens"),
        inputTokens + nonNegative(cacheWriteTokens, "cacheWriteTokens")
            + nonNegative(cacheReadTokens, "cacheReadTokens") + outputTokens);
    this.cacheWriteTokens = cacheWriteTokens;
    this.cacheReadTokens = cacheReadTokens;
  }

  /** No tokens. */
  public static CacheAwareTokenUsage zero() {
    return ZERO;
  }

  /** {@code usage} as cache-aware usage (no cache counts when it has none); null counts as zero. */
  public static CacheAwareTokenUsage of(TokenUsage usage) {
    if (usage instanceof CacheAwareTokenUsage cached) {
      return cached;
    }
    if (usage == null) {
      return ZERO;
    }
    return new CacheAwareTokenUsage(orZero(usage.inputTokenCount()), 0, 0, orZero(usage.outputTokenCount()));
  }

  /** Input tokens written to the prompt cache. */
  public int cacheWriteTokens() {
    return cacheWriteTokens;
  }

  /** Input tokens read from the prompt cache. */
  public int cacheReadTokens() {
    return cacheReadTokens;
  }

  /** All input tokens: uncached, written to and read from the cache. */
  public int totalInputTokenCount() {
    return inputTokenCount() + cacheWriteTokens + cacheReadTokens;
  }

  /** The share of all input tokens read from the cache, 0 to 1 (0 when there was no input). */
  public double cacheReadShare() {
    int total = totalInputTokenCount();
    return total == 0 ? 0 : (double) cacheReadTokens / total;
  }

  /** The sum of this and {@code other}; plain {@link TokenUsage} counts as uncached. */
  @Override
  public CacheAwareTokenUsage add(TokenUsage other) {
    if (other == null) {
      return this;
    }
    CacheAwareTokenUsage o = of(other);
    return new CacheAwareTokenUsage(inputTokenCount() + o.inputTokenCount(), cacheWriteTokens + o.cacheWriteTokens,
        cacheReadTokens + o.cacheReadTokens, outputTokenCount() + o.outputTokenCount());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CacheAwareTokenUsage other && super.equals(other)
        && cacheWriteTokens == other.cacheWriteTokens && cacheReadTokens == other.cacheReadTokens;
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), cacheWriteTokens, cacheReadTokens);
  }

  @Override
  public String toString() {
    return "CacheAwareTokenUsage{input=" + inputTokenCount() + ", cacheWrite=" + cacheWriteTokens + ", cacheRead="
        + cacheReadTokens + ", output=" + outputTokenCount() + "}";
  }

  private static int orZero(Integer count) {
    return count == null ? 0 : count;
  }

  private static int nonNegative(int count, String name) {
    if (count < 0) {
      throw new IllegalArgumentException(name + " must not be negative: " + count);
    }
    return count;
  }
}
