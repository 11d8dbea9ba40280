package dev.rustagent.art;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentResult;
import dev.rustagent.testkit.ScriptedChatModel;
import dev.rustagent.tools.ToolRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrajectoryTrackerTest {

  private final List<Trajectory> saved = new ArrayList<>();
  private final TrajectoryTracker tracker = TrajectoryTracker.builder().agentName("fixer").modelName("scripted")
      .sink(saved::add).build();

  private AgentResult run(ScriptedChatModel model, String task) {
    Agent agent = Agent.builder().chatModel(model).tools(ToolRegistry.of(new BuildTool())).listener(tracker)
        .contextProvider((t, budget) -> "## Lessons\nuse the vendored feature").build();
    return agent.run(task);
  }

  @Test
  void recordsOneStepPerToolCallAndOneForTheAnswer() {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenToolCall("build", "{\"features\":\"x\"}")
        .thenToolCall("build", "{\"features\":\"vendored\"}")
        .thenText("The crate builds now.")
        .build();
    AgentResult result = run(model, "make the crate build");

    Trajectory t = tracker.completed(result.runId()).orElseThrow();
    assertThat(t.steps()).extracting(s -> s.action().getClass().getSimpleName())
        .containsExactly("UseTool", "UseTool", "Answer");
    assertThat(t.steps().get(0).toolFailed()).isTrue();
    assertThat(t.steps().get(1).toolResult()).contains("build ok");
    assertThat(t.steps().get(1).observation()).contains("linking with `cc` failed");
    assertThat(t.objective()).isEqualTo("make the crate build");
    assertThat(t.agentName()).isEqualTo("fixer");
    assertThat(t.answer()).isEqualTo("The crate builds now.");
    assertThat(t.success()).isTrue();
    assertThat(saved).containsExactly(t);
  }

  @Test
  void keepsTheFullConversationTheModelSawAndTheToolSpecifications() {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenToolCall("build", "{\"features\":\"vendored\"}")
        .thenText("done")
        .build();
    AgentResult result = run(model, "build it");

    Trajectory t = tracker.completed(result.runId()).orElseThrow();
    assertThat(t.messages()).extracting(TrajectoryMessage::role)
        .containsExactly("system", "user", "assistant", "tool", "assistant");
    assertThat(t.messages().get(0).content()).contains("use the vendored feature");
    assertThat(t.messages().get(2).toolCalls()).singleElement()
        .satisfies(c -> assertThat(c.arguments()).contains("vendored"));
    assertThat(t.messages().get(3).toolCallId()).isEqualTo(t.messages().get(2).toolCalls().get(0).id());
    assertThat(t.tools()).singleElement().satisfies(spec -> assertThat(spec.toString()).contains("build", "features"));
  }

  @Test
  void fillsMetadataFromTheRun() {
    ScriptedChatModel model = ScriptedChatModel.builder().usagePerCall(100, 20)
        .thenToolCall("build", "{\"features\":\"nope\"}")
        .thenText("gave up")
        .build();
    AgentResult result = run(model, "build it");

    TrajectoryMetadata m = tracker.completed(result.runId()).orElseThrow().metadata();
    assertThat(m.totalTokens()).isEqualTo(240);
    assertThat(m.toolsUsed()).containsExactly("build");
    assertThat(m.errorCount()).isEqualTo(1);
    assertThat(m.efficiency()).isEqualTo(0.5);
    assertThat(m.status()).isEqualTo("COMPLETED");
    assertThat(m.model()).isEqualTo("scripted");
  }

  @Test
  void aFailedRunIsRecordedWithoutStepsAndNotSuccessful() {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenFail(new IllegalArgumentException("bad request")).build();
    AgentResult result = run(model, "build it");

    Trajectory t = tracker.completed(result.runId()).orElseThrow();
    assertThat(t.steps()).isEmpty();
    assertThat(t.success()).isFalse();
    assertThat(t.metadata().errorCount()).isEqualTo(1);
    assertThat(t.logs()).anySatisfy(l -> assertThat(l).contains("bad request"));
  }

  @Test
  void theSuccessCriterionDecidesSuccess() {
    TrajectoryTracker strict = TrajectoryTracker.builder()
        .successCriterion(r -> r.answer().contains("ok")).build();
    Agent agent = Agent.builder().chatModel(ScriptedChatModel.builder().thenText("not done").build())
        .listener(strict).build();
    AgentResult result = agent.run("do it");
    assertThat(strict.completed(result.runId()).orElseThrow().success()).isFalse();
  }

  @Test
  void aFailingSinkDoesNotBreakTheRun() {
    TrajectoryTracker failing = TrajectoryTracker.builder().sink(t -> {
      throw new IllegalStateException("disk full");
    }).build();
    Agent agent = Agent.builder().chatModel(ScriptedChatModel.builder().thenText("fine").build())
        .listener(failing).build();
    AgentResult result = agent.run("do it");
    assertThat(result.isSuccess()).isTrue();
    assertThat(failing.completed(result.runId())).isPresent();
  }

  @Test
  void aFinalQuestionIsRecordedAsAsk() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenText("Which crate do you mean?").build();
    AgentResult result = run(model, "fix the crate");
    assertThat(tracker.completed(result.runId()).orElseThrow().steps()).singleElement()
        .satisfies(s -> assertThat(s.action()).isInstanceOf(StepAction.Ask.class));
  }
}
