package dev.rustagent.llm.claude;

import dev.rustagent.core.internal.CoreJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.model.anthropic.AnthropicChatResponseMetadata;
import dev.langchain4j.model.anthropic.AnthropicTokenUsage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.rustagent.core.AgentResult.CacheAwareTokenUsage;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes langchain4j-anthropic's responses for the agent: the stop reasons it folds into
 * {@link FinishReason#OTHER} become visible ({@code refusal} becomes {@link FinishReason#CONTENT_FILTER};
 * {@code max_tokens} stays {@link FinishReason#LENGTH}; {@code pause_turn} stays OTHER and is logged),
 * and the usage becomes a {@link CacheAwareTokenUsage} with the prompt-cache writes and reads apart
 * (in plain {@link ChatResponseMetadata}: langchain4j's Anthropic metadata accepts only its own usage).
 */
final class StopReasons {
  private static final Logger LOG = LoggerFactory.getLogger(StopReasons.class);
  private static final ObjectMapper JSON = CoreJson.MAPPER;

  private StopReasons() {}

  static ChatResponse surface(ChatResponse response) {
    FinishReason reason = response.finishReason();
    if (reason == FinishReason.LENGTH) {
      LOG.warn("the model stopped at max_tokens: the answer is cut off (raise [llm] max_tokens)");
    } else if (reason == FinishReason.OTHER) {
      Optional<String> raw = rawStopReason(response);
      if (raw.isPresent() && raw.get().equals("refusal")) {
        LOG.warn("the model refused to answer (stop_reason refusal)");
        reason = FinishReason.CONTENT_FILTER;
      } else {
        LOG.warn("the model stopped with stop_reason {}", raw.orElse("(unknown)"));
      }
    }
    return ChatResponse.builder()
        .aiMessage(response.aiMessage())
        .metadata(ChatResponseMetadata.builder().id(response.id()).modelName(response.modelName())
            .finishReason(reason).tokenUsage(usage(response.tokenUsage())).build())
        .build();
  }

  /** Anthropic's usage with its cache counts kept apart; other usage as it is. */
  static CacheAwareTokenUsage usage(TokenUsage usage) {
    if (usage instanceof AnthropicTokenUsage anthropic) {
      return new CacheAwareTokenUsage(orZero(anthropic.inputTokenCount()),
          orZero(anthropic.cacheCreationInputTokens()), orZero(anthropic.cacheReadInputTokens()),
          orZero(anthropic.outputTokenCount()));
    }
    return CacheAwareTokenUsage.of(usage);
  }

  private static int orZero(Integer count) {
    return count == null ? 0 : count;
  }

  static Optional<String> rawStopReason(ChatResponse response) {
    if (!(response.metadata() instanceof AnthropicChatResponseMetadata metadata)) {
      return Optional.empty();
    }
    try {
      if (metadata.rawHttpResponse() != null && metadata.rawHttpResponse().body() != null) {
        String reason = JSON.readTree(metadata.rawHttpResponse().body()).path("stop_reason").asText("");
        if (!reason.isEmpty()) {
          return Optional.of(reason);
        }
      }
      if (metadata.rawServerSentEvents() != null) {
        for (ServerSentEvent event : metadata.rawServerSentEvents()) {
          if ("message_delta".equals(event.event())) {
            JsonNode delta = JSON.readTree(event.data()).path("delta");
            if (delta.path("stop_reason").isTextual()) {
              return Optional.of(delta.path("stop_reason").asText());
            }
          }
        }
      }
    } catch (IOException e) {
      LOG.debug("cannot read the raw stop reason: {}", e.toString());
    }
    return Optional.empty();
  }
}
