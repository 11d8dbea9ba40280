package dev.rustagent.llm.claude;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.rustagent.core.ModelException;
import dev.rustagent.core.ModelException.Kind;
import dev.rustagent.testkit.FakeAnthropicServer;
import dev.rustagent.testkit.FakeResponse;
import dev.rustagent.testkit.RecordedRequest;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import dev.rustagent.llm.claude.LlmConfig.Provider;

class ClaudeProxyTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FakeAnthropicServer server = FakeAnthropicServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  private ClaudeProxy proxy() {
    return ClaudeProxy.builder().baseUrl(server.baseUrl()).build();
  }

  /** Collects a streamed answer: the complete response or the error, plus the partial texts. */
  static final class Collector implements StreamingChatResponseHandler {
    final CompletableFuture<ChatResponse> result = new CompletableFuture<>();
    final List<String> partials = new CopyOnWriteArrayList<>();
    final List<Object> terminals = new CopyOnWriteArrayList<>();

    @Override
    public void onPartialResponse(String partialResponse) {
      partials.add(partialResponse);
    }

    @Override
    public void onCompleteResponse(ChatResponse completeResponse) {
      terminals.add(completeResponse);
      result.complete(completeResponse);
    }

    @Override
    public void onError(Throwable error) {
      terminals.add(error);
      result.completeExceptionally(error);
    }

    ChatResponse await() throws Exception {
      return result.get(20, TimeUnit.SECONDS);
    }

    ModelException awaitFailure() throws Exception {
      try {
        result.get(20, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(ModelException.class);
        return (ModelException) e.getCause();
      }
      throw new AssertionError("expected the stream to fail");
    }
  }

  private Collector stream(ClaudeProxy proxy, String prompt) {
    Collector collector = new Collector();
    proxy.streamingChatModel().chat(ChatRequest.builder().messages(UserMessage.from(prompt)).build(), collector);
    return collector;
  }

  private ModelException callFails(ClaudeProxy proxy) {
    return catchThrowableOfType(ModelException.class, () -> proxy.chatModel().chat("why does this not compile?"));
  }

  @Test
  void sendsAMessagesRequestWithTheConfiguredModelAndDefaults() {
    server.enqueue(FakeResponse.text("Borrow it mutably once."));

    String answer = proxy().chatModel().chat("explain E0499");

    assertThat(answer).isEqualTo("Borrow it mutably once.");
    RecordedRequest request = server.messageRequests().get(0);
    assertThat(request.header("anthropic-version")).hasValue("2023-06-01");
    assertThat(request.json().path("model").asText()).isEqualTo("claude-sonnet-4-6");
    assertThat(request.json().path("max_tokens").asInt()).isEqualTo(4096);
    assertThat(request.json().path("temperature").asDouble()).isEqualTo(0.7);
    assertThat(request.json().path("messages").get(0).path("content").toString()).contains("explain E0499");
  }

  @Test
  void sendsTheConfiguredKeyAsXApiKey() {
    server.requireApiKey("sk-local").enqueue(FakeResponse.text("ok"));

    String answer = ClaudeProxy.builder().baseUrl(server.baseUrl()).apiKey("sk-local").build().chatModel().chat("hi");

    assertThat(answer).isEqualTo("ok");
    assertThat(server.messageRequests().get(0).apiKey()).hasValue("sk-local");
  }

  @Test
  void needsNoKeyForAProxyWithoutKeys() {
    server.enqueue(FakeResponse.text("ok"));

    assertThat(proxy().chatModel().chat("hi")).isEqualTo("ok");
  }

  @Test
  void returnsToolCallsWithTheirArguments() throws Exception {
    server.enqueue(FakeResponse.toolUse("toolu_1", "cargo_check", "{\"package\":\"core\",\"all_targets\":true}"));

    ChatResponse response = proxy().chatModel().chat(UserMessage.from("check it"));

    ToolExecutionRequest call = response.aiMessage().toolExecutionRequests().get(0);
    assertThat(call.id()).isEqualTo("toolu_1");
    assertThat(call.name()).isEqualTo("cargo_check");
    assertThat(JSON.readTree(call.arguments())).isEqualTo(JSON.readTree("{\"package\":\"core\",\"all_targets\":true}"));
    assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
  }

  @Test
  void streamsTextInPartsAndCompletesWithTheWholeAnswer() throws Exception {
    server.enqueue(FakeResponse.message().text("The borrow checker rejects two &mut at once.").chunkSize(6).build());

    Collector collector = stream(proxy(), "explain");
    ChatResponse response = collector.await();

    assertThat(response.aiMessage().text()).isEqualTo("The borrow checker rejects two &mut at once.");
    assertThat(collector.partials).hasSizeGreaterThan(1);
    assertThat(String.join("", collector.partials)).isEqualTo("The borrow checker rejects two &mut at once.");
    assertThat(server.messageRequests().get(0).streaming()).isTrue();
  }

  @Test
  void reassemblesInputJsonDeltaFragmentsIntoTheToolArguments() throws Exception {
    String input = "{\"path\":\"src/main.rs\",\"edits\":[{\"line\":3,\"text\":\"let mut v = Vec::new();\"}]}";
    server.enqueue(FakeResponse.message().text("Editing.").toolUse("toolu_7", "edit_file", input).chunkSize(3).build());

    ChatResponse response = stream(proxy(), "fix it").await();

    ToolExecutionRequest call = response.aiMessage().toolExecutionRequests().get(0);
    assertThat(call.name()).isEqualTo("edit_file");
    assertThat(JSON.readTree(call.arguments())).isEqualTo(JSON.readTree(input));
  }

  @Test
  void mapsA429ToRateLimitedWithTheRetryAfterDelay() {
    server.enqueue(FakeResponse.rateLimited(Duration.ofSeconds(7)));

    ModelException failure = callFails(proxy());

    assertThat(failure.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(failure.statusCode()).hasValue(429);
    assertThat(failure.retryAfter()).hasValue(Duration.ofSeconds(7));
  }

  @Test
  void readsAnHttpDateRetryAfter() {
    Clock clock = Clock.fixed(Instant.parse("2026-11-21T08:00:00Z"), ZoneOffset.UTC);
    server.enqueue(FakeResponse.error(429, "rate_limit_error", "slow down")
        .withHeader("retry-after", "Sat, 21 Nov 2026 08:00:30 GMT"));

    ModelException failure = callFails(ClaudeProxy.builder().baseUrl(server.baseUrl()).clock(clock).build());

    assertThat(failure.retryAfter()).hasValue(Duration.ofSeconds(30));
  }

  @Test
  void mapsAStreamed429ToRateLimitedWithTheRetryAfterDelay() throws Exception {
    server.enqueue(FakeResponse.rateLimited(Duration.ofSeconds(3)));

    ModelException failure = stream(proxy(), "hi").awaitFailure();

    assertThat(failure.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(failure.retryAfter()).hasValue(Duration.ofSeconds(3));
  }

  @Test
  void mapsTheProxysModelCooldownToRateLimitedWithItsResetSeconds() {
    server.enqueue(FakeResponse.modelCooldown("claude-sonnet-4-6", 12));

    ModelException failure = callFails(proxy());

    assertThat(failure.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(failure.retryAfter()).hasValue(Duration.ofSeconds(12));
    assertThat(failure.getMessage()).contains("cooling down");
  }

  @Test
  void mapsA529ToOverloaded() {
    server.enqueue(FakeResponse.overloaded());

    ModelException failure = callFails(proxy());

    assertThat(failure.kind()).isEqualTo(Kind.OVERLOADED);
    assertThat(failure.statusCode()).hasValue(529);
  }

  @Test
  void doesNotRetryByItselfSoTheAgentControlsTheBudget() {
    server.enqueue(FakeResponse.overloaded(), FakeResponse.text("second"));

    callFails(proxy());

    assertThat(server.messageRequests()).hasSize(1);
    assertThat(server.pendingResponses()).isEqualTo(1);
  }

  @Test
  void mapsA500ToServer() {
    server.enqueue(FakeResponse.serverError());

    assertThat(callFails(proxy()).kind()).isEqualTo(Kind.SERVER);
  }

  @Test
  void mapsA400PromptTooLongToContextTooLarge() {
    server.enqueue(FakeResponse.promptTooLong());

    ModelException failure = callFails(proxy());

    assertThat(failure.kind()).isEqualTo(Kind.CONTEXT_TOO_LARGE);
    assertThat(failure.statusCode()).hasValue(400);
  }

  @Test
  void mapsA413ToContextTooLarge() {
    server.enqueue(FakeResponse.error(413, "request_too_large", "Request exceeds the maximum allowed size"));

    assertThat(callFails(proxy()).kind()).isEqualTo(Kind.CONTEXT_TOO_LARGE);
  }

  @Test
  void mapsStopReasonModelContextWindowExceededToContextTooLarge() throws Exception {
    server.enqueue(FakeResponse.message().text("partial").stopReason("model_context_window_exceeded").build(),
        FakeResponse.message().text("partial").stopReason("model_context_window_exceeded").build());

    assertThat(callFails(proxy()).kind()).isEqualTo(Kind.CONTEXT_TOO_LARGE);
    assertThat(stream(proxy(), "hi").awaitFailure().kind()).isEqualTo(Kind.CONTEXT_TOO_LARGE);
  }

  @Test
  void reportsAMissingKeyAsAuthenticationWithWhatToSet() {
    server.requireApiKey("sk-real");
    ModelException failure = callFails(proxy());

    assertThat(failure.kind()).isEqualTo(Kind.AUTHENTICATION);
    assertThat(failure.statusCode()).hasValue(401);
    assertThat(failure.getMessage()).contains("Invalid API key").contains("api_key");
  }

  @Test
  void reportsTheUnsafeExampleKeyClearly() {
    server.enqueue(FakeResponse.error(403, "unsafe_example_api_key", "this example API key is not allowed"));

    ModelException failure = callFails(proxy());

    assertThat(failure.kind()).isEqualTo(Kind.AUTHENTICATION);
    assertThat(failure.getMessage()).contains("example key");
  }

  @Test
  void reportsAnUnknownModelAsInvalidRequestPointingAtTheModelList() {
    server.enqueue(FakeResponse.error(400, "model_not_found", "unknown provider for model claude-sonnet-9"));

    ModelException failure = callFails(proxy());

    assertThat(failure.kind()).isEqualTo(Kind.INVALID_REQUEST);
    assertThat(failure.getMessage()).contains("/v1/models");
  }

  @Test
  void reportsAProxyWithoutUpstreamAccountAsUnavailable() {
    server.enqueue(FakeResponse.error(503, "api_error", "no auth available"));

    ModelException failure = callFails(proxy());

    assertThat(failure.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(failure.getMessage()).contains("claude-login");
  }

  @Test
  void reportsNothingListeningAsUnavailableWithHowToStartAProxy() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    ModelException failure = callFails(ClaudeProxy.builder().baseUrl("http://127.0.0.1:" + closedPort).build());

    assertThat(failure.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(failure.getMessage()).contains("No Claude proxy is listening").contains("--demo");
  }

  @Test
  void reportsASlowResponseAsTimeout() {
    server.enqueue(FakeResponse.delayed(Duration.ofSeconds(10), FakeResponse.text("late")));

    ModelException failure = callFails(
        ClaudeProxy.builder().baseUrl(server.baseUrl()).requestTimeout(Duration.ofMillis(300)).build());

    assertThat(failure.kind()).isEqualTo(Kind.TIMEOUT);
  }

  @Test
  void timesOutABlockingCallWhoseBodyStalls() {
    server.enqueue(FakeResponse.stalledMidStream(FakeResponse.text("a body that stops half way"), 0));

    ModelException failure = callFails(
        ClaudeProxy.builder().baseUrl(server.baseUrl()).requestTimeout(Duration.ofMillis(500)).build());

    assertThat(failure.kind()).isEqualTo(Kind.TIMEOUT);
  }

  @Test
  void aStalledBodyTimeoutLeavesTheCallerUninterruptedAndTheNextCallWorks() {
    server.enqueue(FakeResponse.stalledMidStream(FakeResponse.text("a body that stops half way"), 0),
        FakeResponse.text("the whole answer"));
    ClaudeProxy proxy = ClaudeProxy.builder().baseUrl(server.baseUrl()).requestTimeout(Duration.ofMillis(300))
        .build();

    ModelException failure = callFails(proxy);

    assertThat(failure.kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(failure).hasMessageContaining("no data from the proxy for 300 ms");
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    assertThat(proxy.chatModel().chat("again")).isEqualTo("the whole answer");
  }

  @Test
  void timesOutAStreamThatStallsMidWay() throws Exception {
    server.enqueue(FakeResponse.stalledMidStream(FakeResponse.text("a stream that stops half way"), 3));

    ModelException failure = stream(
        ClaudeProxy.builder().baseUrl(server.baseUrl()).requestTimeout(Duration.ofMillis(500)).build(), "hi")
        .awaitFailure();

    assertThat(failure.kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(failure.getMessage()).contains("no data");
  }

  @Test
  void failsAStreamOnAnErrorEventMidStream() throws Exception {
    server.enqueue(FakeResponse.errorMidStream(FakeResponse.text("a partial answer that stops"), 4,
        "overloaded_error", "Overloaded"));

    Collector collector = stream(proxy(), "hi");
    ModelException failure = collector.awaitFailure();

    assertThat(failure.kind()).isEqualTo(Kind.OVERLOADED);
    assertThat(failure.getMessage()).contains("mid-way");
    assertThat(collector.terminals).hasSize(1);
  }

  @Test
  void failsAStreamThatEndsWithoutMessageStop() throws Exception {
    server.enqueue(FakeResponse.withoutMessageStop(FakeResponse.text("looks complete but is not")));

    Collector collector = stream(proxy(), "hi");
    ModelException failure = collector.awaitFailure();

    assertThat(failure.kind()).isEqualTo(Kind.STREAM_INTERRUPTED);
    assertThat(failure.getMessage()).contains("message_stop");
    assertThat(collector.terminals).hasSize(1);
  }

  @Test
  void failsAStreamWhoseConnectionDrops() throws Exception {
    server.enqueue(FakeResponse.droppedMidStream(FakeResponse.text("this answer is cut off by a dropped connection"),
        5));

    Collector collector = stream(proxy(), "hi");
    ModelException failure = collector.awaitFailure();

    assertThat(failure.kind()).isEqualTo(Kind.STREAM_INTERRUPTED);
    assertThat(failure.isTransient()).isTrue();
    assertThat(collector.terminals).hasSize(1);
  }

  @Test
  void failsABlockingCallWhoseConnectionDrops() {
    server.enqueue(FakeResponse.droppedMidStream(FakeResponse.text("cut off"), 0));

    ModelException failure = callFails(proxy());

    assertThat(failure.kind()).isEqualTo(Kind.STREAM_INTERRUPTED);
  }

  @Test
  void surfacesMaxTokensAsLengthInTheResult() throws Exception {
    server.enqueue(FakeResponse.message().text("cut").stopReason("max_tokens").build(),
        FakeResponse.message().text("cut").stopReason("max_tokens").build());

    assertThat(proxy().chatModel().chat(UserMessage.from("hi")).finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(stream(proxy(), "hi").await().finishReason()).isEqualTo(FinishReason.LENGTH);
  }

  @Test
  void surfacesARefusalAsContentFilterInTheResult() throws Exception {
    server.enqueue(FakeResponse.message().text("I can't help with that.").stopReason("refusal").build(),
        FakeResponse.message().text("I can't help with that.").stopReason("refusal").build());

    assertThat(proxy().chatModel().chat(UserMessage.from("hi")).finishReason())
        .isEqualTo(FinishReason.CONTENT_FILTER);
    assertThat(stream(proxy(), "hi").await().finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
  }

  @Test
  void answersIdenticalTemperatureZeroRequestsFromTheCache() {
    server.respondWith(request -> FakeResponse.text("cached answer"));
    ChatModel model = ClaudeProxy.builder().baseUrl(server.baseUrl()).temperature(0.0)
        .cacheTtl(Duration.ofMinutes(5)).build().chatModel();

    model.chat("same question");
    String second = model.chat("same question");

    assertThat(second).isEqualTo("cached answer");
    assertThat(server.messageRequests()).hasSize(1);
  }

  @Test
  void doesNotCacheWhenTheTemperatureIsAboveZero() {
    server.respondWith(request -> FakeResponse.text("fresh"));
    ChatModel model = ClaudeProxy.builder().baseUrl(server.baseUrl()).temperature(0.7)
        .cacheTtl(Duration.ofMinutes(5)).build().chatModel();

    model.chat("same question");
    model.chat("same question");

    assertThat(server.messageRequests()).hasSize(2);
  }

  @Test
  void countsTokensThroughTheProxy() {
    TokenCount count = proxy().countTokens(List.of(UserMessage.from("x".repeat(400))));

    assertThat(count.exact()).isTrue();
    // The fake's tokenizer makes 400 letters 80 tokens, plus framing; the local heuristic would say 104.
    assertThat(count.tokens()).isBetween(80, 95);
    assertThat(server.requests()).anyMatch(r -> r.path().equals("/v1/messages/count_tokens"));
  }

  @Test
  void estimatesTokensLocallyWhenCountTokensFails() {
    server.failCountTokens(FakeResponse.error(404, "not_found_error", "Not found"));

    TokenCount count = proxy().countTokens(List.of(UserMessage.from("x".repeat(400))));

    assertThat(count.exact()).isFalse();
    assertThat(count.tokens()).isGreaterThanOrEqualTo(100);
  }

  @Test
  void checkReportsAUsableProxyAndItsModels() {
    ProxyStatus status = proxy().check();

    assertThat(status.usable()).isTrue();
    assertThat(status.models()).contains("claude-sonnet-4-6");
    assertThat(status.modelOffered()).isTrue();
    assertThat(status.summary()).contains("reachable");
  }

  @Test
  void checkSaysWhenTheConfiguredModelIsNotOffered() {
    server.models("claude-opus-4-5-20251101");

    ProxyStatus status = proxy().check();

    assertThat(status.modelOffered()).isFalse();
    assertThat(status.summary()).contains("not in that list");
  }

  @Test
  void checkReportsConnectionRefused() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    ProxyStatus status = ClaudeProxy.builder().baseUrl("http://127.0.0.1:" + closedPort).build().check();

    assertThat(status.reachable()).isFalse();
    assertThat(status.usable()).isFalse();
    assertThat(status.summary()).contains("No Claude proxy is listening");
  }

  @Test
  void checkReportsARejectedKey() {
    server.requireApiKey("sk-real");

    ProxyStatus status = ClaudeProxy.builder().baseUrl(server.baseUrl()).apiKey("sk-wrong").build().check();

    assertThat(status.reachable()).isTrue();
    assertThat(status.authenticated()).isFalse();
    assertThat(status.summary()).contains("Invalid API key");
  }

  @Test
  void checkReportsAProxyWithoutUpstreamAccount() {
    server.failCountTokens(FakeResponse.error(503, "api_error", "no auth available"));

    ProxyStatus status = proxy().check();

    assertThat(status.usable()).isFalse();
    assertThat(status.failureCause()).hasValueSatisfying(f -> assertThat(f.kind()).isEqualTo(Kind.UNAVAILABLE));
    assertThat(status.summary()).contains("no Claude account");
  }

  @Test
  void checkReportsAnUnknownModel() {
    server.failCountTokens(FakeResponse.error(400, "model_not_found", "model not found: claude-x"));

    ProxyStatus status = ClaudeProxy.builder().baseUrl(server.baseUrl()).model("claude-x").build().check();

    assertThat(status.usable()).isFalse();
    assertThat(status.summary()).contains("does not offer the requested model");
  }

  private ClaudeProxy openAi() {
    return ClaudeProxy.builder().baseUrl(server.baseUrl()).provider(Provider.OPENAI).build();
  }

  @Test
  void speaksTheOpenAiCompatibleApiWhenAskedTo() throws Exception {
    server.enqueue(FakeResponse.toolUse("call_1", "cargo_check", "{\"package\":\"core\"}"), FakeResponse.text("ok"));

    ChatResponse response = openAi().chatModel().chat(UserMessage.from("check"));
    String text = openAi().chatModel().chat("again");

    assertThat(server.requests()).extracting(RecordedRequest::path).containsOnly("/v1/chat/completions");
    ToolExecutionRequest call = response.aiMessage().toolExecutionRequests().get(0);
    assertThat(call.name()).isEqualTo("cargo_check");
    assertThat(JSON.readTree(call.arguments())).isEqualTo(JSON.readTree("{\"package\":\"core\"}"));
    assertThat(text).isEqualTo("ok");
  }

  @Test
  void streamsTextAndToolArgumentsOverTheOpenAiCompatibleApi() throws Exception {
    server.enqueue(FakeResponse.message().text("Reading it.").toolUse("call_2", "read_file", "{\"path\":\"src/lib.rs\"}")
        .chunkSize(3).build());

    Collector collector = stream(openAi(), "read");
    ChatResponse response = collector.await();

    assertThat(String.join("", collector.partials)).isEqualTo("Reading it.");
    assertThat(JSON.readTree(response.aiMessage().toolExecutionRequests().get(0).arguments()))
        .isEqualTo(JSON.readTree("{\"path\":\"src/lib.rs\"}"));
  }

  @Test
  void mapsOpenAiCompatibleErrorsToTheSameKinds() throws Exception {
    server.enqueue(FakeResponse.rateLimited(Duration.ofSeconds(4)), FakeResponse.overloaded());

    ModelException blocking = callFails(openAi());
    ModelException streamed = stream(openAi(), "hi").awaitFailure();

    assertThat(blocking.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(blocking.retryAfter()).hasValue(Duration.ofSeconds(4));
    assertThat(streamed.kind()).isEqualTo(Kind.OVERLOADED);
  }

  @Test
  void buildsFromTheLlmSectionOfTheConfig() {
    server.requireApiKey("sk-config").enqueue(FakeResponse.text("configured"));
    LlmConfig config = LlmConfig.parse("[llm]\napi_endpoint = \"" + server.baseUrl() + "\"\n"
        + "model = \"claude-opus-4-5-20251101\"\nmax_tokens = 512\napi_key = \"sk-config\"\n", "test.toml", Map.of());

    ClaudeProxy proxy = ClaudeProxy.fromConfig(config);

    assertThat(proxy.chatModel().chat("hi")).isEqualTo("configured");
    assertThat(server.messageRequests().get(0).json().path("model").asText()).isEqualTo("claude-opus-4-5-20251101");
    assertThat(server.messageRequests().get(0).json().path("max_tokens").asInt()).isEqualTo(512);
  }

  @Test
  void warnsWhenTheModelIsNearItsEndOfLife() {
    Clock nov21 = Clock.fixed(Instant.parse("2026-11-21T00:00:00Z"), ZoneOffset.UTC);

    ClaudeProxy proxy = ClaudeProxy.builder().model("claude-sonnet-4-5-20250929").clock(nov21).build();

    assertThat(proxy.lifecycleWarning()).hasValueSatisfying(w -> assertThat(w).contains("retires on 2026-11-30"));
  }

  @Test
  void warnsWhenTheModelIsPastItsEndOfLife() {
    Clock dec1 = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);

    ClaudeProxy proxy = ClaudeProxy.builder().model("claude-sonnet-4.5").clock(dec1).build();

    assertThat(proxy.lifecycleWarning()).hasValueSatisfying(w -> assertThat(w).contains("was retired"));
  }

  @Test
  void doesNotWarnForTheDefaultModel() {
    assertThat(ClaudeProxy.builder().build().lifecycleWarning()).isEmpty();
  }

  @Test
  void acceptsABaseUrlEndingInV1() {
    assertThat(ClaudeProxy.builder().baseUrl("http://localhost:8317/v1/").build().baseUrl())
        .isEqualTo("http://localhost:8317");
  }

  @Test
  void rejectsBadSettingsAtOnce() {
    assertThatThrownBy(() -> ClaudeProxy.builder().baseUrl("localhost:8317"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http");
    assertThatThrownBy(() -> ClaudeProxy.builder().model(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClaudeProxy.builder().maxTokens(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClaudeProxy.builder().temperature(-0.1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClaudeProxy.builder().apiKey("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClaudeProxy.builder().requestTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Provider.fromName("gemini")).isInstanceOf(IllegalArgumentException.class);
  }
}
