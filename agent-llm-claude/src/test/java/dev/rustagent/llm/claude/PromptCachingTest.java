package dev.rustagent.llm.claude;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.TokenCountEstimator;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.rustagent.core.AgentResult.CacheAwareTokenUsage;
import dev.rustagent.core.internal.HeuristicTokenCountEstimator;
import dev.rustagent.testkit.FakeAnthropicServer;
import dev.rustagent.testkit.FakeResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import dev.rustagent.llm.claude.LlmConfig.PromptCaching;

/** Cache breakpoints on the wire, cache-aware usage, and token counting through the proxy. */
class PromptCachingTest {
  private final FakeAnthropicServer server = FakeAnthropicServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  private static ChatRequest conversation() {
    ToolExecutionRequest call = ToolExecutionRequest.builder().id("toolu_1").name("read_file")
        .arguments("{\"path\":\"src/main.rs\"}").build();
    return ChatRequest.builder()
        .messages(SystemMessage.from("You are a Rust expert."), UserMessage.from("read main.rs"),
            AiMessage.from(List.of(call)), ToolExecutionResultMessage.from(call, "fn main() {}"))
        .toolSpecifications(ToolSpecification.builder().name("read_file").description("reads a file")
            .parameters(JsonObjectSchema.builder().addStringProperty("path").build()).build(),
            ToolSpecification.builder().name("list_files").description("lists files")
                .parameters(JsonObjectSchema.builder().addStringProperty("path").build()).build())
        .build();
  }

  private static List<String> breakpoints(JsonNode body) {
    List<String> where = new ArrayList<>();
    JsonNode tools = body.path("tools");
    for (int i = 0; i < tools.size(); i++) {
      if (tools.get(i).has("cache_control")) {
        where.add("tool " + tools.get(i).path("name").asText());
      }
    }
    for (JsonNode block : body.path("system")) {
      if (block.has("cache_control")) {
        where.add("system");
      }
    }
    JsonNode messages = body.path("messages");
    for (int i = 0; i < messages.size(); i++) {
      for (JsonNode block : messages.get(i).path("content")) {
        if (block.has("cache_control")) {
          where.add("message " + i);
        }
      }
    }
    return where;
  }

  @Test
  void marksToolsSystemTheConversationEndAndThePreviousUserTurn() {
    server.enqueue(FakeResponse.text("ok"));

    ClaudeProxy.builder().baseUrl(server.baseUrl()).build().chatModel().chat(conversation());

    JsonNode body = server.messageRequests().get(0).json();
    assertThat(breakpoints(body)).containsExactly("tool list_files", "system", "message 0", "message 2");
    assertThat(body.path("system").get(0).path("cache_control").has("ttl")).isFalse();
  }

  @Test
  void theOneHourTtlIsSentWhenChosen() {
    server.enqueue(FakeResponse.text("ok"));

    ClaudeProxy.builder().baseUrl(server.baseUrl()).promptCaching(PromptCaching.ONE_HOUR).build().chatModel()
        .chat(conversation());

    assertThat(server.messageRequests().get(0).json().path("system").get(0).path("cache_control").path("ttl")
        .asText()).isEqualTo("1h");
  }

  @Test
  void noBreakpointsWhenCachingIsOff() {
    server.enqueue(FakeResponse.text("ok"));

    ClaudeProxy.builder().baseUrl(server.baseUrl()).promptCaching(PromptCaching.OFF).build().chatModel()
        .chat(conversation());

    assertThat(server.messageRequests().get(0).body()).doesNotContain("cache_control");
  }

  @Test
  void streamedRequestsCarryTheSameBreakpoints() throws Exception {
    server.enqueue(FakeResponse.text("ok"));
    ClaudeProxyTest.Collector collector = new ClaudeProxyTest.Collector();

    ClaudeProxy.builder().baseUrl(server.baseUrl()).build().streamingChatModel().chat(conversation(), collector);
    collector.await();

    assertThat(breakpoints(server.messageRequests().get(0).json())).hasSize(4);
  }

  @Test
  void usageSeparatesCacheWritesAndReads() {
    server.respondWith(r -> FakeResponse.text("ok"));
    String big = "Prefer borrowing over cloning in hot loops, and say why. ".repeat(150);
    ChatRequest request = ChatRequest.builder().messages(SystemMessage.from(big), UserMessage.from("hi")).build();
    var model = ClaudeProxy.builder().baseUrl(server.baseUrl()).build().chatModel();

    CacheAwareTokenUsage first = (CacheAwareTokenUsage) model.chat(request).tokenUsage();
    CacheAwareTokenUsage second = (CacheAwareTokenUsage) model.chat(request).tokenUsage();

    assertThat(first.cacheWriteTokens()).isPositive();
    assertThat(first.cacheReadTokens()).isZero();
    assertThat(second.cacheReadTokens()).isEqualTo(first.cacheWriteTokens());
    assertThat(second.cacheWriteTokens()).isZero();
  }

  @Test
  void theEstimatorCountsEachMessageOnceWithCountTokens() {
    TokenCountEstimator estimator = ClaudeProxy.builder().baseUrl(server.baseUrl()).build().tokenCountEstimator();
    List<ChatMessage> messages = List.of(UserMessage.from("fn main() { println!(\"hi\"); }"),
        AiMessage.from("It prints hi."));

    int first = estimator.estimateTokenCountInMessages(messages);
    long countsAfterFirst = countTokenRequests();
    int second = estimator.estimateTokenCountInMessages(messages);

    assertThat(first).isPositive().isEqualTo(second);
    assertThat(countsAfterFirst).isEqualTo(2);
    assertThat(countTokenRequests()).isEqualTo(2);
  }

  @Test
  void theEstimatorFallsBackToTheHeuristicWithoutCountTokens() {
    server.failCountTokens(FakeResponse.error(404, "not_found_error", "Not found"));
    TokenCountEstimator estimator = ClaudeProxy.builder().baseUrl(server.baseUrl()).build().tokenCountEstimator();
    UserMessage message = UserMessage.from("x".repeat(400));

    assertThat(estimator.estimateTokenCountInMessage(message))
        .isEqualTo(HeuristicTokenCountEstimator.INSTANCE.estimateTokenCountInText("x".repeat(400)));
  }

  @Test
  void promptCachingConfigValuesAreParsedAndBadOnesRefused() {
    assertThat(PromptCaching.fromConfig("1h")).isEqualTo(PromptCaching.ONE_HOUR);
    assertThat(PromptCaching.fromConfig("off")).isEqualTo(PromptCaching.OFF);
    assertThat(PromptCaching.fromConfig("5m")).isEqualTo(PromptCaching.FIVE_MINUTES);
    assertThatIllegalArgumentException().isThrownBy(() -> PromptCaching.fromConfig("2h"))
        .withMessageContaining("off, 5m or 1h");
  }

  private long countTokenRequests() {
    return server.requests().stream().filter(r -> r.path().equals("/v1/messages/count_tokens")).count();
  }
}
