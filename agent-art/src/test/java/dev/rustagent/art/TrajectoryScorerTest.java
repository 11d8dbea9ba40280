package dev.rustagent.art;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.rustagent.art.judge.RewardModel.JudgeException;
import dev.rustagent.art.judge.RewardModel.Reward;
import dev.rustagent.art.judge.RewardModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import dev.rustagent.art.Trajectory.TrajectoryMetadata;

class TrajectoryScorerTest {

  /** Scores each trajectory of a group by its position (0.2, 0.4, ...) and records the groups it saw. */
  private static final class RecordingJudge implements RewardModel {
    final List<List<String>> seen = new ArrayList<>();

    @Override
    public List<Reward> score(List<Trajectory> group) {
      seen.add(group.stream().map(Trajectory::id).toList());
      List<Reward> out = new ArrayList<>();
      for (int i = 0; i < group.size(); i++) {
        out.add(new Reward(group.get(i).id(), Math.min(1.0, 0.2 * (i + 1)), "rank " + i, Map.of()));
      }
      return out;
    }
  }

  private static Trajectory withKindAndCode(String id, String objective, String kind, String code) {
    Trajectory t = Trajectories.of(id, objective, null);
    TrajectoryMetadata m = t.metadata();
    TrajectoryMetadata tagged = new TrajectoryMetadata(m.model(), m.totalTokens(), m.cost(), m.toolsUsed(),
        m.errorCount(), m.efficiency(), m.status(), kind, code == null ? List.of() : List.of(code), "");
    return new Trajectory(t.id(), t.sessionId(), t.agentName(), t.objective(), t.success(), t.answer(), t.steps(),
        t.messages(), t.tools(), tagged, t.metrics(), null, t.logs(), t.createdAt(), t.completedAt());
  }

  @Test
  void comparableRunsAreJudgedTogetherAndALoneRunOnItsOwn() {
    try (TrajectoryStore store = TrajectoryStore.inMemory()) {
      store.save(withKindAndCode("a", "fix E0382 in main.rs", "workflow:debugging", "E0382"));
      store.save(withKindAndCode("b", "fix the moved value in lib.rs", "workflow:debugging", "E0382"));
      store.save(withKindAndCode("c", "explain lifetimes", "task", null));
      store.save(Trajectories.of("d", "already scored", 0.7));
      RecordingJudge group = new RecordingJudge();
      RecordingJudge single = new RecordingJudge();

      TrajectoryScorer.Report report = new TrajectoryScorer(store, group, single, null).scoreUnscored(50);

      assertThat(report.scored()).isEqualTo(3);
      assertThat(report.groups()).isEqualTo(1);
      assertThat(group.seen).singleElement().asList().containsExactlyInAnyOrder("a", "b");
      assertThat(single.seen).containsExactly(List.of("c"));
      assertThat(store.find("a").orElseThrow().isScored()).isTrue();
      assertThat(store.find("d").orElseThrow().reward()).isEqualTo(0.7);
      assertThat(store.unscored(50)).isEmpty();
    }
  }

  @Test
  void aJudgeThatFailsOrAnswersGarbageLeavesTheRunsUnscoredForALaterTry() {
    try (TrajectoryStore store = TrajectoryStore.inMemory()) {
      store.save(withKindAndCode("a", "fix E0382", "task", "E0382"));
      store.save(withKindAndCode("b", "fix E0382 again", "task", "E0382"));
      RewardModel garbage = group -> {
        throw new JudgeException("the judge's answer was not valid JSON: 'sure!'");
      };

      TrajectoryScorer.Report report = new TrajectoryScorer(store, garbage, garbage, null).scoreUnscored(10);

      assertThat(report.scored()).isZero();
      assertThat(report.leftUnscored()).isEqualTo(2);
      assertThat(report.problems()).singleElement().asString().contains("not valid JSON");
      assertThat(store.unscored(10)).extracting(Trajectory::id).containsExactlyInAnyOrder("a", "b");
    }
  }

  /** Embeds a text as the counts of a few words, so paraphrases about the same thing land close. */
  private static final EmbeddingModel TOPICS = new EmbeddingModel() {
    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
      List<Embedding> out = new ArrayList<>();
      for (TextSegment s : segments) {
        String t = s.text().toLowerCase(java.util.Locale.ROOT);
        out.add(Embedding.from(new float[] {
            t.contains("borrow") || t.contains("moved") ? 1 : 0,
            t.contains("lifetime") ? 1 : 0,
            t.contains("test") ? 1 : 0}));
      }
      return Response.from(out);
    }
  };

  private static List<List<String>> groupsSeen(EmbeddingModel model, double minSimilarity) {
    try (TrajectoryStore store = TrajectoryStore.inMemory()) {
      store.save(Trajectories.of("a", "fix the borrow error in main.rs", null));
      store.save(Trajectories.of("b", "the value was moved, repair it", null));
      store.save(Trajectories.of("c", "explain lifetimes", null));
      RecordingJudge group = new RecordingJudge();
      RecordingJudge single = new RecordingJudge();
      new TrajectoryScorer(store, group, single, null).groupingObjectives(model, minSimilarity).scoreUnscored(10);
      List<List<String>> all = new ArrayList<>();
      group.seen.forEach(g -> all.add(g.stream().sorted().toList()));
      single.seen.forEach(all::add);
      return all;
    }
  }

  @Test
  void objectivesWhoseEmbeddingsAreCloseFormOneGroup() {
    assertThat(groupsSeen(TOPICS, 0.9)).containsExactlyInAnyOrder(List.of("a", "b"), List.of("c"));
  }

  @Test
  void withoutAnEmbeddingModelObjectivesSharingEnoughKeywordsAreGrouped() {
    try (TrajectoryStore store = TrajectoryStore.inMemory()) {
      store.save(Trajectories.of("a", "fix the borrow error in main.rs", null));
      store.save(Trajectories.of("b", "fix the borrow error in lib.rs", null));
      store.save(Trajectories.of("c", "explain lifetimes", null));
      RecordingJudge group = new RecordingJudge();
      RecordingJudge single = new RecordingJudge();

      new TrajectoryScorer(store, group, single, null).groupingObjectives(null, 0.5).scoreUnscored(10);

      assertThat(group.seen).singleElement().asList().containsExactlyInAnyOrder("a", "b");
      assertThat(single.seen).containsExactly(List.of("c"));
    }
  }

  @Test
  void anEmbeddingModelThatFailsFallsBackToKeywords() {
    EmbeddingModel broken = new EmbeddingModel() {
      @Override
      public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        throw new IllegalStateException("model file missing");
      }
    };

    // "fix the borrow error" and "the value was moved" share no keywords: apart, as keywords see them
    assertThat(groupsSeen(broken, 0.5)).containsExactlyInAnyOrder(List.of("a"), List.of("b"), List.of("c"));
  }

  @Test
  void byDefaultOnlyIdenticalObjectivesAreGrouped() {
    try (TrajectoryStore store = TrajectoryStore.inMemory()) {
      store.save(Trajectories.of("a", "fix the borrow error in main.rs", null));
      store.save(Trajectories.of("b", "fix the borrow error in lib.rs", null));
      RecordingJudge group = new RecordingJudge();
      RecordingJudge single = new RecordingJudge();

      new TrajectoryScorer(store, group, single, null).scoreUnscored(10);

      assertThat(group.seen).isEmpty();
      assertThat(single.seen).hasSize(2);
    }
  }
}
