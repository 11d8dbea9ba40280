package dev.rustagent.art;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.art.judge.RewardModel.JudgeException;
import dev.rustagent.art.judge.RulerJudge;
import dev.rustagent.core.Agent;
import dev.rustagent.testkit.ScriptedChatModel;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ArtRunnerTest {
  private final TrajectoryStore store = TrajectoryStore.inMemory();

  @AfterEach
  void close() {
    store.close();
  }

  private static Agent agent(String... answers) {
    ScriptedChatModel.Builder model = ScriptedChatModel.builder();
    for (String answer : answers) {
      model.thenText(answer);
    }
    return Agent.builder().chatModel(model.build()).build();
  }

  @Test
  void aGroupOfRunsIsScoredTogetherByRulerAndStored() {
    ScriptedChatModel judge = ScriptedChatModel.builder().thenText(
        "{\"scores\":[{\"trajectory_id\":\"1\",\"explanation\":\"complete\",\"score\":0.9},"
            + "{\"trajectory_id\":\"2\",\"explanation\":\"vague\",\"score\":0.3}]}").build();
    ArtRunner runner = ArtRunner.builder(agent("Use an Rc<RefCell<_>>.", "Not sure."), store)
        .rewardModel(RulerJudge.of(judge)).build();

    List<ArtRunner.Outcome> outcomes = runner.runGroup("share state between closures", 2);

    assertThat(judge.callCount()).isEqualTo(1);
    assertThat(outcomes).extracting(o -> o.trajectory().reward()).containsExactly(0.9, 0.3);
    assertThat(store.withRewardAtLeast(0.5, 10)).extracting(Trajectory::answer)
        .containsExactly("Use an Rc<RefCell<_>>.");
  }

  @Test
  void aFailingRewardModelLeavesTheTrajectoriesStoredUnscored() {
    ArtRunner runner = ArtRunner.builder(agent("done"), store).rewardModel(group -> {
      throw new JudgeException("judge unreachable");
    }).build();

    Trajectory t = runner.run("do it").trajectory();

    assertThat(t.isScored()).isFalse();
    assertThat(t.logs()).anySatisfy(l -> assertThat(l).contains("judge unreachable"));
    assertThat(store.find(t.id())).contains(t);
  }

  @Test
  void withTrackingOffNothingIsRecorded() {
    ArtRunner runner = ArtRunner.builder(agent("done"), store)
        .config(ArtConfig.builder().enableTracking(false).build()).build();
    ArtRunner.Outcome outcome = runner.run("do it");
    assertThat(outcome.result().isSuccess()).isTrue();
    assertThat(outcome.trajectoryValue()).isEmpty();
    assertThat(store.count()).isZero();
  }

  @Test
  void theDefaultRewardScoresEachRunOnItsOwn() {
    Trajectory t = ArtRunner.builder(agent("done"), store).build().run("do it").trajectory();
    assertThat(t.reward()).isPositive();
    assertThat(t.metrics()).containsKeys("success", "novelty", "confidence");
  }

  @Test
  void configRejectsThresholdsOutsideZeroToOne() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ArtConfig.builder().patternThreshold(2))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ArtConfig.builder().minTrajectories(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
