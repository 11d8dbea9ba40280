package dev.rustagent.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.RateLimitException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.CacheControlEphemeral;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.messages.Usage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: the official Java SDK ({@code com.anthropic:anthropic-java}, test scope) against
 * FakeAnthropicServer: what the SDK parses out of the fake's answers is what the real API would give it.
 */
class OfficialJavaSdkTest {
  private static final String MODEL = "claude-sonnet-4-6";
  private static final String EMOJI_TEXT = "Ferris says hi \uD83E\uDD80 and bye \uD83E\uDD80\uD83E\uDD80";

  private final FakeAnthropicServer server = FakeAnthropicServer.start();
  private final AnthropicClient client = AnthropicOkHttpClient.builder()
      .baseUrl(server.baseUrl()).apiKey("sk-ant-test").maxRetries(0).build();

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private static MessageCreateParams ask(String question) {
    return MessageCreateParams.builder().model(MODEL).maxTokens(1024).addUserMessage(question).build();
  }

  private Message streamed(MessageCreateParams params) {
    MessageAccumulator accumulator = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {
      stream.stream().forEach(accumulator::accumulate);
    }
    return accumulator.message();
  }

  @Test
  void aPlainMessageParsesWithItsIdModelStopReasonAndUsage() {
    server.enqueue(FakeResponse.text("Use a slice."));

    Message message = client.messages().create(ask("how do I pass a Vec?"));

    assertThat(message.content()).singleElement().satisfies(b -> assertThat(b.asText().text()).isEqualTo("Use a slice."));
    assertThat(message.id()).startsWith("msg_");
    assertThat(message.model().asString()).isEqualTo(MODEL);
    assertThat(message.stopReason()).contains(StopReason.END_TURN);
    assertThat(message.usage().inputTokens()).isPositive();
    assertThat(message.usage().outputTokens()).isPositive();
  }

  @Test
  void aStreamedEmojiCutIntoOneCodePointPerChunkArrivesWhole() {
    server.enqueue(FakeResponse.message().text(EMOJI_TEXT).chunkSize(1).build());

    Message message = streamed(ask("say hi"));

    assertThat(message.content()).singleElement().satisfies(b -> assertThat(b.asText().text()).isEqualTo(EMOJI_TEXT));
    assertThat(server.messageRequests().get(0).streaming()).isTrue();
  }

  @Test
  void aStreamedToolCallReassemblesItsInputJson() {
    server.enqueue(FakeResponse.message().text("Checking.")
        .toolUse("toolu_01", "cargo_check", "{\"package\":\"core\",\"all_targets\":true}").chunkSize(3).build());

    Message message = streamed(ask("check the core package"));

    ContentBlock tool = message.content().stream().filter(ContentBlock::isToolUse).findFirst().orElseThrow();
    assertThat(tool.asToolUse().id()).isEqualTo("toolu_01");
    assertThat(tool.asToolUse().name()).isEqualTo("cargo_check");
    @SuppressWarnings("unchecked")
    Map<String, Object> input = (Map<String, Object>) tool.asToolUse()._input().convert(Map.class);
    assertThat(input).containsEntry("package", "core").containsEntry("all_targets", true).hasSize(2);
    assertThat(message.stopReason()).contains(StopReason.TOOL_USE);
  }

  @Test
  void aRepeatedCachedPrefixIsWrittenThenReadInTheUsage() {
    String longSystem = "You are a careful Rust reviewer. ".repeat(400);
    MessageCreateParams params = MessageCreateParams.builder().model(MODEL).maxTokens(256)
        .systemOfTextBlockParams(List.of(TextBlockParam.builder().text(longSystem)
            .cacheControl(CacheControlEphemeral.builder().build()).build()))
        .addUserMessage("review main.rs").build();
    server.enqueue(FakeResponse.text("first"), FakeResponse.text("second"));

    Usage first = client.messages().create(params).usage();
    Usage second = client.messages().create(params).usage();

    assertThat(first.cacheCreationInputTokens()).hasValueSatisfying(v -> assertThat(v).isPositive());
    assertThat(first.cacheReadInputTokens()).contains(0L);
    assertThat(second.cacheReadInputTokens()).isEqualTo(first.cacheCreationInputTokens());
    assertThat(second.cacheCreationInputTokens()).contains(0L);
    assertThat(second.serviceTier()).isPresent();
  }

  @Test
  void aThinkingBlockKeepsItsSignatureStreamedOrNot() {
    FakeResponse thinking = FakeResponse.message().thinking("The borrow ends early.", "sig-123").text("Done").build();
    server.enqueue(thinking, thinking);
    MessageCreateParams params = MessageCreateParams.builder().model(MODEL).maxTokens(2048).enabledThinking(1024)
        .addUserMessage("why does it compile?").build();

    for (Message message : List.of(client.messages().create(params), streamed(params))) {
      ContentBlock block = message.content().get(0);
      assertThat(block.isThinking()).isTrue();
      assertThat(block.asThinking().thinking()).isEqualTo("The borrow ends early.");
      assertThat(block.asThinking().signature()).isEqualTo("sig-123");
      assertThat(message.content().get(1).asText().text()).isEqualTo("Done");
    }
  }

  @Test
  void aStopSequenceIsReported() {
    server.enqueue(FakeResponse.message().text("partial").stopSequence("END").build());

    Message message = client.messages().create(ask("stop at END"));

    assertThat(message.stopReason()).contains(StopReason.STOP_SEQUENCE);
    assertThat(message.stopSequence()).contains("END");
  }

  @Test
  void anAnthropicAuthenticationErrorCarriesItsTypeMessageAndRequestId() {
    server.enqueue(FakeResponse.error(401, "authentication_error", "invalid x-api-key"));

    UnauthorizedException error = catchThrowableOfType(UnauthorizedException.class,
        () -> client.messages().create(ask("hi")));

    assertThat(error.statusCode()).isEqualTo(401);
    assertThat(error.apiMessage()).contains("invalid x-api-key");
    assertThat(error.errorType().map(Object::toString)).contains("authentication_error");
    assertThat(error.requestId()).hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
  }

  @Test
  void aProxysMissingKeyAnswerIsStillAnAuthenticationError() {
    server.requireApiKey("sk-proxy");

    UnauthorizedException error = catchThrowableOfType(UnauthorizedException.class,
        () -> client.messages().create(ask("hi")));

    assertThat(error.statusCode()).isEqualTo(401);
    assertThat(error.body().toString()).contains("Invalid API key");
  }

  @Test
  void aRateLimitCarriesItsRetryAfter() {
    server.enqueue(FakeResponse.rateLimited(Duration.ofSeconds(7)));

    RateLimitException error = catchThrowableOfType(RateLimitException.class, () -> client.messages().create(ask("hi")));

    assertThat(error.statusCode()).isEqualTo(429);
    assertThat(error.headers().values("retry-after")).containsExactly("7");
    assertThat(error.errorType().map(Object::toString)).contains("rate_limit_error");
    assertThat(error.requestId()).isPresent();
  }
}
