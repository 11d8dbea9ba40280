package dev.rustagent.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rustagent.testkit.FakeResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Patterns, conversations, learning and knowledge, served from agent-memory's public API. */
class MemoryEndpointsTest {
  private static ServerFixture fixture;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    fixture = ServerFixture.withAnthropic(request -> FakeResponse.text("noted: " + ServerFixture.task(request)));
    api = fixture.api;
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void patternsArePagedAndSearchable() {
    JsonNode first = api.get("/api/v1/patterns?limit=5").json();
    JsonNode second = api.get("/api/v1/patterns?limit=5&offset=5").json();

    assertThat(first.path("items")).hasSize(5);
    assertThat(first.path("total").asLong()).isGreaterThan(10);
    assertThat(second.path("items").get(0).path("id").asLong()).isNotEqualTo(first.path("items").get(0).path("id").asLong());
    JsonNode hits = api.get("/api/v1/patterns?q=clone%20borrow&limit=3").json().path("items");
    assertThat(hits).isNotEmpty();
    assertThat(hits.get(0).path("score").isNumber()).isTrue();
    assertThat(api.get("/api/patterns?limit=2").json().path("items")).hasSize(2);
  }

  @Test
  void badPagingIsA400() {
    assertThat(api.get("/api/v1/patterns?limit=0").status()).isEqualTo(400);
    assertThat(api.get("/api/v1/conversations?offset=-1").status()).isEqualTo(400);
  }

  @Test
  void conversationsListTheRecordedSessionsTurnByTurn() {
    JsonNode answer = api.post("/api/v1/query", "{\"prompt\":\"remember the crate name\"}").json();
    String session = answer.path("session_id").asText();

    JsonNode list = api.get("/api/v1/conversations?limit=200").json();
    JsonNode conversation = api.get("/api/v1/conversations/" + session).json();

    assertThat(list.path("items").findValuesAsText("session_id")).contains(session);
    assertThat(conversation.path("turns").get(0).path("user_message").asText()).isEqualTo("remember the crate name");
    assertThat(conversation.path("turns").get(0).path("agent_response").asText()).isEqualTo("noted: remember the crate name");
    assertThat(api.get("/api/conversations").status()).isEqualTo(200);
  }

  @Test
  void anUnknownConversationIsA404() {
    assertThat(api.get("/api/v1/conversations/sess_nope").status()).isEqualTo(404);
  }

  @Test
  void aLearnedPatternCanBeFound() {
    ApiClient.Response r = api.post("/api/v1/learn", "{\"kind\":\"pattern\",\"name\":\"Arc for shared state\","
        + "\"category\":\"concurrency\",\"code_template\":\"let shared = Arc::new(Mutex::new(state));\","
        + "\"description\":\"Share mutable state between zebra threads with Arc and Mutex\"}");

    assertThat(r.status()).isEqualTo(201);
    assertThat(api.get("/api/v1/patterns?q=zebra%20threads&limit=1").json().path("items").get(0).path("name").asText())
        .isEqualTo("Arc for shared state");
  }

  @Test
  void aLearnedConceptCountsInTheKnowledgeStats() {
    int before = api.get("/api/v1/knowledge").json().path("concepts_learned").asInt();

    ApiClient.Response r = api.post("/api/v1/learn",
        "{\"kind\":\"concept\",\"concept\":\"lifetimes\",\"explanation\":\"how long a reference is valid\"}");

    assertThat(r.status()).isEqualTo(201);
    assertThat(api.get("/api/v1/knowledge").json().path("concepts_learned").asInt()).isEqualTo(before + 1);
  }

  @Test
  void feedbackOnARunIsCountedInTheMetrics() {
    String runId = api.post("/api/v1/query", "{\"prompt\":\"rate me\"}").json().path("run_id").asText();

    ApiClient.Response r = api.post("/api/v1/learn", "{\"kind\":\"feedback\",\"run_id\":\"" + runId + "\",\"helpful\":true}");

    assertThat(r.status()).isEqualTo(201);
    assertThat(api.get("/api/v1/metrics").json().path("quality").path("feedback_helpful").asLong()).isPositive();
  }

  @Test
  void feedbackOnAnUnknownRunIsA404() {
    ApiClient.Response r = api.post("/api/v1/learn", "{\"kind\":\"feedback\",\"run_id\":\"run_nope\",\"helpful\":false}");

    assertThat(r.status()).isEqualTo(404);
  }

  @Test
  void learningSomethingUnknownOrIncompleteIsA400() {
    assertThat(api.post("/api/v1/learn", "{\"kind\":\"gossip\"}").status()).isEqualTo(400);
    assertThat(api.post("/api/v1/learn", "{\"kind\":\"pattern\",\"name\":\"x\"}").json().path("error").asText())
        .isEqualTo("'category' is required");
    assertThat(api.post("/api/v1/learn", "{\"kind\":\"concept\",\"concept\":\"x\",\"run_id\":\"y\"}").status())
        .isEqualTo(400);
  }
}
