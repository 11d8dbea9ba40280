package dev.rustagent.llm.claude;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.model.anthropic.AnthropicChatResponseMetadata;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the stop reasons that langchain4j-anthropic folds into {@link FinishReason#OTHER} visible:
 * {@code refusal} becomes {@link FinishReason#CONTENT_FILTER}; {@code max_tokens} stays
 * {@link FinishReason#LENGTH}. Both are logged, so a cut-off or refused answer is never silent.
 */
final class StopReasons {
  private static final Logger LOG = LoggerFactory.getLogger(StopReasons.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private StopReasons() {}

  static ChatResponse surface(ChatResponse response) {
    if (response.finishReason() == FinishReason.LENGTH) {
      LOG.warn("the model stopped at max_tokens: the answer is cut off (raise [llm] max_tokens)");
      return response;
    }
    if (response.finishReason() != FinishReason.OTHER) {
      return response;
    }
    Optional<String> raw = rawStopReason(response);
    if (raw.isPresent() && raw.get().equals("refusal")) {
      LOG.warn("the model refused to answer (stop_reason refusal)");
      return ChatResponse.builder()
          .aiMessage(response.aiMessage())
          .metadata(response.metadata().toBuilder().finishReason(FinishReason.CONTENT_FILTER).build())
          .build();
    }
    return response;
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
