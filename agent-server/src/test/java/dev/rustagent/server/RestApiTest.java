package dev.rustagent.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rustagent.testkit.FakeResponse;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The REST API end to end over real HTTP, with the model behind a loopback fake Anthropic server. */
class RestApiTest {
  private static ServerFixture fixture;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    fixture = ServerFixture.withAnthropic(request -> FakeResponse.text("An answer about: "
        + request.json().path("messages").get(request.json().path("messages").size() - 1).path("content").toString()));
    api = fixture.api;
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void queryAnswersWithTheSeedsFields() {
    ApiClient.Response r = api.post("/api/v1/query", "{\"prompt\":\"What is a lifetime?\"}");

    assertThat(r.status()).isEqualTo(200);
    JsonNode body = r.json();
    assertThat(body.path("response").asText()).contains("What is a lifetime?");
    assertThat(body.path("status").asText()).isEqualTo("completed");
    assertThat(body.path("session_id").asText()).isNotBlank();
    assertThat(body.path("run_id").asText()).startsWith("run_");
    assertThat(body.path("confidence").asDouble()).isBetween(0.0, 1.0);
    assertThat(body.path("patterns_used").isArray()).isTrue();
  }

  @Test
  void aSessionIdContinuesTheConversation() {
    String session = api.post("/api/v1/query", "{\"prompt\":\"first question\"}").json().path("session_id").asText();

    ApiClient.Response second = api.post("/api/v1/query",
        "{\"prompt\":\"second question\",\"session_id\":\"" + session + "\"}");

    assertThat(second.json().path("session_id").asText()).isEqualTo(session);
    String lastBody = fixture.anthropic.messageRequests().get(fixture.anthropic.messageRequests().size() - 1).body();
    assertThat(lastBody).contains("first question").contains("second question");
  }

  @Test
  void contextGoesBeforeThePrompt() {
    api.post("/api/v1/query", "{\"prompt\":\"explain it\",\"context\":\"the crate uses tokio\"}");

    String lastBody = fixture.anthropic.messageRequests().get(fixture.anthropic.messageRequests().size() - 1).body();
    assertThat(lastBody).contains("the crate uses tokio").contains("explain it");
  }

  @Test
  void theSeedsWebRouteAnswersToo() {
    ApiClient.Response r = api.post("/api/query", "{\"prompt\":\"hello\"}");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("status").asText()).isEqualTo("completed");
  }

  @Test
  void malformedJsonIsA400() {
    ApiClient.Response r = api.post("/api/v1/query", "{\"prompt\": ");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("error").asText()).startsWith("malformed JSON");
  }

  @Test
  void aMissingPromptIsA400() {
    ApiClient.Response r = api.post("/api/v1/query", "{\"context\":\"x\"}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("error").asText()).isEqualTo("'prompt' is required");
  }

  @Test
  void anUnknownFieldIsA400NamingIt() {
    ApiClient.Response r = api.post("/api/v1/query", "{\"prompt\":\"x\",\"workspace\":\"/etc\"}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("error").asText()).contains("[workspace]");
  }

  @Test
  void anOversizedBodyIsA413() {
    String big = "{\"prompt\":\"" + "a".repeat(300 * 1024) + "\"}";

    ApiClient.Response r = api.post("/api/v1/query", big);

    assertThat(r.status()).isEqualTo(413);
  }

  @Test
  void anUnknownSessionIsA404() {
    ApiClient.Response r = api.post("/api/v1/query", "{\"prompt\":\"x\",\"session_id\":\"sess_nope\"}");

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().path("error").asText()).contains("sess_nope");
  }

  @Test
  void aMissingTokenIsA401() {
    ApiClient.Response r = api.withToken(null).post("/api/v1/query", "{\"prompt\":\"x\"}");

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
  }

  @Test
  void aWrongTokenIsA401() {
    ApiClient.Response r = api.withToken("wrong-token-wrong-token").get("/api/v1/metrics");

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json().path("error").asText()).isEqualTo("wrong bearer token");
  }

  @Test
  void healthAndTheOpenApiDocumentArePublic() {
    ApiClient anonymous = api.withToken(null);

    assertThat(anonymous.get("/health").json().path("status").asText()).isEqualTo("ok");
    assertThat(anonymous.get("/openapi.json").json().path("openapi").asText()).isEqualTo("3.1.0");
  }

  @Test
  void noCorsHeadersAreSentToAForeignOrigin() {
    HttpRequest preflight = HttpRequest.newBuilder(fixture.server.baseUri().resolve("/api/v1/query"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://evil.example")
        .header("Access-Control-Request-Method", "POST").timeout(Duration.ofSeconds(10)).build();

    ApiClient.Response r = api.raw(preflight);

    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void unknownRoutesAreJson404s() {
    ApiClient.Response r = api.get("/api/v1/nothing-here");

    assertThat(r.status()).isEqualTo(404);
  }

  @Test
  void metricsReportPercentilesPerQueryType() {
    api.post("/api/v1/query", "{\"prompt\":\"one\"}");
    api.post("/api/v1/query", "{\"prompt\":\"two\",\"read_only\":true}");

    JsonNode metrics = api.get("/api/v1/metrics").json();

    JsonNode query = metrics.path("latency").path("query");
    assertThat(query.path("count").asInt()).isPositive();
    assertThat(query.path("p99_ms").asDouble()).isGreaterThanOrEqualTo(query.path("p50_ms").asDouble());
    assertThat(metrics.path("latency").path("read_only_query").path("count").asInt()).isPositive();
    assertThat(metrics.path("quality").path("completed").asLong()).isPositive();
    assertThat(metrics.path("learning").path("episodes").asLong()).isPositive();
  }

  @Test
  void theWorkspaceIsTheOneFixedAtStart() {
    JsonNode info = api.get("/api/v1/info").json();

    assertThat(URI.create("file://" + info.path("workspace").asText()).getPath())
        .isEqualTo(fixture.workspace.toAbsolutePath().normalize().toString());
    assertThat(info.path("tools").toString()).contains("edit_file");
  }
}
