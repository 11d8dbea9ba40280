package dev.rustagent.art.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rustagent.art.Trajectory.StepAction;
import dev.rustagent.art.Trajectory;
import dev.rustagent.art.Trajectory.TrajectoryMessage;
import dev.rustagent.art.Trajectory.TrajectoryMetadata;
import dev.rustagent.art.Trajectory.TrajectoryStep;
import dev.rustagent.art.TrajectoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.rustagent.art.export.TrainingDataExporter.ExportFormat;
import dev.rustagent.art.export.TrainingDataExporter.ExportSummary;
import dev.rustagent.art.export.TrainingDataExporter.Specialization;

class TrainingDataExporterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-02-01T00:00:00Z");

  @TempDir
  Path dir;

  static Trajectory t(String id, String objective, Double reward, String tool, String feature) {
    List<TrajectoryMessage> messages = List.of(TrajectoryMessage.system("sys"), TrajectoryMessage.user(objective),
        TrajectoryMessage.assistant("trying " + feature,
            List.of(new TrajectoryMessage.ToolCall("c1", tool, "{\"f\":\"" + feature + "\"}"))),
        TrajectoryMessage.tool("c1", tool, "out " + feature), TrajectoryMessage.assistant("done " + feature, List.of()));
    List<TrajectoryStep> steps = List.of(new TrajectoryStep(0, objective, "", new StepAction.UseTool(tool, "{}"),
        "out", false, null, null, Map.of(), T0, Duration.ZERO));
    return new Trajectory(id, null, "agent", objective, reward != null && reward > 0.5, "done", steps, messages,
        List.of(Map.of("type", "function", "function", Map.of("name", tool))),
        new TrajectoryMetadata("m", 1, 0, List.of(tool), 0, 1, "COMPLETED"), Map.of("latency_ms", 5.0), reward,
        List.of("note"), T0, T0);
  }

  private static List<JsonNode> lines(Path file) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      out.add(JSON.readTree(line));
    }
    return out;
  }

  private final List<List<Trajectory>> groups = List.of(
      List.of(t("a", "fix the borrow error", 0.9, "edit_file", "x"), t("b", "fix the borrow error", 0.3, "edit_file", "y"),
          t("c", "fix the borrow error", null, "edit_file", "z")),
      List.of(t("d", "run the test suite", 0.4, "cargo", "t"), t("e", "run the test suite", 0.35, "cargo", "u")));

  @Test
  void artFormatWritesOneGroupPerLineWithMessagesToolsRewardMetricsMetadataAndLogs() throws Exception {
    Path file = dir.resolve("art.jsonl");
    ExportSummary summary = TrainingDataExporter.builder().build().export(groups, ExportFormat.ART, file, n -> {});

    List<JsonNode> lines = lines(file);
    assertThat(lines).hasSize(2);
    JsonNode first = lines.get(0).get("trajectories");
    assertThat(first).hasSize(2);
    JsonNode a = first.get(0);
    assertThat(a.get("reward").asDouble()).isEqualTo(0.9);
    assertThat(a.get("messages_and_choices").get(2).get("tool_calls").get(0).get("function").get("name").asText())
        .isEqualTo("edit_file");
    assertThat(a.get("messages_and_choices").get(3).get("tool_call_id").asText()).isEqualTo("c1");
    assertThat(a.get("tools").get(0).get("function").get("name").asText()).isEqualTo("edit_file");
    assertThat(a.get("metrics").get("latency_ms").asDouble()).isEqualTo(5.0);
    assertThat(a.get("metadata").get("objective").asText()).isEqualTo("fix the borrow error");
    assertThat(a.get("logs").get(0).asText()).isEqualTo("note");
    assertThat(summary.records()).isEqualTo(2);
    assertThat(summary.skipped()).isEqualTo(1);
  }

  @Test
  void secretsInToolOutputAndArgumentsNeverReachAnExport() throws Exception {
    String key = "sk-ant-api03-" + "Q".repeat(40);
    String token = "ghp_" + "x".repeat(36);
    Trajectory leaky = t("leak", "objective", 0.9, "shell", "env " + key);
    List<TrajectoryMessage> messages = new ArrayList<>(leaky.messages());
    messages.add(TrajectoryMessage.tool("c2", "cargo", "build.rs said: ANTHROPIC_API_KEY=" + key
        + " and GITHUB_TOKEN=" + token + " via postgres://agent:hunter22@db/x"));
    Trajectory withOutput = new Trajectory(leaky.id(), null, "agent", leaky.objective(), true, leaky.answer(),
        leaky.steps(), messages, leaky.tools(), leaky.metadata(), leaky.metrics(), leaky.reward(), leaky.logs(),
        leaky.createdAt(), leaky.completedAt());

    for (ExportFormat format : ExportFormat.values()) {
      Path file = dir.resolve(format + ".jsonl");
      TrainingDataExporter.builder().build().export(List.of(List.of(withOutput, t("peer", "objective", 0.1, "shell",
          "other"))), format, file, n -> {});
      assertThat(Files.readString(file)).as(format.name()).doesNotContain(key).doesNotContain(token)
          .doesNotContain("hunter22");
    }
  }

  @Test
  void artFormatDropsGroupsWhereNothingReachesTheThreshold() throws Exception {
    Path file = dir.resolve("art.jsonl");
    TrainingDataExporter.builder().minReward(0.5).build().export(groups, ExportFormat.ART, file, n -> {});
    assertThat(lines(file)).hasSize(1);
  }

  @Test
  void sftFormatWritesEachTrajectoryAboveTheThresholdInOpenAiFormat() throws Exception {
    Path file = dir.resolve("sft.jsonl");
    TrainingDataExporter.builder().minReward(0.5).build().export(groups, ExportFormat.SFT, file, n -> {});
    List<JsonNode> lines = lines(file);
    assertThat(lines).singleElement().satisfies(l -> {
      assertThat(l.get("messages").get(0).get("role").asText()).isEqualTo("system");
      assertThat(l.get("messages").get(4).get("content").asText()).isEqualTo("done x");
      assertThat(l.get("tools")).hasSize(1);
    });
  }

  @Test
  void preferencePairsShareTheirContextAndCarryTheMargin() throws Exception {
    Path file = dir.resolve("pref.jsonl");
    TrainingDataExporter.builder().build().export(groups, ExportFormat.PREFERENCE, file, n -> {});
    List<JsonNode> lines = lines(file);
    assertThat(lines).singleElement().satisfies(l -> {
      assertThat(l.get("context")).hasSize(2);
      assertThat(l.get("chosen").get(0).get("content").asText()).isEqualTo("trying x");
      assertThat(l.get("rejected").get(0).get("content").asText()).isEqualTo("trying y");
      assertThat(l.get("margin").asDouble()).isCloseTo(0.6, org.assertj.core.data.Offset.offset(1e-9));
    });
  }

  @Test
  void preferencePairsNeedTheMinimumMargin() throws Exception {
    Path file = dir.resolve("pref.jsonl");
    TrainingDataExporter.builder().minMargin(0.7).build().export(groups, ExportFormat.PREFERENCE, file, n -> {});
    assertThat(lines(file)).isEmpty();
  }

  @Test
  void theSpecialisationFilterKeepsOnlyThatKind() throws Exception {
    Path file = dir.resolve("exec.jsonl");
    TrainingDataExporter.builder().specialization(Specialization.EXECUTION).build()
        .export(groups, ExportFormat.SFT, file, n -> {});
    assertThat(lines(file)).extracting(l -> l.get("messages").get(1).get("content").asText())
        .containsOnly("run the test suite");
  }

  @Test
  void exportsFromAStore() throws Exception {
    try (TrajectoryStore store = TrajectoryStore.inMemory()) {
      groups.forEach(g -> g.forEach(store::save));
      ExportSummary summary = TrainingDataExporter.builder().build().export(store, ExportFormat.SFT,
          dir.resolve("out.jsonl"));
      assertThat(summary.records()).isEqualTo(4);
      assertThat(lines(dir.resolve("out.jsonl"))).hasSize(4);
    }
  }

  @Test
  void trajectoriesWithNoStepsAreRebuiltFromTheObjectiveOrSkipped() throws Exception {
    Trajectory empty = new Trajectory("e", null, "agent", "fix it", false, "", List.of(), List.of(), List.of(), null,
        null, 0.8, null, T0, T0);
    Path file = dir.resolve("sft.jsonl");
    TrainingDataExporter.builder().build().export(List.of(List.of(empty)), ExportFormat.SFT, file, n -> {});
    assertThat(lines(file)).singleElement()
        .satisfies(l -> assertThat(l.get("messages").get(0).get("content").asText()).isEqualTo("fix it"));
  }

  @Test
  void classifiesSpecialisations() {
    assertThat(Specialization.of(t("x", "explain why the borrow checker complains", 1.0, "docs_search", "a")))
        .isEqualTo(Specialization.RESEARCH);
    assertThat(Specialization.of(t("x", "plan the steps of the migration", 1.0, "read_file", "a")))
        .isEqualTo(Specialization.PLANNING);
    assertThat(Specialization.of(t("x", "implement the parser", 1.0, "edit_file", "a")))
        .isEqualTo(Specialization.CODE_GENERATION);
    assertThat(Specialization.parse("code")).isEqualTo(Specialization.CODE_GENERATION);
    assertThatThrownBy(() -> Specialization.parse("cooking")).hasMessageContaining("research, planning");
    assertThatThrownBy(() -> ExportFormat.parse("csv")).hasMessageContaining("art, sft or preference");
  }

  @Test
  void reviewsAndDiagnosesAreAnalysis() {
    assertThat(Specialization.of(t("x", "review the error handling and diagnose the cause of the slowdown", 1.0,
        "git_log", "a"))).isEqualTo(Specialization.ANALYSIS);
    assertThat(Specialization.parse("analysis")).isEqualTo(Specialization.ANALYSIS);
  }

  @Test
  void aTrajectoryThatFitsNoSpecialisationIsGeneralAndTheGeneralSetTakesEveryTrajectory() {
    Trajectory plain = t("x", "hello there", 1.0, "noop", "a");
    Trajectory coding = t("y", "implement the parser", 1.0, "edit_file", "a");

    assertThat(Specialization.of(plain)).isEqualTo(Specialization.GENERAL);
    assertThat(Specialization.GENERAL.matches(coding)).isTrue();
    assertThat(Specialization.CODE_GENERATION.matches(plain)).isFalse();
    assertThat(Specialization.parse("general")).isEqualTo(Specialization.GENERAL);
  }

  @Test
  void reportsProgressPerGroup() {
    List<Integer> seen = new ArrayList<>();
    TrainingDataExporter.builder().build().export(groups, ExportFormat.ART, dir.resolve("x.jsonl"), seen::add);
    assertThat(seen).containsExactly(1, 2);
  }
}
