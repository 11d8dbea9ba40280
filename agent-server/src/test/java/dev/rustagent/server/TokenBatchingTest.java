package dev.rustagent.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rustagent.testkit.FakeResponse;
import dev.rustagent.testkit.RecordedRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Streamed tokens are coalesced into fewer WebSocket messages, over a real socket with the model streaming
 * from the loopback fake Anthropic server, and nothing is lost, split or overtaken. Most tests use a server
 * whose batch delay is longer than the test, so that only the size limit and the flush before every other
 * message send text: a message that overtook buffered text would show.
 */
class TokenBatchingTest {
  /** Multi-byte text: accents, CJK, and emoji outside the BMP (surrogate pairs in Java and JavaScript). */
  private static final String LINE = "Ownership 🦀 moves; borrowing — ünïcode, 所有权 and 借用 🚀🔥. ";
  /** Over 4096 characters, so the size limit sends some batches. */
  private static final String LONG = LINE.repeat(90);
  private static final int LONG_CHUNK = 2;

  /** Batches go out by size or before another message only. */
  private static ServerFixture fixture;

  @BeforeAll
  static void start() {
    fixture = ServerFixture.withAnthropic(TokenBatchingTest::script, b -> b.tokenBatchDelay(Duration.ofMinutes(1)));
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  private static FakeResponse script(RecordedRequest request) {
    String task = ServerFixture.task(request);
    if (task.contains("greeting")) {
      return ServerFixture.editThenAnswer(request);
    }
    return FakeResponse.message().text(LONG).chunkSize(LONG_CHUNK).build();
  }

  @Test
  void aLongAnswerArrivesInFewerMessagesThanTokensAndJoinsToTheExactText() {
    try (WsClient ws = WsClient.connect(fixture.server)) {
      ws.send("{\"type\":\"query\",\"prompt\":\"Tell me a long story\"}");

      JsonNode result = ws.next("result");

      List<String> texts = tokenTexts(ws.seen());
      long streamedTokens = (LONG.codePointCount(0, LONG.length()) + LONG_CHUNK - 1) / LONG_CHUNK;
      assertThat(texts).hasSizeLessThan((int) streamedTokens).isNotEmpty();
      assertThat(String.join("", texts)).isEqualTo(LONG);
      assertThat(result.path("response").asText()).isEqualTo(LONG);
    }
  }

  @Test
  void noTokenMessageIsLongerThanTheBatchLimitOrSplitsACharacter() {
    try (WsClient ws = WsClient.connect(fixture.server)) {
      ws.send("{\"type\":\"query\",\"prompt\":\"Tell me a long story again\"}");
      ws.next("result");

      assertThat(tokenTexts(ws.seen())).allSatisfy(text -> {
        assertThat(text.length()).isLessThan(WsConnection.TOKEN_BATCH_CHARS + 2 * LONG_CHUNK);
        assertThat(Character.isLowSurrogate(text.charAt(0))).isFalse();
        assertThat(Character.isHighSurrogate(text.charAt(text.length() - 1))).isFalse();
      });
    }
  }

  @Test
  void aToolCallAndItsApprovalNeverOvertakeTheTextStreamedBeforeThem() {
    try (WsClient ws = WsClient.connect(fixture.server)) {
      ws.send("{\"type\":\"query\",\"prompt\":\"Change the greeting\"}");
      JsonNode ask = ws.next("approval_request");
      List<JsonNode> beforeAsk = ws.seen();
      ws.send("{\"type\":\"approval\",\"id\":\"" + ask.path("id").asText() + "\",\"allow\":false}");
      JsonNode result = ws.next("result");

      int toolCall = indexOf(beforeAsk, "tool_call");
      assertThat(toolCall).isPositive();
      assertThat(String.join("", tokenTexts(beforeAsk.subList(0, toolCall)))).isEqualTo("I will change the greeting.");
      assertThat(tokenTexts(beforeAsk.subList(toolCall, beforeAsk.size()))).isEmpty();
      List<JsonNode> all = ws.seen();
      assertThat(String.join("", tokenTexts(all))).endsWith(result.path("response").asText())
          .startsWith("I will change the greeting.");
      assertThat(all.get(all.size() - 1).path("type").asText()).isEqualTo("result");
    }
  }

  private static List<String> tokenTexts(List<JsonNode> messages) {
    return messages.stream().filter(m -> m.path("type").asText().equals("token")).map(m -> m.path("text").asText())
        .toList();
  }

  private static int indexOf(List<JsonNode> messages, String type) {
    for (int i = 0; i < messages.size(); i++) {
      if (messages.get(i).path("type").asText().equals(type)) {
        return i;
      }
    }
    return -1;
  }
}
