package dev.rustagent.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rustagent.testkit.FakeResponse;
import dev.rustagent.testkit.RecordedRequest;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Helper agents and approvals over plain REST (clients without a socket). */
class HelpersAndApprovalsTest {
  private static ServerFixture fixture;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    fixture = ServerFixture.withAnthropic(HelpersAndApprovalsTest::script);
    api = fixture.api;
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @AfterEach
  void restore() throws Exception {
    Files.writeString(fixture.workspace.resolve("src/main.rs"), ServerFixture.MAIN_RS);
  }

  private static FakeResponse script(RecordedRequest request) {
    String task = ServerFixture.task(request);
    if (task.contains("greeting")) {
      return ServerFixture.editThenAnswer(request);
    }
    if (task.contains("stall")) {
      return FakeResponse.stalledMidStream(FakeResponse.message().text("Working on it for a long time").build(), 4);
    }
    if (task.contains("budget")) {
      if (!ServerFixture.hasToolResult(request)) {
        return FakeResponse.message().text("Let me read the file first.")
            .toolUse("toolu_read", "read_file", "{\"path\":\"src/main.rs\"}").usage(10, 50).build();
      }
      return FakeResponse.text("the second turn");
    }
    if (task.contains("tools")) {
      return FakeResponse.text("I have: " + request.json().path("tools").findValuesAsText("name"));
    }
    return FakeResponse.text("helper done: " + task);
  }

  @Test
  void aSpawnedHelperRunsAndReportsItsAnswer() {
    ApiClient.Response spawned = api.post("/api/v1/agent/spawn", "{\"task\":\"summarise the crate\"}");
    assertThat(spawned.status()).isEqualTo(202);

    JsonNode status = awaitEnd(spawned.json().path("id").asText());

    assertThat(status.path("status").asText()).isEqualTo("completed");
    assertThat(status.path("kind").asText()).isEqualTo("helper");
    assertThat(status.path("answer").asText()).isEqualTo("helper done: summarise the crate");
    assertThat(api.get("/api/v1/agents").json().path("items").findValuesAsText("id"))
        .contains(spawned.json().path("id").asText());
  }

  @Test
  void aHelperGetsOnlyTheToolsItAskedFor() {
    String id = api.post("/api/v1/agent/spawn", "{\"task\":\"list your tools\",\"tools\":[\"read_file\"]}").json()
        .path("id").asText();

    assertThat(awaitEnd(id).path("answer").asText()).isEqualTo("I have: [read_file]");
  }

