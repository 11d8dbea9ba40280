package dev.rustagent.art;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.rustagent.art.patterns.SuccessPatternDatabase.PatternIndex;
import dev.rustagent.art.patterns.SuccessPatternDatabase;
import dev.rustagent.core.Agent;
import dev.rustagent.memory.AgentMemory;
import dev.rustagent.core.AgentResult.AgentStep;
import dev.rustagent.testkit.ScriptedChatModel;
import dev.rustagent.tools.ToolRegistry;
import dev.rustagent.tools.ToolResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The learning loop end to end, in a scripted environment: the crate builds only with a feature the
 * model cannot know; a model without a lesson guesses among eight features; a model whose system
 * message carries a lesson recommending a build call follows it. Success therefore depends on
 * lessons from earlier runs reaching the context. Patterns are found through agent-memory's semantic
 * memory.
 */
class ShowItLearnsTest {
  static final String OBJECTIVE = "Make the crate build on the CI machine";
  private static final List<String> GUESSES = List.of("default", "std", "alloc", "full", "serde", "tls", "simd", BuildTool.SECRET_FEATURE);
  private static final Pattern LESSON = Pattern.compile("\\* build \\{\"features\":\"([a-z]+)\"}");
  private static final int RUNS = 20;

  /** The environment's model: follows a recommended build action from its context, else guesses. */
  static ScriptedChatModel.Step environment(Random random, AtomicInteger lessonsSeen) {
    AtomicInteger calls = new AtomicInteger();
    return request -> {
      List<ChatMessage> messages = request.messages();
      ChatMessage last = messages.get(messages.size() - 1);
      if (last instanceof ToolExecutionResultMessage result) {
        boolean ok = result.text().contains("build ok");
        return text(ok ? "The crate builds." : "The build still fails; I could not fix it.");
      }
      String system = ((SystemMessage) messages.get(0)).text();
      Matcher lesson = LESSON.matcher(system);
      String feature;
      if (lesson.find()) {
        lessonsSeen.incrementAndGet();
        feature = lesson.group(1);
      } else {
        feature = GUESSES.get(random.nextInt(GUESSES.size()));
      }
      return ChatResponse.builder()
          .aiMessage(AiMessage.from(ToolExecutionRequest.builder().id("call_" + calls.incrementAndGet())
              .name("build").arguments("{\"features\":\"" + feature + "\"}").build()))
          .tokenUsage(new TokenUsage(50, 10)).finishReason(FinishReason.TOOL_EXECUTION).build();
    };
  }

  private static ChatResponse text(String text) {
    return ChatResponse.builder().aiMessage(AiMessage.from(text)).tokenUsage(new TokenUsage(50, 10))
        .finishReason(FinishReason.STOP).build();
  }

  /** Success in this environment: the last build call passed. */
  static boolean lastBuildPassed(dev.rustagent.core.AgentResult result) {
    List<AgentStep.ToolOutcome> outcomes = result.steps(AgentStep.ToolOutcome.class);
    return !outcomes.isEmpty() && outcomes.get(outcomes.size() - 1).result() instanceof ToolResult.Success;
  }

  private record Sequence(List<Boolean> successes, int lessonsSeen, int patterns) {
    double rate(int from, int to) {
      return successes.subList(from, to).stream().filter(b -> b).count() / (double) (to - from);
    }
  }

  private static Sequence runSequence(boolean feedback) {
    AtomicInteger lessonsSeen = new AtomicInteger();
    ScriptedChatModel model = ScriptedChatModel.builder()
        .otherwise(environment(new Random(7), lessonsSeen)).build();
    Agent agent = Agent.builder().chatModel(model).tools(ToolRegistry.of(new BuildTool())).maxIterations(4).build();
    List<Boolean> successes = new ArrayList<>();
    SuccessPatternDatabase patterns;
    try (TrajectoryStore store = TrajectoryStore.inMemory(); AgentMemory memory = AgentMemory.inMemory()) {
      patterns = SuccessPatternDatabase.builder(PatternIndex.semantic(memory.semantic())).build();
      ArtRunner runner = ArtRunner.builder(agent, store).patterns(patterns)
          .config(ArtConfig.builder().usePatterns(feedback).build())
          .tracking(t -> t.successCriterion(ShowItLearnsTest::lastBuildPassed)).build();
      for (int i = 0; i < RUNS; i++) {
        successes.add(runner.run(OBJECTIVE).trajectory().success());
      }
      assertThat(store.count()).isEqualTo(RUNS);
    }
    return new Sequence(successes, lessonsSeen.get(), patterns.size());
  }

  @Test
  void withFeedbackTheSuccessRateRisesOverTheSequence() {
    Sequence on = runSequence(true);

    assertThat(on.patterns()).isPositive();
    assertThat(on.lessonsSeen()).isPositive();
    assertThat(on.rate(RUNS / 2, RUNS)).isGreaterThan(on.rate(0, RUNS / 2));
    assertThat(on.rate(RUNS / 2, RUNS)).isEqualTo(1.0);
  }

  @Test
  void withFeedbackEveryRunAfterTheFirstSuccessSucceeds() {
    List<Boolean> runs = runSequence(true).successes();
    int first = runs.indexOf(true);
    assertThat(first).isNotNegative();
    assertThat(runs.subList(first, RUNS)).containsOnly(true);
  }

  @Test
  void withoutFeedbackTheSuccessRateDoesNotRise() {
    Sequence off = runSequence(false);

    assertThat(off.lessonsSeen()).isZero();
    assertThat(off.patterns()).isPositive();
    // only lucky guesses (one in eight) succeed, early or late
    assertThat(off.rate(RUNS / 2, RUNS)).isLessThanOrEqualTo(0.3);
    assertThat(off.rate(0, RUNS / 2)).isLessThanOrEqualTo(0.3);
    assertThat(off.rate(RUNS / 2, RUNS)).isLessThan(runSequence(true).rate(RUNS / 2, RUNS));
  }
}
