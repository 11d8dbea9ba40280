package dev.rustagent.art;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.rustagent.art.patterns.SuccessPatternDatabase.PatternIndex;
import dev.rustagent.art.patterns.SuccessPatternDatabase;
import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentResult;
import dev.rustagent.core.AgentResult.AgentStatus;
import dev.rustagent.core.AgentPlugin.RecalledItem;
import dev.rustagent.memory.AgentMemory;
import dev.rustagent.testkit.ScriptedChatModel;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.ProblemReport.CargoReport;
import dev.rustagent.tools.ProblemReport.CompilerDiagnostic;
import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolRegistry;
import dev.rustagent.tools.ToolResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.rustagent.art.ArtConfig.ArtException;
import dev.rustagent.art.TrajectoryStore.Feedback;

class ArtPluginTest {

  @TempDir
  Path dir;

  /** A compiler tool reporting one E0382 error, the way the built-in cargo tool does. */
  private static final class CheckTool implements Tool {
    @Override
    public String name() {
      return "cargo";
    }

    @Override
    public String description() {
      return "cargo check";
    }

    @Override
    public JsonObjectSchema parameters() {
      return JsonObjectSchema.builder().addStringProperty("subcommand").build();
    }

    @Override
    public Set<Action> actions(ToolArguments arguments) {
      return Set.of(Action.READ);
    }

    @Override
    public ToolResult execute(ToolArguments arguments, ToolContext context) {
      String json = "{\"reason\":\"compiler-message\",\"message\":{\"message\":\"borrow of moved value: `v`\","
          + "\"code\":{\"code\":\"E0382\"},\"level\":\"error\",\"spans\":[{\"file_name\":\"src/main.rs\","
          + "\"line_start\":4,\"line_end\":4,\"column_start\":20,\"column_end\":21,\"is_primary\":true}],"
          + "\"children\":[],\"rendered\":\"error[E0382]: borrow of moved value: `v`\"}}";
      List<CompilerDiagnostic> diagnostics = CompilerDiagnostic.parseCargoJson(json);
      return ToolResult.failure("error[E0382]", new CargoReport("cargo check", 101, diagnostics, null));
    }
  }

  private static ScriptedChatModel checkThenAnswer() {
    return ScriptedChatModel.builder()
        .thenToolCall("cargo", "{\"subcommand\":\"check\"}")
        .thenText("E0382: clone the vector before moving it")
        .thenText("done")
        .build();
  }

  @Test
  void everyRunIsRecordedWithItsKindObjectiveOutcomeAndErrorCodes() {
    try (TrajectoryStore store = TrajectoryStore.inMemory()) {
      ArtPlugin art = ArtPlugin.builder(store).tracking(t -> t.agentName("cli")).build();
      Agent agent = Agent.builder().chatModel(checkThenAnswer()).tools(ToolRegistry.of(new CheckTool()))
          .plugin(art).build();

      AgentResult first = agent.run("fix the build");
      AgentResult second = agent.run("/explain E0382");

      Trajectory t = store.find(first.runId()).orElseThrow();
      assertThat(t.objective()).isEqualTo("fix the build");
      assertThat(t.agentName()).isEqualTo("cli");
      assertThat(t.metadata().kind()).isEqualTo("task");
      assertThat(t.metadata().diagnosticCodes()).containsExactly("E0382");
      assertThat(t.metadata().status()).isEqualTo("COMPLETED");
      assertThat(t.isScored()).isFalse();
      assertThat(store.find(second.runId()).orElseThrow().metadata().kind()).isEqualTo("command:/explain");
      assertThat(art.recordedRuns()).isEqualTo(2);
    }
  }

  @Test
  void aStoreThatRefusesTheTrajectoryLetsTheRunCompleteAndSaysRecordingWasSkipped() {
    TrajectoryStore store = TrajectoryStore.h2(dir.resolve("art"));
    ArtPlugin art = ArtPlugin.builder(store).build();
    Agent agent = Agent.builder().chatModel(ScriptedChatModel.builder().thenText("ok").build()).plugin(art).build();
    store.close();

    AgentResult result = agent.run("anything");

    assertThat(result.status()).isEqualTo(AgentStatus.COMPLETED);
    assertThat(art.skippedRecordings()).isEqualTo(1);
    assertThat(art.lastRecordingProblem()).contains(result.runId()).contains("skipped");
  }

  @Test
  void goodFeedbackMakesALessonThatTheNextRunUsesAndReports() {
    try (TrajectoryStore store = TrajectoryStore.inMemory(); AgentMemory memory = AgentMemory.inMemory()) {
      SuccessPatternDatabase patterns = SuccessPatternDatabase.builder(PatternIndex.semantic(memory.semantic())).build();
      ArtPlugin art = ArtPlugin.builder(store).patterns(patterns).build();
      Agent agent = Agent.builder().chatModel(checkThenAnswer()).tools(ToolRegistry.of(new CheckTool()))
          .plugin(art).build();
      AgentResult first = agent.run("fix error E0382 in main.rs");

      Trajectory rewarded = art.feedback(new Feedback(first.runId(), Feedback.Verdict.GOOD, "exactly right", Instant.now()));
      AgentResult second = agent.run("fix error E0382 in lib.rs");

      assertThat(rewarded.reward()).isEqualTo(1.0);
      assertThat(rewarded.logs()).anyMatch(l -> l.contains("feedback good") && l.contains("exactly right"));
      assertThat(second.patternsUsed()).extracting(RecalledItem::kind, RecalledItem::id)
          .contains(org.assertj.core.groups.Tuple.tuple("success-pattern", first.runId()));
      assertThat(second.confidence()).isGreaterThan(first.confidence());
    }
  }

