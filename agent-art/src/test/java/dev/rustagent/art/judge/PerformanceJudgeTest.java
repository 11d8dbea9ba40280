package dev.rustagent.art.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.data.message.UserMessage;
import dev.rustagent.art.Trajectory;
import dev.rustagent.testkit.ScriptedChatModel;
import org.junit.jupiter.api.Test;
import dev.rustagent.art.judge.PerformanceJudge.PerformanceEvaluation;
import dev.rustagent.art.judge.PerformanceJudge.ScoringCriteria;
import dev.rustagent.art.judge.RewardModel.JudgeException;

class PerformanceJudgeTest {

  private static String answer(double completion, double quality, double tools, double reasoning) {
    return """
        {"task_completion":{"score":%s,"explanation":"done"},"solution_quality":{"score":%s,"explanation":"ok"},
         "tool_usage":{"score":%s,"explanation":"fine"},"reasoning_coherence":{"score":%s,"explanation":"clear"}}"""
        .formatted(completion, quality, tools, reasoning);
  }

  @Test
  void combinesTheModelsScoresWithComputedEfficiencyAndRecoveryByTheDefaultWeights() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenText(answer(1.0, 0.5, 0.5, 1.0)).build();
    Trajectory t = JudgeFixtures.run("a", "build", true, null, "bad", "ok");

    PerformanceEvaluation e = PerformanceJudge.builder(model).build().evaluate(t);

    // optimal = 1 distinct successful call + answer = 2; actual 3 steps
    assertThat(e.efficiency()).isCloseTo(2.0 / 3, within(1e-9));
    assertThat(e.errorRecovery()).isEqualTo(1.0);
    double expected = 0.4 * 1.0 + 0.2 * 0.5 + 0.2 * (2.0 / 3 + 1.0) / 2 + 0.1 * 0.5 + 0.1 * 1.0;
    assertThat(e.overall()).isCloseTo(expected, within(1e-9));
    assertThat(e.explanations()).containsEntry("task_completion", "done");
  }

  @Test
  void sendsTheObjectiveAndStepsToTheModel() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenText(answer(1, 1, 1, 1)).build();
    PerformanceJudge.builder(model).build().evaluate(JudgeFixtures.run("a", "build the crate", true, null, "ok"));
    String prompt = ((UserMessage) model.lastRequest().messages().get(1)).singleText();
    assertThat(prompt).contains("build the crate", "tool build", "It builds.");
  }

  @Test
  void customWeightsChangeTheOverallScore() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenText(answer(1.0, 0.0, 0.0, 0.0)).build();
    PerformanceEvaluation e = PerformanceJudge.builder(model)
        .criteria(new ScoringCriteria(1, 0, 0, 0, 0)).build()
        .evaluate(JudgeFixtures.run("a", "build", true, null, "ok"));
    assertThat(e.overall()).isEqualTo(1.0);
  }

  @Test
  void unrecoveredErrorsLowerErrorRecovery() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenText(answer(0, 0, 0, 0)).build();
    PerformanceEvaluation e = PerformanceJudge.builder(model).build()
        .evaluate(JudgeFixtures.run("a", "build", false, null, "bad", "worse"));
    assertThat(e.errorRecovery()).isEqualTo(0.0);
  }

  @Test
  void aMalformedAnswerIsRetriedOnce() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenText("I think it went well!")
        .thenText(answer(1, 1, 1, 1)).build();
    PerformanceEvaluation e = PerformanceJudge.builder(model).build()
        .evaluate(JudgeFixtures.run("a", "build", true, null, "ok"));
    assertThat(e.taskCompletion()).isEqualTo(1.0);
    assertThat(model.callCount()).isEqualTo(2);
    assertThat(model.lastRequest().messages().toString()).contains("not valid");
  }

  @Test
  void answersThatStayNotJsonAreAnErrorNotAScore() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenText("great run").thenText("really great").build();
    assertThatThrownBy(() -> PerformanceJudge.builder(model).build()
        .evaluate(JudgeFixtures.run("a", "build", true, null, "ok")))
        .isInstanceOf(JudgeException.class).hasMessageContaining("no JSON object");
  }

  @Test
  void outOfRangeScoresAreAnError() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenText(answer(1.5, 1, 1, 1))
        .thenText(answer(1, -0.1, 1, 1)).build();
    assertThatThrownBy(() -> PerformanceJudge.builder(model).build()
        .evaluate(JudgeFixtures.run("a", "build", true, null, "ok")))
        .isInstanceOf(JudgeException.class).hasMessageContaining("outside 0..1");
  }

  @Test
  void aMissingComponentIsAnError() {
    String partial = "{\"task_completion\":{\"score\":1,\"explanation\":\"x\"}}";
    ScriptedChatModel model = ScriptedChatModel.builder().thenText(partial).thenText(partial).build();
    assertThatThrownBy(() -> PerformanceJudge.builder(model).build()
        .evaluate(JudgeFixtures.run("a", "build", true, null, "ok")))
        .isInstanceOf(JudgeException.class).hasMessageContaining("solution_quality");
  }

  @Test
  void aTrajectoryWithNoStepsGetsZeroEfficiencyAndRecovery() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenText(answer(0, 0, 0, 0)).build();
    PerformanceEvaluation e = PerformanceJudge.builder(model).build().evaluate(JudgeFixtures.noSteps("e", "x"));
    assertThat(e.efficiency()).isZero();
    assertThat(e.errorRecovery()).isZero();
    assertThat(((UserMessage) model.lastRequest().messages().get(1)).singleText()).contains("no steps");
  }

  @Test
  void aFailingModelCallIsAJudgeException() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenFail(new IllegalStateException("offline")).build();
    assertThatThrownBy(() -> PerformanceJudge.builder(model).build()
        .evaluate(JudgeFixtures.run("a", "build", true, null, "ok")))
        .isInstanceOf(JudgeException.class).hasMessageContaining("offline");
  }

  @Test
  void negativeWeightsAreRejected() {
    assertThatThrownBy(() -> new ScoringCriteria(-1, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ScoringCriteria(0, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