  @Test
  void aHelperAskingForAnUnknownToolIsA400() {
    ApiClient.Response r = api.post("/api/v1/agent/spawn", "{\"task\":\"x\",\"tools\":[\"rm_rf\"]}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("error").asText()).contains("rm_rf");
  }

  @Test
  void deletingAHelperCancelsIt() {
    String id = api.post("/api/v1/agent/spawn", "{\"task\":\"stall for ever\"}").json().path("id").asText();

    ApiClient.Response r = api.delete("/api/v1/agent/" + id);

    assertThat(r.status()).isEqualTo(202);
    assertThat(awaitEnd(id).path("status").asText()).isEqualTo("cancelled");
  }

  @Test
  void maxTokensCancelsTheRunAfterTheTurnThatSpendsMore() {
    long before = fixture.anthropic.messageRequests().size();

    ApiClient.Response r = api.post("/api/v1/query", "{\"prompt\":\"stay within the budget\",\"max_tokens\":20}");

    assertThat(r.json().path("status").asText()).isEqualTo("cancelled");
    assertThat(fixture.anthropic.messageRequests().size() - before).isEqualTo(1);
  }

  @Test
  void withinMaxTokensTheRunCompletes() {
    ApiClient.Response r = api.post("/api/v1/query", "{\"prompt\":\"a generous budget\",\"max_tokens\":1000}");

    assertThat(r.json().path("status").asText()).isEqualTo("completed");
    assertThat(r.json().path("response").asText()).isEqualTo("the second turn");
  }

  @Test
  void unknownAgentIdsAre404s() {
    assertThat(api.get("/api/v1/agent/run_nope/status").status()).isEqualTo(404);
    assertThat(api.delete("/api/v1/agent/run_nope").status()).isEqualTo(404);
  }

  @Test
  void aRestQueryWaitsForAnApprovalAnsweredOverRest() throws Exception {
    CompletableFuture<ApiClient.Response> query = CompletableFuture.supplyAsync(
        () -> api.post("/api/v1/query", "{\"prompt\":\"Change the greeting\"}"));
    JsonNode pending = awaitApproval();
    assertThat(pending.path("tool").asText()).isEqualTo("edit_file");
    assertThat(pending.path("description").asText()).contains("+    println!(\"Hello from the server!\");");

    ApiClient.Response answered = api.post("/api/v1/approvals/" + pending.path("id").asText(), "{\"allow\":true}");

    assertThat(answered.status()).isEqualTo(200);
    assertThat(query.get().json().path("status").asText()).isEqualTo("completed");
    assertThat(fixture.mainRs()).contains("Hello from the server!");
  }

  @Test
  void anApprovalRefusedOverRestLeavesTheFileAlone() throws Exception {
    CompletableFuture<ApiClient.Response> query = CompletableFuture.supplyAsync(
        () -> api.post("/api/v1/query", "{\"prompt\":\"Change the greeting\"}"));
    JsonNode pending = awaitApproval();

    api.post("/api/v1/approvals/" + pending.path("id").asText(), "{\"allow\":false}");

    assertThat(query.get().json().path("response").asText()).contains("permission denied");
    assertThat(fixture.mainRs()).isEqualTo(ServerFixture.MAIN_RS);
  }

  @Test
  void aRestClientHangingUpMidApprovalGetsItsQuestionRefusedAndItsRunCancelledAtOnce() throws Exception {
    // The fixture's approval timeout is 5 minutes: ending within the 30 s of awaitEnd means the hang-up
    // itself was noticed.
    String runId;
    try (Socket client = new Socket(fixture.server.baseUri().getHost(), fixture.server.port())) {
      String body = "{\"prompt\":\"Change the greeting\"}";
      client.getOutputStream().write(("POST /api/v1/query HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
          + fixture.server.token() + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
          + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
      client.getOutputStream().flush();
      runId = awaitApproval().path("run_id").asText();
    }

    assertThat(awaitEnd(runId).path("status").asText()).isEqualTo("cancelled");
    assertThat(api.get("/api/v1/approvals").json().path("items")).isEmpty();
    assertThat(fixture.mainRs()).isEqualTo(ServerFixture.MAIN_RS);
  }

  @Test
  void answeringAnUnknownApprovalIsA404() {
    ApiClient.Response r = api.post("/api/v1/approvals/appr_nope", "{\"allow\":true}");

    assertThat(r.status()).isEqualTo(404);
  }

  @Test
  void anApprovalAnswerWithoutAllowIsA400() {
    ApiClient.Response r = api.post("/api/v1/approvals/appr_nope", "{\"always\":true}");

    assertThat(r.status()).isEqualTo(400);
  }

  private static JsonNode awaitApproval() {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      JsonNode items = api.get("/api/v1/approvals").json().path("items");
      if (items.size() > 0) {
        return items.get(0);
      }
      WebSocketTest.sleep(50);
    }
    throw new AssertionError("no approval pending within 30 s");
  }

  static JsonNode awaitEnd(String id) {
    return awaitEnd(api, id);
  }

  /** The status of run {@code id} once it has ended; fails after 30 s. */
  static JsonNode awaitEnd(ApiClient api, String id) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      JsonNode status = api.get("/api/v1/agent/" + id + "/status").json();
      String s = status.path("status").asText();
      if (!s.equals("queued") && !s.equals("running")) {
        return status;
      }
      WebSocketTest.sleep(50);
    }
    throw new AssertionError("run " + id + " did not end within 30 s");
  }
}