  @Test
  void theLatestFeedbackCountsBadOutweighsAJudgeAndHistoryIsKept() {
    try (TrajectoryStore store = TrajectoryStore.inMemory(); AgentMemory memory = AgentMemory.inMemory()) {
      SuccessPatternDatabase patterns = SuccessPatternDatabase.builder(PatternIndex.semantic(memory.semantic())).build();
      ArtPlugin art = ArtPlugin.builder(store).patterns(patterns).build();
      Agent agent = Agent.builder().chatModel(checkThenAnswer()).tools(ToolRegistry.of(new CheckTool()))
          .plugin(art).build();
      AgentResult run = agent.run("fix error E0382 in main.rs");
      store.save(store.find(run.runId()).orElseThrow().withReward(0.9, "judge: fine"));
      patterns.learn(store.find(run.runId()).orElseThrow());
      assertThat(patterns.size()).isEqualTo(1);

      art.feedback(new Feedback(run.runId(), Feedback.Verdict.GOOD, "", Instant.now()));
      Trajectory bad = art.feedback(new Feedback(run.runId(), Feedback.Verdict.BAD, "it broke the tests", Instant.now()));

      assertThat(bad.reward()).isZero();
      assertThat(bad.metrics()).containsEntry(Trajectory.JUDGE_REWARD, 0.9).containsEntry(Trajectory.HUMAN_FEEDBACK, 0.0);
      assertThat(bad.logs()).filteredOn(l -> l.startsWith("feedback")).hasSize(2);
      assertThat(bad.humanVerdict()).contains(Feedback.Verdict.BAD);
      assertThat(patterns.size()).isZero();
      assertThat(patterns.find("fix error E0382 in main.rs", 5)).isEmpty();
    }
  }

  @Test
  void feedbackForAnUnknownRunChangesNothingAndSaysSo() {
    try (TrajectoryStore store = TrajectoryStore.inMemory()) {
      ArtPlugin art = ArtPlugin.builder(store).build();

      assertThatThrownBy(() -> art.feedback(new Feedback("no-such-run", Feedback.Verdict.GOOD, "", Instant.now())))
          .isInstanceOf(ArtException.class).hasMessageContaining("no run no-such-run");
      assertThat(store.count()).isZero();
    }
  }

  @Test
  void badFeedbackInputIsRefusedClearly() {
    assertThatThrownBy(() -> Feedback.Verdict.parse("meh")).hasMessageContaining("'good' or 'bad'");
    assertThatThrownBy(() -> new Feedback(" ", Feedback.Verdict.GOOD, "", Instant.now()))
        .hasMessageContaining("runId");
    assertThatThrownBy(() -> new Feedback("r", Feedback.Verdict.GOOD, "x".repeat(Feedback.MAX_COMMENT + 1), Instant.now()))
        .hasMessageContaining("at most");
  }

  /** Ordinary runs (no mission, no judge): a person who says whether each run built is the only reward. */
  private static List<Boolean> ordinaryRuns(boolean personGivesFeedback, List<List<RecalledItem>> used) {
    AtomicInteger lessonsSeen = new AtomicInteger();
    ScriptedChatModel model = ScriptedChatModel.builder()
        .otherwise(ShowItLearnsTest.environment(new Random(7), lessonsSeen)).build();
    List<Boolean> successes = new ArrayList<>();
    try (TrajectoryStore store = TrajectoryStore.inMemory(); AgentMemory memory = AgentMemory.inMemory()) {
      SuccessPatternDatabase patterns = SuccessPatternDatabase.builder(PatternIndex.semantic(memory.semantic())).build();
      ArtPlugin art = ArtPlugin.builder(store).patterns(patterns).build();
      Agent agent = Agent.builder().chatModel(model).tools(ToolRegistry.of(new BuildTool())).maxIterations(4)
          .plugin(art).build();
      for (int i = 0; i < 20; i++) {
        AgentResult result = agent.run(ShowItLearnsTest.OBJECTIVE);
        boolean built = ShowItLearnsTest.lastBuildPassed(result);
        successes.add(built);
        used.add(result.patternsUsed());
        if (personGivesFeedback) {
          art.feedback(new Feedback(result.runId(), built ? Feedback.Verdict.GOOD : Feedback.Verdict.BAD, "",
              Instant.now()));
        }
      }
      assertThat(store.count()).isEqualTo(20);
    }
    return successes;
  }

  private static double rate(List<Boolean> runs, int from, int to) {
    return runs.subList(from, to).stream().filter(b -> b).count() / (double) (to - from);
  }

  @Test
  void onOrdinaryRunsFeedbackRaisesTheSuccessRateAndTheLessonShowsInPatternsUsed() {
    List<List<RecalledItem>> used = new ArrayList<>();
    List<Boolean> runs = ordinaryRuns(true, used);

    int first = runs.indexOf(true);
    assertThat(first).isNotNegative().isLessThan(19);
    assertThat(rate(runs, 10, 20)).isGreaterThan(rate(runs, 0, 10));
    assertThat(runs.subList(first + 1, 20)).containsOnly(true);
    assertThat(used.get(first + 1)).extracting(RecalledItem::kind).contains("success-pattern");
  }

  @Test
  void onOrdinaryRunsWithoutFeedbackNothingIsLearned() {
    List<List<RecalledItem>> used = new ArrayList<>();
    List<Boolean> runs = ordinaryRuns(false, used);

    assertThat(used).allMatch(List::isEmpty);
    assertThat(rate(runs, 10, 20)).isLessThanOrEqualTo(0.3);
  }
}
