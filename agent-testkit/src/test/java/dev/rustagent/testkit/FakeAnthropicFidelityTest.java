package dev.rustagent.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ways FakeAnthropicServer plays the real API that clients depend on. */
class FakeAnthropicFidelityTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MutableClock clock = new MutableClock();
  private final FakeAnthropicServer server = FakeAnthropicServer.start().clock(clock);
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    server.close();
  }

  static final class MutableClock extends Clock {
    private volatile Instant now = Instant.parse("2026-12-01T00:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
        .header("content-type", "application/json");
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String request(String model, boolean stream, String system, boolean cached) {
    ObjectNode root = JSON.createObjectNode().put("model", model).put("max_tokens", 100);
    if (stream) {
      root.put("stream", true);
    }
    if (system != null) {
      ObjectNode block = root.putArray("system").addObject().put("type", "text").put("text", system);
      if (cached) {
        block.putObject("cache_control").put("type", "ephemeral");
      }
    }
    root.putArray("messages").addObject().put("role", "user").put("content", "hi");
    return root.toString();
  }

  private static List<JsonNode> events(String sse) throws Exception {
    List<JsonNode> events = new ArrayList<>();
    for (String line : sse.split("\n")) {
      if (line.startsWith("data: ")) {
        events.add(JSON.readTree(line.substring(6)));
      }
    }
    return events;
  }

  /** About 11 tokens a rule: 200 rules pass Sonnet's 1,024-token minimum but not Haiku 4.5's 4,096. */
  private static String longSystemPrompt() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      text.append("Rule ").append(i).append(": prefer borrowing over cloning. ");
    }
    return text.toString();
  }

  @Test
  void streamedTextNeverSplitsASurrogatePair() throws Exception {
    String text = "crab \uD83E\uDD80\uD83E\uDD80 done";
    server.enqueue(FakeResponse.message().text(text).chunkSize(1).build());

    List<String> pieces = new ArrayList<>();
    for (JsonNode event : events(send("POST", "/v1/messages", request("m", true, null, false)).body())) {
      if (event.path("delta").path("type").asText().equals("text_delta")) {
        pieces.add(event.path("delta").path("text").asText());
      }
    }

    assertThat(String.join("", pieces)).isEqualTo(text);
    assertThat(pieces).contains("\uD83E\uDD80").allSatisfy(piece ->
        assertThat(piece.codePoints().noneMatch(c -> Character.isSurrogate((char) c))).isTrue());
  }

  @Test
  void everyAnswerHasItsOwnRequestIdAndMessageIdStreamsIncluded() throws Exception {
    server.respondWith(r -> FakeResponse.text("ok"));
    Set<String> requestIds = new HashSet<>();
    Set<String> messageIds = new HashSet<>();

    for (int i = 0; i < 3; i++) {
      HttpResponse<String> plain = send("POST", "/v1/messages", request("m", false, null, false));
      HttpResponse<String> streamed = send("POST", "/v1/messages", request("m", true, null, false));
      requestIds.add(plain.headers().firstValue("request-id").orElseThrow());
      requestIds.add(streamed.headers().firstValue("request-id").orElseThrow());
      messageIds.add(JSON.readTree(plain.body()).path("id").asText());
      messageIds.add(events(streamed.body()).get(0).path("message").path("id").asText());
    }

    assertThat(requestIds).hasSize(6).allMatch(id -> id.startsWith("req_"));
    assertThat(messageIds).hasSize(6).allMatch(id -> id.startsWith("msg_"));
  }

  @Test
  void reportsTheModelTheRequestNamed() throws Exception {
    server.enqueue(FakeResponse.text("ok"));

    JsonNode json = JSON.readTree(send("POST", "/v1/messages", request("claude-haiku-4-5-20251001", false, null, false)).body());

    assertThat(json.path("model").asText()).isEqualTo("claude-haiku-4-5-20251001");
  }

  @Test
  void usageCarriesCacheCountsAndTheServiceTier() throws Exception {
    server.enqueue(FakeResponse.text("ok"));

    JsonNode usage = JSON.readTree(send("POST", "/v1/messages", request("m", false, null, false)).body()).path("usage");

    assertThat(usage.has("cache_creation_input_tokens")).isTrue();
    assertThat(usage.has("cache_read_input_tokens")).isTrue();
    assertThat(usage.path("service_tier").asText()).isEqualTo("standard");
  }

  @Test
  void aPrefixWithABreakpointIsWrittenThenReadFromTheCache() throws Exception {
    server.respondWith(r -> FakeResponse.text("ok"));
    String body = request("claude-sonnet-4-6", false, longSystemPrompt(), true);

    JsonNode first = JSON.readTree(send("POST", "/v1/messages", body).body()).path("usage");
    JsonNode second = JSON.readTree(send("POST", "/v1/messages", body).body()).path("usage");

    assertThat(first.path("cache_creation_input_tokens").asInt()).isGreaterThanOrEqualTo(1024);
    assertThat(first.path("cache_read_input_tokens").asInt()).isZero();
    assertThat(second.path("cache_read_input_tokens").asInt()).isEqualTo(first.path("cache_creation_input_tokens").asInt());
    assertThat(second.path("cache_creation_input_tokens").asInt()).isZero();
  }

  @Test
  void aPrefixShorterThanTheModelsMinimumIsNotCached() throws Exception {
    server.respondWith(r -> FakeResponse.text("ok"));
    String body = request("claude-haiku-4-5-20251001", false, longSystemPrompt(), true);

    send("POST", "/v1/messages", body);
    JsonNode second = JSON.readTree(send("POST", "/v1/messages", body).body()).path("usage");

    assertThat(second.path("cache_creation_input_tokens").asInt()).isZero();
    assertThat(second.path("cache_read_input_tokens").asInt()).isZero();
  }

  @Test
  void aCachedPrefixExpiresAfterItsTtl() throws Exception {
    server.respondWith(r -> FakeResponse.text("ok"));
    String body = request("claude-sonnet-4-6", false, longSystemPrompt(), true);

    send("POST", "/v1/messages", body);
    clock.advance(Duration.ofMinutes(6));
    JsonNode later = JSON.readTree(send("POST", "/v1/messages", body).body()).path("usage");

    assertThat(later.path("cache_read_input_tokens").asInt()).isZero();
    assertThat(later.path("cache_creation_input_tokens").asInt()).isPositive();
  }

  @Test
  void streamsAThinkingBlockWithItsSignature() throws Exception {
    server.enqueue(FakeResponse.message().thinking("Borrow first.", "sig-abc").text("Answer").build());

    List<JsonNode> events = events(send("POST", "/v1/messages", request("m", true, null, false)).body());

    assertThat(events).anySatisfy(e -> assertThat(e.path("content_block").path("type").asText()).isEqualTo("thinking"));
    assertThat(events).anySatisfy(e -> assertThat(e.path("delta").path("thinking").asText()).isNotEmpty());
    assertThat(events).anySatisfy(e -> assertThat(e.path("delta").path("signature").asText()).isEqualTo("sig-abc"));
  }

  @Test
  void aStopSequenceIsReported() throws Exception {
    server.enqueue(FakeResponse.message().text("one two").stopSequence("###").build());

    JsonNode json = JSON.readTree(send("POST", "/v1/messages", request("m", false, null, false)).body());

    assertThat(json.path("stop_reason").asText()).isEqualTo("stop_sequence");
    assertThat(json.path("stop_sequence").asText()).isEqualTo("###");
  }

  @Test
  void aMissingKeyGetsCliProxyApisBody() throws Exception {
    server.requireApiKey("sk-right");

    HttpResponse<String> response = send("POST", "/v1/messages", request("m", false, null, false));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree("{\"error\":\"Missing API key\"}"));
  }

  @Test
  void olderCooldownsCarryModelCooldownResetSecondsAndRetryAfter() throws Exception {
    server.enqueue(FakeResponse.modelCooldown("claude-sonnet-4-6", 30));

    HttpResponse<String> response = send("POST", "/v1/messages", request("m", false, null, false));

    JsonNode error = JSON.readTree(response.body()).path("error");
    assertThat(response.headers().firstValue("retry-after")).contains("30");
    assertThat(error.path("code").asText()).isEqualTo("model_cooldown");
    assertThat(error.path("reset_seconds").asInt()).isEqualTo(30);
  }

  @Test
  void newerCooldownsAreAPlainRateLimitError() throws Exception {
    server.enqueue(FakeResponse.cooldownRateLimit(Duration.ofSeconds(20)));

    HttpResponse<String> response = send("POST", "/v1/messages", request("m", false, null, false));

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.headers().firstValue("retry-after")).contains("20");
    assertThat(JSON.readTree(response.body()).path("error").path("type").asText()).isEqualTo("rate_limit_error");
  }

  @Test
  void aRetryBeforeTheRetryAfterHasPassedIsRefused() throws Exception {
    server.enqueue(FakeResponse.rateLimited(Duration.ofSeconds(10)).refusingEarlyRetry(), FakeResponse.text("ok"));

    send("POST", "/v1/messages", request("m", false, null, false));
    HttpResponse<String> early = send("POST", "/v1/messages", request("m", false, null, false));
    clock.advance(Duration.ofSeconds(10));
    HttpResponse<String> onTime = send("POST", "/v1/messages", request("m", false, null, false));

    assertThat(early.statusCode()).isEqualTo(429);
    assertThat(onTime.statusCode()).isEqualTo(200);
  }

  @Test
  void modelsHonourLimitAndOneModelCanBeFetched() throws Exception {
    server.models("a", "b", "c");

    JsonNode page = JSON.readTree(send("GET", "/v1/models?limit=2", null).body());
    HttpResponse<String> one = send("GET", "/v1/models/b", null);
    HttpResponse<String> missing = send("GET", "/v1/models/zzz", null);

    assertThat(page.path("data")).hasSize(2);
    assertThat(page.path("has_more").asBoolean()).isTrue();
    assertThat(JSON.readTree(one.body()).path("id").asText()).isEqualTo("b");
    assertThat(missing.statusCode()).isEqualTo(404);
  }

  @Test
  void errorBodiesCarryTheRequestIdOfTheirHeader() throws Exception {
    server.enqueue(FakeResponse.overloaded());

    HttpResponse<String> response = send("POST", "/v1/messages", request("m", false, null, false));

    assertThat(JSON.readTree(response.body()).path("request_id").asText())
        .isEqualTo(response.headers().firstValue("request-id").orElseThrow());
  }
}
