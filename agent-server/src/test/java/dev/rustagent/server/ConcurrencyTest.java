package dev.rustagent.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rustagent.testkit.FakeResponse;
import dev.rustagent.testkit.RecordedRequest;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Many clients at once: the workspace queue, read-only runs beside it, back-pressure and stopping. */
class ConcurrencyTest {

  private static FakeResponse script(RecordedRequest request) {
    String task = ServerFixture.task(request);
    if (task.contains("greeting")) {
      return ServerFixture.editThenAnswer(request);
    }
    if (task.contains("stall")) {
      return FakeResponse.stalledMidStream(FakeResponse.message().text("Thinking about it for a long while").build(), 4);
    }
    return FakeResponse.delayed(Duration.ofMillis(100), FakeResponse.text("answer to " + task));
  }

  @Test
  void aHundredConcurrentQueriesAreAnsweredOrToldToRetryLater() {
    try (ServerFixture fixture = ServerFixture.withAnthropic(ConcurrencyTest::script, b -> b.maxQueuedRuns(8))) {
      HttpClient http = HttpClient.newHttpClient();
      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        HttpRequest request = HttpRequest.newBuilder(fixture.server.baseUri().resolve("/api/v1/query"))
            .header("Authorization", "Bearer " + fixture.server.token()).timeout(Duration.ofSeconds(120))
            .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"question " + i + "\"}")).build();
        calls.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
      }
      List<HttpResponse<String>> responses = calls.stream().map(CompletableFuture::join).toList();

      List<HttpResponse<String>> answered = responses.stream().filter(r -> r.statusCode() == 200).toList();
      List<HttpResponse<String>> refused = responses.stream().filter(r -> r.statusCode() == 429).toList();
      assertThat(answered.size() + refused.size()).isEqualTo(100);
      assertThat(refused).isNotEmpty();
      assertThat(answered.size()).isGreaterThanOrEqualTo(9);
      for (HttpResponse<String> r : refused) {
        assertThat(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 300L);
        assertThat(OpenApiContract.get().responseErrors("POST", "/api/v1/query", 429, r.body())).isEmpty();
      }
      for (HttpResponse<String> r : answered) {
        assertThat(OpenApiContract.get().responseErrors("POST", "/api/v1/query", 200, r.body())).isEmpty();
        assertThat(r.body()).contains("\"status\":\"completed\"");
      }
      assertThat(fixture.api.post("/api/v1/query", "{\"prompt\":\"after the rush\"}").status()).isEqualTo(200);
    }
  }

  @Test
  void readOnlyQueriesRunWhileAModifyingRunHoldsTheWorkspaceAndOthersQueue() {
    try (ServerFixture fixture = ServerFixture.withAnthropic(ConcurrencyTest::script);
        WsClient first = WsClient.connect(fixture.server);
        WsClient second = WsClient.connect(fixture.server)) {
      first.send("{\"type\":\"query\",\"prompt\":\"Change the greeting\"}");
      JsonNode ask = first.next("approval_request");

      ApiClient.Response readOnly = fixture.api.post("/api/v1/query", "{\"prompt\":\"read something\",\"read_only\":true}");
      assertThat(readOnly.json().path("status").asText()).isEqualTo("completed");

      second.send("{\"type\":\"query\",\"prompt\":\"plain question\"}");
      assertThat(second.next("queued").path("position").asInt()).isEqualTo(1);

      first.send("{\"type\":\"approval\",\"id\":\"" + ask.path("id").asText() + "\",\"allow\":true}");
      assertThat(first.next("result").path("status").asText()).isEqualTo("completed");
      assertThat(second.next("result").path("status").asText()).isEqualTo("completed");
    }
  }

  @Test
  void aReadOnlyQueryCannotModifyTheWorkspace() {
    try (ServerFixture fixture = ServerFixture.withAnthropic(ConcurrencyTest::script)) {
      ApiClient.Response r = fixture.api.post("/api/v1/query", "{\"prompt\":\"Change the greeting\",\"read_only\":true}");

      assertThat(r.json().path("response").asText()).contains("denied");
      assertThat(fixture.mainRs()).isEqualTo(ServerFixture.MAIN_RS);
      assertThat(fixture.api.get("/api/v1/approvals").json().path("items")).isEmpty();
    }
  }

  private static void awaitActiveRuns(ServerFixture fixture, int runs) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (fixture.api.get("/health").json().path("active_runs").asInt() < runs) {
      assertThat(System.nanoTime()).as("%s runs active within 30 s", runs).isLessThan(deadline);
      WebSocketTest.sleep(50);
    }
  }

  @Test
  void stoppingCancelsRunsInFlightAndTheirEndIsRecorded() {
    ServerFixture fixture = ServerFixture.withAnthropic(ConcurrencyTest::script);
    try (WsClient ws = WsClient.connect(fixture.server)) {
      ws.send("{\"type\":\"query\",\"prompt\":\"stall on the socket\"}");
      ws.next("token");
      CompletableFuture<ApiClient.Response> readOnly = CompletableFuture.supplyAsync(
          () -> fixture.api.post("/api/v1/query", "{\"prompt\":\"stall over rest\",\"read_only\":true}"));
      awaitActiveRuns(fixture, 2);
      long before = fixture.memory.episodes().count();

      fixture.server.stop();

      assertThat(ws.next("result").path("status").asText()).isEqualTo("cancelled");
      assertThat(readOnly.join().json().path("status").asText()).isEqualTo("cancelled");
      assertThat(fixture.memory.episodes().count()).isEqualTo(before + 2);
      assertThat(fixture.memory.episodes().similar("stall", 10).stream()
          .map(s -> s.value().interaction().userMessage())).contains("stall on the socket", "stall over rest");
    } finally {
      fixture.close();
    }
  }
}
