package dev.rustagent.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.rustagent.art.ArtPlugin;
import dev.rustagent.art.TrajectoryStore.Feedback;
import dev.rustagent.art.Trajectory;
import dev.rustagent.art.TrajectoryStore;
import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentListener.AgentEvent;
import dev.rustagent.core.AgentListener;
import dev.rustagent.testkit.ScriptedChatModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With ART attached, every query and helper the server runs is a trajectory in the store, helpers are
 * linked to the run that spawned them, and {@code POST /api/v1/learn} feedback judges the trajectory as
 * {@code rust-agent art feedback} does.
 */
class ArtRecordingTest {
  private static final TrajectoryStore store = TrajectoryStore.inMemory();
  private static final ArtPlugin art = ArtPlugin.builder(store).tracking(t -> t.agentName("server-test")).build();
  /** The parent each agent run started with, by the agent's run id ("" for none). */
  private static final Map<String, String> parents = new ConcurrentHashMap<>();
  private static AgentServer server;
  private static ApiClient api;

  @BeforeAll
  static void start() throws Exception {
    Path workspace = Files.createTempDirectory("server-art-");
    ScriptedChatModel model = ScriptedChatModel.builder()
        .otherwise(request -> ChatResponse.builder().aiMessage(AiMessage.from("Ownership moves the value.")).build())
        .build();
    AgentListener parentsSeen = new AgentListener() {
      @Override
      public void onRunStarted(AgentEvent.RunStarted event) {
        parents.put(event.runId(), event.parentRunId() == null ? "" : event.parentRunId());
      }
    };
    server = AgentServer.builder()
        .agentFactory(approver -> Agent.builder().chatModel(model).workspace(workspace).approver(approver)
            .plugin(art).listener(parentsSeen).build())
        .art(art).token("art-test-token-0123456789").port(0).build().start();
    api = new ApiClient(server.baseUri(), server.token());
  }

  @AfterAll
  static void stop() {
    server.stop();
    store.close();
  }

  private static Trajectory trajectoryOf(String objective) {
    List<Trajectory> found = store.byObjective(objective, 10);
    assertThat(found).as("trajectories for '%s'", objective).hasSize(1);
    return found.get(0);
  }

  @Test
  void aQueryIsRecordedAsATrajectory() {
    JsonNode answer = api.post("/api/v1/query", "{\"prompt\":\"What does a move do?\"}").json();

    assertThat(answer.path("status").asText()).isEqualTo("completed");
    Trajectory recorded = trajectoryOf("What does a move do?");
    assertThat(recorded.agentName()).isEqualTo("server-test");
    assertThat(recorded.answer()).isEqualTo("Ownership moves the value.");
    assertThat(recorded.isScored()).isFalse();
  }

  @Test
  void feedbackOnARunJudgesItsTrajectoryAsTheCliDoes() {
    String runId = api.post("/api/v1/query", "{\"prompt\":\"Why does the borrow fail?\"}").json().path("run_id").asText();

    ApiClient.Response r = api.post("/api/v1/learn",
        "{\"kind\":\"feedback\",\"run_id\":\"" + runId + "\",\"helpful\":false,\"comment\":\"it missed the lifetime\"}");

    assertThat(r.status()).isEqualTo(201);
    Trajectory judged = store.find(r.json().path("trajectory_id").asText()).orElseThrow();
    assertThat(judged.objective()).isEqualTo("Why does the borrow fail?");
    assertThat(judged.humanVerdict()).contains(Feedback.Verdict.BAD);
    assertThat(judged.reward()).isEqualTo(0.0);
    assertThat(r.json().path("reward").asDouble()).isEqualTo(0.0);
    assertThat(judged.logs()).anyMatch(line -> line.contains("it missed the lifetime"));
  }

  @Test
  void aCommentOverTheLimitIsA400AndTheTrajectoryStaysUnjudged() {
    String runId = api.post("/api/v1/query", "{\"prompt\":\"Explain Rc\"}").json().path("run_id").asText();

    ApiClient.Response r = api.post("/api/v1/learn", "{\"kind\":\"feedback\",\"run_id\":\"" + runId
        + "\",\"helpful\":true,\"comment\":\"" + "x".repeat(Feedback.MAX_COMMENT + 1) + "\"}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("error").asText()).contains("at most " + Feedback.MAX_COMMENT);
    assertThat(trajectoryOf("Explain Rc").humanVerdict()).isEmpty();
  }

  @Test
  void aHelperSpawnedForARunIsRecordedAndLinkedToIt() {
    String parentRunId = api.post("/api/v1/query", "{\"prompt\":\"Plan the refactor\"}").json().path("run_id").asText();
    String parentTrajectory = trajectoryOf("Plan the refactor").id();

    ApiClient.Response spawned = api.post("/api/v1/agent/spawn",
        "{\"task\":\"Check the tests of the refactor\",\"parent_run_id\":\"" + parentRunId + "\"}");

    assertThat(spawned.status()).isEqualTo(202);
    assertThat(HelpersAndApprovalsTest.awaitEnd(api, spawned.json().path("id").asText()).path("status").asText())
        .isEqualTo("completed");
    Trajectory helper = trajectoryOf("Check the tests of the refactor");
    assertThat(helper.metadata().parentRunId()).isEqualTo(parentTrajectory);
    assertThat(parents).containsEntry(helper.id(), parentTrajectory);
  }

  @Test
  void aHelperWithAnUnknownParentIsA404() {
    ApiClient.Response r = api.post("/api/v1/agent/spawn", "{\"task\":\"orphan\",\"parent_run_id\":\"run_nope\"}");

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().path("error").asText()).contains("run_nope");
  }
}
