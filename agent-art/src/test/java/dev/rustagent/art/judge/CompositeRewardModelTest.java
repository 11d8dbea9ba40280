package dev.rustagent.art.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rustagent.art.Trajectory;
import java.util.List;
import org.junit.jupiter.api.Test;
import dev.rustagent.art.judge.RewardModel.Reward;

class CompositeRewardModelTest {

  @Test
  void weighsSuccessEfficiencyQualityAndNovelty() {
    CompositeRewardModel model = CompositeRewardModel.builder().build();
    Trajectory t = JudgeFixtures.run("a", "build the crate", true, null, "bad", "ok");
    Reward r = model.score(t);
    // first trajectory: novelty 1; efficiency 2/3; quality 2/3 (one failed step of three)
    assertThat(r.value()).isCloseTo(0.5 + 0.2 * 2 / 3 + 0.2 * 2 / 3 + 0.1, within(1e-9));
    assertThat(r.components()).containsEntry("success", 1.0).containsEntry("novelty", 1.0);
  }

  @Test
  void aRepeatedTrajectoryIsNotNovel() {
    CompositeRewardModel model = CompositeRewardModel.builder().build();
    model.score(JudgeFixtures.run("a", "build the crate", true, null, "ok"));
    Reward again = model.score(JudgeFixtures.run("b", "build the crate", true, null, "ok"));
    assertThat(again.components().get("novelty")).isCloseTo(0.0, within(1e-9));
  }

  @Test
  void noveltyComesFromEmbeddingSimilarityWhenAModelIsGiven() {
    CompositeRewardModel model = CompositeRewardModel.builder()
        .embeddingModel(new dev.rustagent.art.LetterEmbeddings()).build();
    model.score(JudgeFixtures.run("a", "build the crate", true, null, "ok"));
    double same = model.score(JudgeFixtures.run("b", "build the crate", true, null, "ok")).components().get("novelty");
    double other = model.score(JudgeFixtures.run("c", "zzz qqq xxx", true, null, "ok")).components().get("novelty");
    assertThat(same).isCloseTo(0.0, within(1e-6));
    assertThat(other).isGreaterThan(same);
  }

  @Test
  void failureScoresFarBelowSuccess() {
    CompositeRewardModel model = CompositeRewardModel.builder().build();
    double failed = model.score(JudgeFixtures.run("a", "x", false, null, "bad")).value();
    double succeeded = model.score(JudgeFixtures.run("b", "y", true, null, "ok")).value();
    assertThat(succeeded - failed).isGreaterThan(0.5);
  }

  @Test
  void agreeingComponentsGiveHigherConfidence() {
    CompositeRewardModel model = CompositeRewardModel.builder().quality(t -> 1.0).build();
    Reward allGood = model.score(JudgeFixtures.run("a", "one objective", true, null, "ok"));
    Reward mixed = model.score(JudgeFixtures.run("b", "other goal entirely", false, null, "bad"));
    assertThat(allGood.components().get("confidence")).isGreaterThan(mixed.components().get("confidence"));
  }

  @Test
  void keepsAHistoryOfRewards() {
    CompositeRewardModel model = CompositeRewardModel.builder().build();
    model.score(List.of(JudgeFixtures.run("a", "x", true, null, "ok"), JudgeFixtures.run("b", "x", false, null)));
    assertThat(model.history()).extracting(CompositeRewardModel.RewardRecord::trajectoryId).containsExactly("a", "b");
  }

  @Test
  void aTrajectoryWithNoStepsGetsOnlyItsNovelty() {
    Reward r = CompositeRewardModel.builder().build().score(JudgeFixtures.noSteps("e", "anything"));
    assertThat(r.value()).isCloseTo(0.1, within(1e-9));
  }
}
