package dev.rustagent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentResult.CacheAwareTokenUsage;
import dev.rustagent.core.AgentResult.ModelPricing;
import dev.rustagent.testkit.ScriptedChatModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/metrics} counts input, cache writes, cache reads and output apart, and prices them. */
class TokenMetricsTest {
  private static final CacheAwareTokenUsage PER_CALL = new CacheAwareTokenUsage(120, 40, 900, 60);

  /** Runs {@code queries} queries against a server whose model reports {@link #PER_CALL} as {@code model}. */
  private static JsonNode tokensAfter(int queries, String model, Consumer<AgentServer.Builder> settings)
      throws Exception {
    Path workspace = Files.createTempDirectory("server-tokens-");
    ScriptedChatModel scripted = ScriptedChatModel.builder()
        .otherwise(request -> ChatResponse.builder().aiMessage(AiMessage.from("An answer.")).tokenUsage(PER_CALL)
            .modelName(model).build())
        .build();
    AgentServer.Builder builder = AgentServer.builder()
        .agentFactory(approver -> Agent.builder().chatModel(scripted).workspace(workspace).approver(approver).build())
        .token("token-metrics-0123456789").port(0);
    settings.accept(builder);
    try (AgentServer server = builder.build().start()) {
      ApiClient api = new ApiClient(server.baseUri(), server.token());
      for (int i = 0; i < queries; i++) {
        assertThat(api.post("/api/v1/query", "{\"prompt\":\"question " + i + "\"}").json().path("status").asText())
            .isEqualTo("completed");
      }
      return api.get("/api/v1/metrics").json().path("tokens");
    }
  }

  @Test
  void theFourKindsOfTokensAreCountedApart() throws Exception {
    JsonNode tokens = tokensAfter(3, "claude-sonnet-4-6", b -> {});

    assertThat(tokens.path("input").asLong()).isEqualTo(3L * PER_CALL.inputTokenCount());
    assertThat(tokens.path("cache_write").asLong()).isEqualTo(3L * PER_CALL.cacheWriteTokens());
    assertThat(tokens.path("cache_read").asLong()).isEqualTo(3L * PER_CALL.cacheReadTokens());
    assertThat(tokens.path("output").asLong()).isEqualTo(3L * PER_CALL.outputTokenCount());
    assertThat(tokens.path("cache_read_share").asDouble())
        .isCloseTo((double) PER_CALL.cacheReadTokens() / PER_CALL.totalInputTokenCount(), within(1e-9));
    assertThat(tokens.path("model_calls").asLong()).isEqualTo(3);
  }

  @Test
  void theCostIsEstimatedWithTheDefaultPricesOfTheAnsweringModel() throws Exception {
    JsonNode tokens = tokensAfter(2, "claude-sonnet-4-6", b -> {});

    double perCall = ModelPricing.defaults().estimateCost("claude-sonnet-4-6", PER_CALL).orElseThrow();
    assertThat(tokens.path("estimated_cost").asDouble()).isPositive().isCloseTo(2 * perCall, within(1e-12));
    assertThat(tokens.path("unpriced_model_calls").asLong()).isZero();
  }

  @Test
  void theServersOwnPricesAreUsed() throws Exception {
    ModelPricing house = ModelPricing.builder()
        .price("house-model", new ModelPricing.Price(1, 2, 0.5, 10)).build();

    JsonNode tokens = tokensAfter(1, "house-model-7", b -> b.pricing(house));

    assertThat(tokens.path("estimated_cost").asDouble())
        .isCloseTo((120 * 1 + 40 * 2 + 900 * 0.5 + 60 * 10) / 1e6, within(1e-12));
  }

  @Test
  void callsOfAnUnpricedModelAreCountedButNotPriced() throws Exception {
    JsonNode tokens = tokensAfter(2, "some-local-model", b -> {});

    assertThat(tokens.path("output").asLong()).isEqualTo(2L * PER_CALL.outputTokenCount());
    assertThat(tokens.path("estimated_cost").asDouble()).isZero();
    assertThat(tokens.path("unpriced_model_calls").asLong()).isEqualTo(2);
  }
}
