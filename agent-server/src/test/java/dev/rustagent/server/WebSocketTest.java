package dev.rustagent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rustagent.testkit.FakeResponse;
import dev.rustagent.testkit.RecordedRequest;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The WebSocket protocol end to end, with the model streaming from a loopback fake Anthropic server. */
class WebSocketTest {
  private static ServerFixture fixture;

  @BeforeAll
  static void start() {
    fixture = ServerFixture.withAnthropic(WebSocketTest::script);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  private static final String STALLING = "This answer starts streaming and then the model goes quiet for a long time.";

  private static FakeResponse script(RecordedRequest request) {
    String task = ServerFixture.task(request);
    if (task.contains("stall")) {
      return FakeResponse.stalledMidStream(FakeResponse.message().text(STALLING).chunkSize(8).build(), 6);
    }
    if (task.contains("greeting")) {
      return ServerFixture.editThenAnswer(request);
    }
    return FakeResponse.message().text("Borrowing lets code use a value without taking ownership of it.")
        .chunkSize(10).build();
  }

  @Test
  void aQueryStreamsTokensAndEndsWithTheResult() {
    try (WsClient ws = WsClient.connect(fixture.server)) {
      ws.send("{\"type\":\"query\",\"prompt\":\"What is borrowing?\"}");

      JsonNode accepted = ws.next("accepted");
      JsonNode result = ws.next("result");

      assertThat(result.path("run_id").asText()).isEqualTo(accepted.path("run_id").asText());
      assertThat(result.path("status").asText()).isEqualTo("completed");
      assertThat(result.path("response").asText()).isEqualTo("Borrowing lets code use a value without taking ownership of it.");
      String streamed = ws.seen().stream().filter(m -> m.path("type").asText().equals("token"))
          .map(m -> m.path("text").asText()).reduce("", String::concat);
      assertThat(ws.seenTypes().stream().filter("token"::equals).count()).isPositive();
      assertThat(streamed).isEqualTo(result.path("response").asText());
    }
  }

  @Test
  void anEditAsksWithTheDiffAndApprovingChangesTheFile() {
    try (WsClient ws = WsClient.connect(fixture.server)) {
      ws.send("{\"type\":\"query\",\"prompt\":\"Change the greeting\"}");

      JsonNode ask = ws.next("approval_request");
      assertThat(ask.path("tool").asText()).isEqualTo("edit_file");
      assertThat(ask.path("actions").toString()).contains("MODIFY_CODE");
      assertThat(ask.path("description").asText())
          .contains("-    println!(\"Hello, world!\");").contains("+    println!(\"Hello from the server!\");");
      assertThat(fixture.mainRs()).contains("Hello, world!");

      ws.send("{\"type\":\"approval\",\"id\":\"" + ask.path("id").asText() + "\",\"allow\":true}");

      assertThat(ws.next("tool_result").path("ok").asBoolean()).isTrue();
      assertThat(ws.next("result").path("status").asText()).isEqualTo("completed");
      assertThat(fixture.mainRs()).contains("Hello from the server!");
    } finally {
      restoreMainRs();
    }
  }

  @Test
  void refusingAnEditLeavesTheFileAlone() {
    try (WsClient ws = WsClient.connect(fixture.server)) {
      ws.send("{\"type\":\"query\",\"prompt\":\"Change the greeting\"}");
      JsonNode ask = ws.next("approval_request");

      ws.send("{\"type\":\"approval\",\"id\":\"" + ask.path("id").asText() + "\",\"allow\":false}");

      assertThat(ws.next("tool_result").path("ok").asBoolean()).isFalse();
      ws.next("result");
      assertThat(fixture.mainRs()).isEqualTo(ServerFixture.MAIN_RS);
    }
  }

  @Test
  void aClientVanishingMidApprovalGetsTheCallRefusedAndTheRunCancelled() {
    String runId;
    try (WsClient ws = WsClient.connect(fixture.server)) {
      ws.send("{\"type\":\"query\",\"prompt\":\"Change the greeting\"}");
      runId = ws.next("accepted").path("run_id").asText();
      ws.next("approval_request");

      ws.vanish();
    }

    JsonNode status = awaitEnd(runId);
    assertThat(status.path("status").asText()).isEqualTo("cancelled");
    assertThat(fixture.mainRs()).isEqualTo(ServerFixture.MAIN_RS);
    assertThat(fixture.api.get("/api/v1/approvals").json().path("items")).isEmpty();
  }

  @Test
  void aClientVanishingMidStreamCancelsTheRun() {
    String runId;
    try (WsClient ws = WsClient.connect(fixture.server)) {
      ws.send("{\"type\":\"query\",\"prompt\":\"stall after a few words\"}");
      runId = ws.next("accepted").path("run_id").asText();
      ws.next("token");

      ws.vanish();
    }

    assertThat(awaitEnd(runId).path("status").asText()).isEqualTo("cancelled");
  }

  /** The model stalls mid-answer: the batch delay sends the text so far, and the cancel loses none of it. */
  @Test
  void aCancelMessageStopsTheRun() {
    try (WsClient ws = WsClient.connect(fixture.server)) {
      ws.send("{\"type\":\"query\",\"prompt\":\"stall please\"}");
      String runId = ws.next("accepted").path("run_id").asText();
      ws.next("token");

      ws.send("{\"type\":\"cancel\",\"run_id\":\"" + runId + "\"}");

      assertThat(ws.next("result").path("status").asText()).isEqualTo("cancelled");
      String streamed = ws.seen().stream().filter(m -> m.path("type").asText().equals("token"))
          .map(m -> m.path("text").asText()).reduce("", String::concat);
      assertThat(streamed).isNotEmpty();
      assertThat(STALLING).startsWith(streamed);
    }
  }

  @Test
  void badMessagesGetErrorsAndTheSocketStaysUsable() {
    try (WsClient ws = WsClient.connect(fixture.server)) {
      ws.sendRaw("{not json");
      assertThat(ws.next("error").path("message").asText()).startsWith("malformed JSON");
      ws.sendRaw("{\"type\":\"query\"}");
      assertThat(ws.next("error").path("message").asText()).isEqualTo("'prompt' is required");
      ws.sendRaw("{\"type\":\"approval\",\"id\":\"appr_nope\",\"allow\":true}");
      assertThat(ws.next("error").path("status").asInt()).isEqualTo(404);
      ws.sendRaw("{\"type\":\"cancel\",\"run_id\":\"run_nope\"}");
      assertThat(ws.next("error").path("message").asText()).contains("run_nope");
      ws.sendRaw("{\"type\":\"query\",\"prompt\":\"x\",\"session_id\":\"sess_nope\"}");
      assertThat(ws.next("error").path("status").asInt()).isEqualTo(404);

      ws.send("{\"type\":\"ping\"}");
      ws.next("pong");
    }
  }

  @Test
  void anOversizedMessageGetsA413ErrorWhileTheSocketAndItsRunCarryOn() {
    try (WsClient ws = WsClient.connect(fixture.server)) {
      ws.send("{\"type\":\"query\",\"prompt\":\"What is borrowing?\"}");
      ws.sendRaw("{\"type\":\"query\",\"prompt\":\"" + "x".repeat(300 * 1024) + "\"}");

      JsonNode error = ws.next("error");
      assertThat(error.path("status").asInt()).isEqualTo(413);
      assertThat(error.path("message").asText()).contains("over the 262144 bytes accepted");
      JsonNode first = ws.seen().stream().filter(m -> m.path("type").asText().equals("result")).findFirst()
          .orElseGet(() -> ws.next("result"));
      assertThat(first.path("status").asText()).isEqualTo("completed");
      ws.send("{\"type\":\"query\",\"prompt\":\"What is borrowing?\"}");
      assertThat(ws.next("result").path("status").asText()).isEqualTo("completed");
    }
  }

  @Test
  void aMessageOverTheSocketLimitClosesOnlyThatSocketWithMessageTooBig() {
    try (WsClient big = WsClient.connect(fixture.server)) {
      big.sendRaw("{\"type\":\"query\",\"prompt\":\"" + "x".repeat(1100 * 1024) + "\"}");

      assertThat(big.closeCode()).isEqualTo(1009);
    }
    try (WsClient ws = WsClient.connect(fixture.server)) {
      ws.send("{\"type\":\"query\",\"prompt\":\"What is borrowing?\"}");
      assertThat(ws.next("result").path("status").asText()).isEqualTo("completed");
    }
  }

  @Test
  void idleSocketsGetHeartbeats() {
    try (ServerFixture quick = ServerFixture.withAnthropic(WebSocketTest::script,
        b -> b.heartbeat(java.time.Duration.ofMillis(200)));
        WsClient ws = WsClient.connect(quick.server)) {
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (ws.pings() < 2 && System.nanoTime() < deadline) {
        sleep(50);
      }

      assertThat(ws.pings()).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void aForeignOriginCannotOpenTheSocket() {
    assertThatThrownBy(() -> WsClient.connect(fixture.server, fixture.server.token(), "https://evil.example"))
        .isInstanceOf(CompletionException.class)
        .cause().isInstanceOf(WebSocketHandshakeException.class)
        .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(403));
  }

  @Test
  void theServersOwnOriginMayOpenTheSocket() {
    try (WsClient ws = WsClient.connect(fixture.server, fixture.server.token(),
        "http://127.0.0.1:" + fixture.server.port())) {
      ws.send("{\"type\":\"ping\"}");
      ws.next("pong");
    }
  }

  @Test
  void aMissingOrWrongTokenCannotOpenTheSocket() {
    for (String token : new String[] {null, "wrong-token-wrong-token"}) {
      assertThatThrownBy(() -> WsClient.connect(fixture.server, token, null))
          .cause().isInstanceOf(WebSocketHandshakeException.class)
          .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(401));
    }
  }

  private static JsonNode awaitEnd(String runId) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      JsonNode status = fixture.api.get("/api/v1/agent/" + runId + "/status").json();
      String s = status.path("status").asText();
      if (!s.equals("queued") && !s.equals("running")) {
        return status;
      }
      sleep(50);
    }
    throw new AssertionError("run " + runId + " did not end within 30 s");
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void restoreMainRs() {
    try {
      java.nio.file.Files.writeString(fixture.workspace.resolve("src/main.rs"), ServerFixture.MAIN_RS);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
