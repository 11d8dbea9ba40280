package dev.rustagent.llm.claude;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.TokenCountEstimator;
import dev.rustagent.core.internal.HeuristicTokenCountEstimator;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts tokens with the API's {@code count_tokens}, one message at a time (as a user message holding
 * the message's text, so a tool result is counted without its call) and remembers each count. When
 * the endpoint fails it estimates with {@link HeuristicTokenCountEstimator} and does not ask again for
 * a minute.
 */
final class CountingEstimator implements TokenCountEstimator {
  private static final Logger LOG = LoggerFactory.getLogger(CountingEstimator.class);
  private static final long RETRY_AFTER_FAILURE_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final TokenCountEstimator remote;
  private final Cache<String, Integer> counts = Caffeine.newBuilder().maximumSize(10_000).build();
  private volatile long remoteDisabledUntil;

  CountingEstimator(TokenCountEstimator remote) {
    this.remote = remote;
  }

  @Override
  public int estimateTokenCountInText(String text) {
    if (text == null || text.isEmpty()) {
      return 0;
    }
    Integer known = counts.getIfPresent(text);
    if (known != null) {
      return known;
    }
    if (System.nanoTime() - remoteDisabledUntil < 0) {
      return HeuristicTokenCountEstimator.INSTANCE.estimateTokenCountInText(text);
    }
    try {
      int count = remote.estimateTokenCountInMessages(java.util.List.of(UserMessage.from(text)));
      counts.put(text, count);
      return count;
    } catch (RuntimeException e) {
      remoteDisabledUntil = System.nanoTime() + RETRY_AFTER_FAILURE_NANOS;
      LOG.info("count_tokens failed ({}); estimating tokens locally for a minute", e.getMessage());
      return HeuristicTokenCountEstimator.INSTANCE.estimateTokenCountInText(text);
    }
  }

  @Override
  public int estimateTokenCountInMessage(ChatMessage message) {
    return estimateTokenCountInText(HeuristicTokenCountEstimator.textOf(message));
  }

  @Override
  public int estimateTokenCountInMessages(Iterable<ChatMessage> messages) {
    return HeuristicTokenCountEstimator.sumPerMessage(this, messages);
  }
}
