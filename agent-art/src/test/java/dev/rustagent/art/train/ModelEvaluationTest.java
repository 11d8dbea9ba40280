package dev.rustagent.art.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rustagent.art.ArtConfig.ArtException;
import dev.rustagent.art.judge.RewardModel.JudgeException;
import dev.rustagent.art.judge.PerformanceJudge;
import dev.rustagent.core.Agent;
import dev.rustagent.testkit.ScriptedChatModel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.rustagent.art.train.ModelRegistry.RegisteredModel;
import dev.rustagent.art.train.ModelEvaluation.ModelPerformanceMetrics;

/** The champion comes back: resolution by name, evaluation on held-out missions, promotion only when better. */
class ModelEvaluationTest {
  private static final Instant T0 = Instant.parse("2026-02-01T00:00:00Z");

  @TempDir
  Path dir;

  private static RegisteredModel model(String id) {
    return new RegisteredModel(id, RegisteredModel.Kind.MODEL, null, "qwen", "http://127.0.0.1:9/v1", null, null,
        Map.of(), T0);
  }

  private static String judged(double quality, double reasoning) {
    return """
        {"task_completion":{"score":1,"explanation":"done"},"solution_quality":{"score":%s,"explanation":"ok"},
         "tool_usage":{"score":1,"explanation":"fine"},"reasoning_coherence":{"score":%s,"explanation":"clear"}}"""
        .formatted(quality, reasoning);
  }

  @Test
  void championResolvesToThePromotedModel() {
    try (ModelRegistry registry = ModelRegistry.open(dir.resolve("models.json"))) {
      registry.register(model("m1"));
      registry.register(model("m2"));
      registry.promote("m2");

      assertThat(registry.resolve("champion", "m1")).map(RegisteredModel::id).contains("m2");
      assertThat(registry.resolve("m1", "")).map(RegisteredModel::id).contains("m1");
      assertThat(registry.resolve("claude-sonnet-4-6", "")).isEmpty();
    }
  }

  @Test
  void withoutAPromotedChampionTheConfiguredChampionNameIsUsed() {
    try (ModelRegistry registry = ModelRegistry.open(dir.resolve("models.json"))) {
      registry.register(model("llama-3.2-1b-personal"));

      assertThat(registry.resolve("champion", "llama-3.2-1b-personal")).map(RegisteredModel::id)
          .contains("llama-3.2-1b-personal");
    }
  }

  @Test
  void championWithNoneToResolveIsAClearError() {
    try (ModelRegistry registry = ModelRegistry.open(dir.resolve("models.json"))) {
      assertThatThrownBy(() -> registry.resolve("champion", "")).isInstanceOf(ArtException.class)
          .hasMessageContaining("no champion").hasMessageContaining("[art.models] champion");
      registry.register(model("m1"));
      assertThatThrownBy(() -> registry.resolve("champion", "ghost")).isInstanceOf(ArtException.class)
          .hasMessageContaining("'ghost', which is not registered").hasMessageContaining("m1");
    }
  }

  @Test
  void metricsAreComputedFromTheRunsAndTheJudge() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenToolCall("no_such_tool", "{}").thenText("answer one")
        .thenText("").build();
    ScriptedChatModel judge = ScriptedChatModel.builder().thenText(judged(0.8, 0.6)).thenText(judged(0.4, 0.2))
        .build();
    Agent agent = Agent.builder().chatModel(model).build();

    ModelPerformanceMetrics m = ModelEvaluation.evaluate("cand", agent,
        List.of(ModelEvaluation.Mission.of("explain E0382"), ModelEvaluation.Mission.of("explain E0499")),
        PerformanceJudge.builder(judge).build());

    assertThat(m.runs()).isEqualTo(2);
    assertThat(m.taskCompletionRate()).isEqualTo(0.5);
    assertThat(m.accuracy()).isCloseTo(0.6, within(1e-9));
    assertThat(m.reasoningQuality()).isCloseTo(0.4, within(1e-9));
    // run one: a failed call and an answer (1 of 2 steps moved on); run two: just an answer
    assertThat(m.efficiency()).isCloseTo(0.75, within(1e-9));
    assertThat(m.tokensPerSecond()).isPositive();
  }

  @Test
  void aJudgeThatAnswersGarbageFailsTheEvaluationInsteadOfInventingAScore() {
    Agent agent = Agent.builder().chatModel(ScriptedChatModel.builder().thenText("ok").build()).build();
    ScriptedChatModel judge = ScriptedChatModel.builder().thenText("no idea").thenText("still no idea").build();

    assertThatThrownBy(() -> ModelEvaluation.evaluate("cand", agent, List.of(ModelEvaluation.Mission.of("x")),
        PerformanceJudge.builder(judge).build())).isInstanceOf(JudgeException.class);
  }

  @Test
  void aCandidateIsPromotedOnlyWhenItBeatsTheBaseAndTheChampion() {
    try (ModelRegistry registry = ModelRegistry.open(dir.resolve("models.json"))) {
      registry.register(model("champ"));
      registry.register(model("weak"));
      registry.register(model("strong"));
      registry.promote("champ");
      ModelPerformanceMetrics base = new ModelPerformanceMetrics("base", 3, 0.5, 0.5, 0.5, 0.5, 10);
      ModelPerformanceMetrics champ = new ModelPerformanceMetrics("champ", 3, 0.7, 0.7, 0.7, 0.7, 10);

      boolean weakPromoted = ModelEvaluation.promoteIfBetter(registry,
          new ModelPerformanceMetrics("weak", 3, 0.6, 0.6, 0.6, 0.6, 10), List.of(base, champ));
      boolean strongPromoted = ModelEvaluation.promoteIfBetter(registry,
          new ModelPerformanceMetrics("strong", 3, 0.9, 0.8, 0.8, 1.0, 10), List.of(base, champ));

      assertThat(weakPromoted).isFalse();
      assertThat(strongPromoted).isTrue();
      assertThat(registry.champion()).map(RegisteredModel::id).contains("strong");
      assertThat(registry.find("weak").orElseThrow().metrics()).containsEntry("eval_accuracy", 0.6);
      assertThat(ModelPerformanceMetrics.fromMetrics("strong", registry.find("strong").orElseThrow().metrics()))
          .get().satisfies(m -> assertThat(m.taskCompletionRate()).isEqualTo(1.0));
    }
  }

  @Test
  void metricsOutOfRangeAreRefused() {
    assertThatThrownBy(() -> new ModelPerformanceMetrics("m", 1, 1.2, 0, 0, 0, 0))
        .hasMessageContaining("within 0..1");
    assertThatThrownBy(() -> new ModelPerformanceMetrics("m", 0, 0, 0, 0, 0, 0)).hasMessageContaining("at least one");
  }
}
