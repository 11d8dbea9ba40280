package dev.rustagent.art;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentResult;
import dev.rustagent.testkit.ScriptedChatModel;
import dev.rustagent.tools.ToolRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import dev.rustagent.art.Trajectory.TrajectoryMessage;
import dev.rustagent.art.Trajectory.TrajectoryMetadata;
import dev.rustagent.art.Trajectory.StepAction;

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
  void aCompactionSummaryIsNeitherAStepNorTheConversation() {
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    ScriptedChatModel model = ScriptedChatModel.builder().otherwise(request -> {
      String system = ((dev.langchain4j.data.message.SystemMessage) request.messages().get(0)).text();
      if (system.startsWith("You summarise")) {
        return dev.langchain4j.model.chat.response.ChatResponse.builder()
            .aiMessage(dev.langchain4j.data.message.AiMessage.from("SUMMARY of earlier builds")).build();
      }
      dev.langchain4j.data.message.AiMessage ai = calls.get() < 4
          ? dev.langchain4j.data.message.AiMessage.from(dev.langchain4j.agent.tool.ToolExecutionRequest.builder()
              .id("c" + calls.incrementAndGet()).name("noisy").arguments("{}").build())
          : dev.langchain4j.data.message.AiMessage.from("All done.");
      return dev.langchain4j.model.chat.response.ChatResponse.builder().aiMessage(ai).build();
    }).build();
    Agent agent = Agent.builder().chatModel(model).tools(ToolRegistry.of(new NoisyTool()))
        .contextBudgetTokens(1_000).listener(tracker).build();

    AgentResult result = agent.run("build it many times");

    Trajectory t = tracker.completed(result.runId()).orElseThrow();
    assertThat(model.requests()).anySatisfy(r -> assertThat(r.messages().get(0).toString()).contains("You summarise"));
    assertThat(t.steps()).hasSize(5);
    assertThat(t.steps()).noneSatisfy(s -> assertThat(s.action().describe() + s.thought()).contains("SUMMARY"));
    assertThat(t.steps().get(t.steps().size() - 1).action()).isEqualTo(new StepAction.Answer("All done."));
    assertThat(t.messages().get(0).content()).doesNotStartWith("You summarise");
    assertThat(t.messages().get(t.messages().size() - 1).content()).isEqualTo("All done.");
  }

  /** A tool whose output fills the context budget fast. */
  static final class NoisyTool implements dev.rustagent.tools.Tool {
    @Override
    public String name() {
      return "noisy";
    }

    @Override
    public String description() {
      return "prints a lot";
    }

    @Override
    public dev.langchain4j.model.chat.request.json.JsonObjectSchema parameters() {
      return dev.langchain4j.model.chat.request.json.JsonObjectSchema.builder().build();
    }

    @Override
    public java.util.Set<dev.rustagent.tools.Tool.Action> actions(dev.rustagent.tools.ToolArguments arguments) {
      return java.util.Set.of(dev.rustagent.tools.Tool.Action.READ);
    }

    @Override
    public dev.rustagent.tools.ToolResult execute(dev.rustagent.tools.ToolArguments arguments,
        dev.rustagent.tools.ToolContext context) {
      return dev.rustagent.tools.ToolResult.success("x".repeat(2_500));
    }
  }

  @Test
  void aFinalQuestionIsRecordedAsAsk() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenText("Which crate do you mean?").build();
    AgentResult result = run(model, "fix the crate");
    assertThat(tracker.completed(result.runId()).orElseThrow().steps()).singleElement()
        .satisfies(s -> assertThat(s.action()).isInstanceOf(StepAction.Ask.class));
  }
}
