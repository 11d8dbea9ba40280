package dev.rustagent.art.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.rustagent.art.Trajectory;
import dev.rustagent.testkit.ScriptedChatModel;
import java.util.List;
import org.junit.jupiter.api.Test;
import dev.rustagent.art.judge.RewardModel.Reward;
import dev.rustagent.art.judge.RewardModel.JudgeException;

class RulerJudgeTest {
  private final Trajectory good = JudgeFixtures.run("good", "build", true, 0.3, "ok");
  private final Trajectory slow = JudgeFixtures.run("slow", "build", true, null, "bad", "ok");
  private final Trajectory failed = JudgeFixtures.run("failed", "build", false, 0.1, "bad");

  private static String scores(String... entries) {
    StringBuilder sb = new StringBuilder("{\"scores\":[");
    for (int i = 0; i < entries.length; i += 2) {
      sb.append(i == 0 ? "" : ",").append("{\"trajectory_id\":\"").append(entries[i])
          .append("\",\"explanation\":\"because ").append(entries[i]).append("\",\"score\":").append(entries[i + 1])
          .append('}');
    }
    return sb.append("]}").toString();
  }

  private static String prompt(ScriptedChatModel model) {
    return ((UserMessage) model.requests().get(0).messages().get(1)).singleText();
  }

  @Test
  void scoresEachTrajectoryOfTheGroupInOneCall() {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenText(scores("1", "0.9", "2", "0.7", "3", "0.1")).build();
    List<Reward> rewards = RulerJudge.of(model).score(List.of(good, slow, failed));
    assertThat(rewards).extracting(Reward::trajectoryId).containsExactly("good", "slow", "failed");
    assertThat(rewards).extracting(Reward::value).containsExactly(0.9, 0.7, 0.1);
    assertThat(rewards.get(0).explanation()).isEqualTo("because 1");
    assertThat(model.callCount()).isEqualTo(1);
  }

  @Test
  void sendsTheSharedPrefixOnceAndEachRemainderInANumberedBlock() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenText(scores("1", "0.9", "2", "0.2")).build();
    RulerJudge.of(model).score(List.of(good, failed));
    String prompt = prompt(model);
    assertThat(prompt).contains("<context>", "<trajectory id=\"1\">", "<trajectory id=\"2\">");
    int system = prompt.indexOf("You are a Rust expert.");
    assertThat(system).isBetween(prompt.indexOf("<context>"), prompt.indexOf("</context>"));
    assertThat(prompt.indexOf("You are a Rust expert.", system + 1)).isEqualTo(-1);
    assertThat(prompt.substring(prompt.indexOf("<trajectory id=\"1\">"))).contains("It builds.");
  }

  @Test
  void theRubricIsReplaceable() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenText(scores("1", "1", "2", "0")).build();
    RulerJudge.withRubric(model, "Prefer answers that mention clippy.").score(List.of(good, failed));
    assertThat(((SystemMessage) model.requests().get(0).messages().get(0)).text())
        .contains("Prefer answers that mention clippy.").doesNotContain("significantly higher");
  }

  @Test
  void identicalTrajectoriesAreJudgedOnceAndShareTheScore() {
    Trajectory twin = JudgeFixtures.run("twin", "build", true, null, "ok");
    ScriptedChatModel model = ScriptedChatModel.builder().thenText(scores("1", "0.8", "2", "0.3")).build();
    List<Reward> rewards = RulerJudge.of(model).score(List.of(good, failed, twin));
    assertThat(prompt(model)).doesNotContain("<trajectory id=\"3\">");
    assertThat(rewards).extracting(Reward::value).containsExactly(0.8, 0.3, 0.8);
  }

  @Test
  void applyingTheScoresKeepsThePreviousRewardAsIndependentReward() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenText(scores("1", "0.9", "2", "0.2")).build();
    List<Trajectory> rewarded = RulerJudge.of(model).reward(List.of(good, failed));
    assertThat(rewarded.get(0).reward()).isEqualTo(0.9);
    assertThat(rewarded.get(0).metrics()).containsEntry(Trajectory.INDEPENDENT_REWARD, 0.3);
    assertThat(rewarded.get(1).metrics()).containsEntry(Trajectory.INDEPENDENT_REWARD, 0.1);
    assertThat(rewarded.get(0).logs()).anySatisfy(l -> assertThat(l).contains("because 1"));
  }

  @Test
  void aWrongCountIsRetriedOnceWithTheProblem() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenText(scores("1", "0.9"))
        .thenText(scores("1", "0.9", "2", "0.2")).build();
    List<Reward> rewards = RulerJudge.of(model).score(List.of(good, failed));
    assertThat(rewards).extracting(Reward::value).containsExactly(0.9, 0.2);
    assertThat(model.lastRequest().messages().toString()).contains("expected 2 scores, got 1");
  }

  @Test
  void aWrongCountTwiceIsAnError() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenText(scores("1", "0.9"))
        .thenText(scores("1", "0.9", "2", "0.2", "3", "0.5")).build();
    assertThatThrownBy(() -> RulerJudge.of(model).score(List.of(good, failed)))
        .isInstanceOf(JudgeException.class).hasMessageContaining("expected 2 scores, got 3");
  }

  @Test
  void unknownIdsAreAnError() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenText(scores("1", "0.9", "7", "0.2"))
        .thenText(scores("1", "0.9", "abc", "0.2")).build();
    assertThatThrownBy(() -> RulerJudge.of(model).score(List.of(good, failed)))
        .isInstanceOf(JudgeException.class).hasMessageContaining("unknown trajectory_id 'abc'");
  }

  @Test
  void aDuplicatedIdIsAnError() {
    String twice = scores("1", "0.9", "1", "0.2");
    ScriptedChatModel model = ScriptedChatModel.builder().thenText(twice).thenText(twice).build();
    assertThatThrownBy(() -> RulerJudge.of(model).score(List.of(good, failed)))
        .isInstanceOf(JudgeException.class).hasMessageContaining("scored twice");
  }

  @Test
  void outOfRangeScoresAreAnError() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenText(scores("1", "1.2", "2", "0.2"))
        .thenText(scores("1", "0.9", "2", "-3")).build();
    assertThatThrownBy(() -> RulerJudge.of(model).score(List.of(good, failed)))
        .isInstanceOf(JudgeException.class).hasMessageContaining("outside 0..1");
  }

  @Test
  void notJsonIsAnErrorAfterOneRetry() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenText("Trajectory 1 is best.")
        .thenText("{\"scores\": [ }").build();
    assertThatThrownBy(() -> RulerJudge.of(model).score(List.of(good, failed)))
        .isInstanceOf(JudgeException.class).hasMessageContaining("not valid JSON");
    assertThat(model.callCount()).isEqualTo(2);
  }

  @Test
  void aGroupOfOneIsRejectedWithoutCallingTheModel() {
    ScriptedChatModel model = ScriptedChatModel.builder().build();
    assertThatThrownBy(() -> RulerJudge.of(model).score(List.of(good)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least two");
    assertThat(model.callCount()).isZero();
  }

  @Test
  void trajectoriesWithNoStepsAreJudgedFromTheirObjective() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenText(scores("1", "0.9", "2", "0.0")).build();
    List<Reward> rewards = RulerJudge.of(model).score(List.of(good, JudgeFixtures.noSteps("empty", "build")));
    assertThat(rewards).extracting(Reward::value).containsExactly(0.9, 0.0);
  }

  @Test
  void aBlankRubricIsRejected() {
    assertThatThrownBy(() -> RulerJudge.withRubric(ScriptedChatModel.builder().build(), " "))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
