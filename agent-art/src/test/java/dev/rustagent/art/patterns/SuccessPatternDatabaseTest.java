package dev.rustagent.art.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustagent.art.Trajectory.StepAction;
import dev.rustagent.art.Trajectory;
import dev.rustagent.art.Trajectory.TrajectoryMessage;
import dev.rustagent.art.Trajectory.TrajectoryMetadata;
import dev.rustagent.art.Trajectory.TrajectoryStep;
import dev.rustagent.art.TrajectoryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import dev.rustagent.art.patterns.SuccessPatternDatabase.SuccessPattern;
import dev.rustagent.art.patterns.SuccessPatternDatabase.PatternIndex;

class SuccessPatternDatabaseTest {
  private static final Instant T0 = Instant.parse("2026-02-01T00:00:00Z");

  static Trajectory run(String id, String objective, boolean success, Double reward, String... features) {
    List<TrajectoryStep> steps = new java.util.ArrayList<>();
    for (String f : features) {
      boolean failed = !f.startsWith("ok");
      steps.add(new TrajectoryStep(steps.size(), "", "", new StepAction.UseTool("cargo_build",
          "{\"features\":\"" + f + "\"}"), failed ? "error" : "built", failed, null, null, Map.of(), T0,
          Duration.ZERO));
    }
    steps.add(new TrajectoryStep(steps.size(), "", "", new StepAction.Answer("Fixed it."), null, false, null, null,
        Map.of(), T0, Duration.ZERO));
    return new Trajectory(id, null, "t", objective, success, "Fixed it.", steps,
        List.of(TrajectoryMessage.user(objective)), List.of(), TrajectoryMetadata.empty(), Map.of(), reward,
        List.of(), T0, T0);
  }

  private final SuccessPatternDatabase db = SuccessPatternDatabase.builder(PatternIndex.keywords()).build();

  @Test
  void learnsTheSuccessfulActionsOfAWellRewardedRun() {
    SuccessPattern p = db.learn(run("a", "fix the linker error in the tls crate", true, 0.9, "bad", "ok-vendored"))
        .orElseThrow();
    assertThat(p.successfulActions()).containsExactly("cargo_build {\"features\":\"ok-vendored\"}");
    assertThat(p.keywords()).contains("linker", "tls", "cargo_build");
    assertThat(p.summary()).contains("3 steps", "cargo_build", "Fixed it.");
    assertThat(p.reward()).isEqualTo(0.9);
  }

  @Test
  void ignoresRunsBelowTheThresholdFailedUnscoredOrWithoutSteps() {
    assertThat(db.learn(run("a", "x y", true, 0.5, "ok"))).isEmpty();
    assertThat(db.learn(run("b", "x y", false, 0.95, "ok"))).isEmpty();
    assertThat(db.learn(run("c", "x y", true, null, "ok"))).isEmpty();
    Trajectory empty = new Trajectory("d", null, "t", "x y", true, "", List.of(), List.of(), List.of(), null, null,
        0.99, null, T0, T0);
    assertThat(db.learn(empty)).isEmpty();
    assertThat(db.size()).isZero();
  }

  @Test
  void givesTheLessonsOfSimilarObjectivesAsContext() {
    db.learn(run("a", "fix the linker error in the tls crate", true, 0.9, "ok-vendored"));
    db.learn(run("b", "write documentation for the parser", true, 0.9, "ok-docs"));

    String context = db.provide("the tls crate has a linker error again", 1000);
    assertThat(context).startsWith(SuccessPatternDatabase.HEADING).contains("ok-vendored")
        .doesNotContain("ok-docs");
  }

  @Test
  void givesNothingForAnUnrelatedObjective() {
    db.learn(run("a", "fix the linker error in the tls crate", true, 0.9, "ok-vendored"));
    assertThat(db.provide("bake bread", 1000)).isEmpty();
  }

  @Test
  void keepsTheContextWithinTheTokenBudget() {
    for (int i = 0; i < 3; i++) {
      db.learn(run("p" + i, "fix linker error number " + i, true, 0.9, "ok-" + "x".repeat(300)));
    }
    assertThat(db.provide("fix linker error", 50).length()).isLessThanOrEqualTo(200);
  }

  @Test
  void rebuildsPatternsFromAStore() {
    try (TrajectoryStore store = TrajectoryStore.inMemory()) {
      store.save(run("a", "fix the linker error", true, 0.9, "ok-vendored"));
      store.save(run("b", "fix the linker error", true, 0.2, "ok-other"));
      assertThat(db.learnFrom(store)).isEqualTo(1);
      assertThat(db.find("linker error", 5)).extracting(SuccessPattern::id).containsExactly("a");
    }
  }

  @Test
  void findsPatternsThroughAnEmbeddingModel() {
    SuccessPatternDatabase byMeaning = SuccessPatternDatabase.builder(PatternIndex.embeddings(new dev.rustagent.art.LetterEmbeddings()))
        .minSimilarity(0.5).build();
    byMeaning.learn(run("a", "fix the linker error", true, 0.9, "ok-vendored"));
    assertThat(byMeaning.find("fix the linker error", 3)).extracting(SuccessPattern::id).containsExactly("a");
  }

  @Test
  void rejectsThresholdsOutsideZeroToOne() {
    assertThatThrownBy(() -> SuccessPatternDatabase.builder(PatternIndex.keywords()).rewardThreshold(1.5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
