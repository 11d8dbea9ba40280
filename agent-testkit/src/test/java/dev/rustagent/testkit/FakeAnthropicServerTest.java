package dev.rustagent.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeAnthropicServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REQUEST =
      "{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private static final String STREAM_REQUEST =
      "{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":100,\"stream\":true,"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  private final FakeAnthropicServer server = FakeAnthropicServer.start();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> eventNames(String sse) {
    List<String> names = new ArrayList<>();
    for (String line : sse.split("\n")) {
      if (line.startsWith("event: ")) {
        names.add(line.substring(7));
      }
    }
    return names;
  }

  @Test
  void answersAMessageRequestWithTheScriptedTextAsJson() throws Exception {
    server.enqueue(FakeResponse.text("Use Rc<RefCell<T>> here."));

    HttpResponse<String> response = post("/v1/messages", REQUEST);

    JsonNode json = JSON.readTree(response.body());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json.path("type").asText()).isEqualTo("message");
    assertThat(json.path("content").get(0).path("text").asText()).isEqualTo("Use Rc<RefCell<T>> here.");
    assertThat(json.path("stop_reason").asText()).isEqualTo("end_turn");
    assertThat(json.path("usage").path("input_tokens").asInt()).isPositive();
  }

  @Test
  void answersAToolUseWithParsedInputAndStopReasonToolUse() throws Exception {
    server.enqueue(FakeResponse.toolUse("toolu_1", "cargo_check", "{\"package\":\"core\"}"));

    JsonNode json = JSON.readTree(post("/v1/messages", REQUEST).body());

    JsonNode block = json.path("content").get(0);
    assertThat(block.path("type").asText()).isEqualTo("tool_use");
    assertThat(block.path("name").asText()).isEqualTo("cargo_check");
    assertThat(block.path("input").path("package").asText()).isEqualTo("core");
    assertThat(json.path("stop_reason").asText()).isEqualTo("tool_use");
  }

  @Test
  void streamsTheAnthropicEventSequenceWhenTheRequestAsksForAStream() throws Exception {
    server.enqueue(FakeResponse.message().text("hello world").toolUse("toolu_9", "shell", "{\"cmd\":\"ls\"}").build());

    HttpResponse<String> response = post("/v1/messages", STREAM_REQUEST);

    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/event-stream"));
    List<String> names = eventNames(response.body());
    assertThat(names.get(0)).isEqualTo("message_start");
    assertThat(names).contains("ping", "content_block_start", "content_block_delta", "content_block_stop",
        "message_delta");
    assertThat(names.get(names.size() - 1)).isEqualTo("message_stop");
    assertThat(response.body()).contains("\"type\":\"input_json_delta\"").contains("\"stop_reason\":\"tool_use\"");
  }

  @Test
  void splitsToolArgumentsIntoInputJsonDeltaFragmentsThatJoinToTheInput() throws Exception {
    String input = "{\"path\":\"src/lib.rs\",\"line\":42}";
    server.enqueue(FakeResponse.message().toolUse("toolu_1", "read_file", input).chunkSize(5).build());

    String body = post("/v1/messages", STREAM_REQUEST).body();

    StringBuilder joined = new StringBuilder();
    int fragments = 0;
    for (String line : body.split("\n")) {
      if (line.startsWith("data: ") && line.contains("input_json_delta")) {
        joined.append(JSON.readTree(line.substring(6)).path("delta").path("partial_json").asText());
        fragments++;
      }
    }
    assertThat(joined.toString()).isEqualTo(input);
    assertThat(fragments).isGreaterThan(1);
  }

  @Test
  void sendsA429WithRetryAfterAndTheAnthropicErrorBody() throws Exception {
    server.enqueue(FakeResponse.rateLimited(Duration.ofSeconds(7)));

    HttpResponse<String> response = post("/v1/messages", REQUEST);

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.headers().firstValue("retry-after")).hasValue("7");
    JsonNode json = JSON.readTree(response.body());
    assertThat(json.path("type").asText()).isEqualTo("error");
    assertThat(json.path("error").path("type").asText()).isEqualTo("rate_limit_error");
  }

  @Test
  void sendsOverloadedAs529() throws Exception {
    server.enqueue(FakeResponse.overloaded());

    HttpResponse<String> response = post("/v1/messages", REQUEST);

    assertThat(response.statusCode()).isEqualTo(529);
    assertThat(JSON.readTree(response.body()).path("error").path("type").asText()).isEqualTo("overloaded_error");
  }

  @Test
  void sendsModelCooldownWithResetSecondsInTheBody() throws Exception {
    server.enqueue(FakeResponse.modelCooldown("claude-sonnet-4-6", 12));

    HttpResponse<String> response = post("/v1/messages", REQUEST);

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(JSON.readTree(response.body()).path("error").path("reset_seconds").asInt()).isEqualTo(12);
  }

  @Test
  void dropsTheConnectionMidStreamSoTheClientSeesAnIoError() throws Exception {
    server.enqueue(FakeResponse.droppedMidStream(FakeResponse.text("a long answer that never ends"), 3));
    HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/messages"))
        .POST(HttpRequest.BodyPublishers.ofString(STREAM_REQUEST)).build();

    HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());

    assertThat(response.statusCode()).isEqualTo(200);
    try (InputStream body = response.body()) {
      assertThatThrownBy(body::readAllBytes).isInstanceOf(IOException.class);
    }
  }

  @Test
  void sendsAnErrorEventMidStream() throws Exception {
    server.enqueue(FakeResponse.errorMidStream(FakeResponse.text("partial answer"), 2, "overloaded_error",
        "Overloaded"));

    String body = post("/v1/messages", STREAM_REQUEST).body();

    List<String> names = eventNames(body);
    assertThat(names).containsExactly("message_start", "ping", "error");
    assertThat(body).contains("\"overloaded_error\"");
  }

  @Test
  void canEndAStreamWithoutMessageStop() throws Exception {
    server.enqueue(FakeResponse.withoutMessageStop(FakeResponse.text("cut")));

    List<String> names = eventNames(post("/v1/messages", STREAM_REQUEST).body());

    assertThat(names).contains("message_delta").doesNotContain("message_stop");
  }

  @Test
  void recordsHeadersAndBodiesOfEveryRequest() throws Exception {
    server.enqueue(FakeResponse.text("ok"));

    post("/v1/messages", REQUEST, "x-api-key", "sk-test", "anthropic-version", "2023-06-01");

    RecordedRequest recorded = server.messageRequests().get(0);
    assertThat(recorded.apiKey()).hasValue("sk-test");
    assertThat(recorded.header("Anthropic-Version")).hasValue("2023-06-01");
    assertThat(recorded.json().path("messages").get(0).path("content").asText()).isEqualTo("hi");
  }

  @Test
  void usesTheScriptFunctionOnceTheQueueIsEmpty() throws Exception {
    server.enqueue(FakeResponse.text("first"));
    server.respondWith(request -> FakeResponse.text("echo " + request.json().path("max_tokens").asInt()));

    post("/v1/messages", REQUEST);
    String second = post("/v1/messages", REQUEST).body();

    assertThat(JSON.readTree(second).path("content").get(0).path("text").asText()).isEqualTo("echo 100");
  }

  @Test
  void answersUnscriptedRequestsWithAnErrorNamingTheProblem() throws Exception {
    HttpResponse<String> response = post("/v1/messages", REQUEST);

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body()).contains("no scripted response");
  }

  @Test
  void rejectsAMessageRequestWithoutMaxTokensLikeTheRealApi() throws Exception {
    server.enqueue(FakeResponse.text("unused"));

    HttpResponse<String> response = post("/v1/messages", "{\"model\":\"m\",\"messages\":[]}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("invalid_request_error").contains("max_tokens");
    assertThat(server.pendingResponses()).isEqualTo(1);
  }

  @Test
  void rejectsMissingAndWrongKeysWhenAKeyIsRequired() throws Exception {
    server.requireApiKey("sk-right");

    HttpResponse<String> missing = post("/v1/messages", REQUEST);
    HttpResponse<String> wrong = post("/v1/messages", REQUEST, "authorization", "Bearer sk-wrong");

    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(missing.body()).contains("Missing API key");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains("Invalid API key");
  }

  @Test
  void listsTheConfiguredModels() throws Exception {
    server.models("claude-sonnet-4-5-20250929");
    HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/models")).GET().build();

    String body = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();

    assertThat(JSON.readTree(body).path("data").get(0).path("id").asText()).isEqualTo("claude-sonnet-4-5-20250929");
  }

  @Test
  void countsTokensOfAMessageRequest() throws Exception {
    HttpResponse<String> response = post("/v1/messages/count_tokens",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(400) + "\"}]}");

    assertThat(response.statusCode()).isEqualTo(200);
    // 400 letters are 80 tokens of the fake's tokenizer, plus the message's and the request's framing.
    assertThat(JSON.readTree(response.body()).path("input_tokens").asInt()).isBetween(80, 95);
  }

  @Test
  void waitsBeforeADelayedResponse() throws Exception {
    server.enqueue(FakeResponse.delayed(Duration.ofSeconds(5), FakeResponse.text("late")));
    HttpClient impatient = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/messages"))
        .timeout(Duration.ofMillis(200))
        .POST(HttpRequest.BodyPublishers.ofString(REQUEST)).build();

    assertThatThrownBy(() -> impatient.send(request, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(java.net.http.HttpTimeoutException.class);
  }

  @Test
  void rejectsInvalidScripts() {
    assertThatThrownBy(() -> FakeResponse.error(200, "x", "y")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FakeResponse.message().chunkSize(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FakeResponse.delayed(Duration.ofSeconds(-1), FakeResponse.text("x")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
