package dev.rustagent.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.art.TrajectoryStore.ArtBackup;
import dev.rustagent.art.Trajectory;
import dev.rustagent.art.TrajectoryStore;
import dev.rustagent.testkit.FakeAnthropicServer;
import dev.rustagent.testkit.FakeResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI applies seed 001's {@code [art]} sections and records {@code debug} as one workflow run. */
class ArtConfiguredRunsTest {
  /** Seed 001's configuration, verbatim (a resource of agent-testkit, shared by the ART and CLI tests). */
  private static final String SEED_001 = new java.util.Scanner(ArtConfiguredRunsTest.class.getResourceAsStream(
      "/dev/rustagent/testkit/seeds/seed-001-art.toml"), java.nio.charset.StandardCharsets.UTF_8).useDelimiter("\\A").next();

  @TempDir Path data;
  @TempDir Path workspace;
  @TempDir Path conf;

  private final FakeAnthropicServer proxy = FakeAnthropicServer.start();

  @AfterEach
  void stopProxy() {
    proxy.close();
  }

  private int code;

  private CapturedCli cli(String... args) {
    CapturedCli cli = new CapturedCli();
    code = cli.execute(args);
    return cli;
  }

  private Path config(String text) throws Exception {
    Path file = conf.resolve("rustchain.toml");
    Files.writeString(file, text);
    return file;
  }

  private CapturedCli run(Path config) {
    return cli("run", "--llm-url", proxy.baseUrl(), "--config", config.toString(), "--data-dir", data.toString(),
        "--workspace", workspace.toString(), "--approve", "none", "--no-embeddings", "explain E0382");
  }

  @Test
  void seed001sConfigRecordsRunsWhereItSaysAndBacksThemUp() throws Exception {
    proxy.enqueue(FakeResponse.text("Clone the vector."));

    CapturedCli run = run(config(SEED_001));

    assertThat(run.out()).contains("[art] recorded as run");
    Path store = conf.resolve("art_data");
    assertThat(store.resolve("trajectories.mv.db")).exists();
    assertThat(conf.resolve("art_patterns")).isDirectory();
    assertThat(data.resolve("art")).doesNotExist();
    assertThat(ArtBackup.latest(store.resolve("backups"))).isPresent();
    try (TrajectoryStore trajectories = TrajectoryStore.h2(store.resolve("trajectories"))) {
      assertThat(trajectories.recent(5)).singleElement()
          .satisfies(t -> assertThat(t.objective()).isEqualTo("explain E0382"));
    }
  }

  @Test
  void artRestoreWithSeed001sConfigRestoresIntoTheStoresItNames() throws Exception {
    proxy.enqueue(FakeResponse.text("Clone the vector."));
    Path config = config(SEED_001);
    run(config);
    Path set = ArtBackup.latest(conf.resolve("art_data/backups")).orElseThrow();
    try (TrajectoryStore trajectories = TrajectoryStore.h2(conf.resolve("art_data/trajectories"))) {
      Trajectory recorded = trajectories.recent(1).get(0);
      // the backup was taken as the run started; give it a run the store does not have
      Files.writeString(set.resolve("trajectories.jsonl"),
          dev.rustagent.art.internal.ArtJson.toJson(recorded).replace(recorded.id(), "restored-run") + "\n");
    }

    CapturedCli restore = cli("art", "restore", "--config", config.toString());

    assertThat(code).as(restore.err()).isEqualTo(RustAgentCli.EXIT_OK);
    assertThat(restore.out()).contains(set.toString()).contains("1 trajectories added");
    try (TrajectoryStore trajectories = TrajectoryStore.h2(conf.resolve("art_data/trajectories"))) {
      assertThat(trajectories.find("restored-run")).isPresent();
    }
    assertThat(conf.resolve("art_patterns/memory.mv.db")).exists();
  }

  @Test
  void enableTrackingFalseTurnsRecordingOffEvenAfterArtInit() throws Exception {
    assertThat(cli("art", "init", "--data-dir", data.resolve("art").toString()).out()).isNotEmpty();
    proxy.enqueue(FakeResponse.text("Clone the vector."));

    CapturedCli run = run(config("[art]\nenable_tracking = false\n"));

    assertThat(run.out()).doesNotContain("[art]");
    try (TrajectoryStore trajectories = TrajectoryStore.h2(data.resolve("art/trajectories"))) {
      assertThat(trajectories.count()).isZero();
    }
  }

  @Test
  void aBadArtKeyIsAUsageErrorNamingIt() throws Exception {
    CapturedCli run = cli("run", "--llm-url", proxy.baseUrl(), "--config",
        config("[art]\npattern_matching_treshold = 0.7\n").toString(), "--data-dir", data.toString(),
        "--workspace", workspace.toString(), "explain E0382");

    assertThat(code).isEqualTo(RustAgentCli.EXIT_USAGE);
    assertThat(run.err()).contains("[art] pattern_matching_treshold is not a known key");
  }

  @Test
  void artRunWithModelChampionAndNoChampionSaysSo() throws Exception {
    Path mission = conf.resolve("m.yaml");
    Files.writeString(mission, "name: m\nobjective: explain E0382\n");
    assertThat(cli("art", "init", "--data-dir", data.resolve("art").toString()).out()).isNotEmpty();

    CapturedCli run = cli("art", "run", "--data-dir", data.resolve("art").toString(), "--llm-url", proxy.baseUrl(),
        "--model", "champion", mission.toString());

    assertThat(code).isEqualTo(RustAgentCli.EXIT_FAILED);
    assertThat(run.err()).contains("no champion");
  }

  @Test
  void debugIsRecordedAsOneWorkflowRunWithItsErrorCodeAndTheModelsAnswerAsItsChild() throws Exception {
    Files.createDirectories(workspace.resolve("src"));
    Files.writeString(workspace.resolve("Cargo.toml"),
        "[package]\nname = \"scratch\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\n");
    Files.writeString(workspace.resolve("src/main.rs"), """
        fn total_len(words: Vec<String>) -> usize {
            words.iter().map(|w| w.len()).sum()
        }

        fn main() {
            let words = vec![String::from("borrow"), String::from("checker")];
            let total = total_len(words);
            println!("{} words, {} letters", words.len(), total);
        }
        """);
    assertThat(cli("art", "init", "--data-dir", data.resolve("art").toString()).out()).isNotEmpty();
    proxy.enqueue(FakeResponse.text("""
        {"explanation": "`words` is moved into `total_len`. Cloning keeps a copy.",
         "path": "src/main.rs",
         "old_text": "let total = total_len(words);",
         "new_text": "let total = total_len(words.clone());"}"""));

    CapturedCli debug = cli("debug", "--llm-url", proxy.baseUrl(), "--workspace", workspace.toString(),
        "--data-dir", data.toString(), "--approve", "all", "--no-embeddings");

    assertThat(code).as(debug.err()).isEqualTo(RustAgentCli.EXIT_OK);
    try (TrajectoryStore store = TrajectoryStore.h2(data.resolve("art/trajectories"))) {
      List<Trajectory> all = store.recent(10);
      Trajectory workflow = all.stream().filter(t -> t.metadata().kind().equals("workflow:debug")).findFirst()
          .orElseThrow();
      assertThat(workflow.success()).isTrue();
      assertThat(workflow.metadata().diagnosticCodes()).containsExactly("E0382");
      assertThat(all).anySatisfy(t -> assertThat(t.metadata().parentRunId()).isEqualTo(workflow.id()));
    }
  }

  private static String judged(double quality, double reasoning) {
    return """
        {"task_completion":{"score":1,"explanation":"done"},"solution_quality":{"score":%s,"explanation":"ok"},
         "tool_usage":{"score":1,"explanation":"fine"},"reasoning_coherence":{"score":%s,"explanation":"clear"}}"""
        .formatted(quality, reasoning);
  }

  @Test
  void artEvalReportsEachModelsMetricsAndPromotesABetterCandidate() throws Exception {
    Path mission = conf.resolve("held-out.yaml");
    Files.writeString(mission, "name: held-out\nobjective: explain E0382\n");
    assertThat(cli("art", "init", "--data-dir", data.resolve("art").toString()).out()).isNotEmpty();
    try (dev.rustagent.art.train.ModelRegistry registry =
        dev.rustagent.art.train.ModelRegistry.open(data.resolve("art/models.json"))) {
      registry.register(new dev.rustagent.art.train.ModelRegistry.RegisteredModel("tuned", dev.rustagent.art.train.ModelRegistry.RegisteredModel
          .Kind.MODEL, null, "base", proxy.baseUrl() + "/v1", "tuned", null, null, java.time.Instant.now()));
    }
    proxy.enqueue(FakeResponse.text("It is a move."));
    proxy.enqueue(FakeResponse.text(judged(0.4, 0.4)));
    proxy.enqueue(FakeResponse.text("The value was moved into the call; clone it or borrow it."));
    proxy.enqueue(FakeResponse.text(judged(0.9, 0.9)));

    CapturedCli eval = cli("art", "eval", "--data-dir", data.resolve("art").toString(), "--llm-url", proxy.baseUrl(),
        "--candidate", "tuned", "--promote", mission.toString());

    assertThat(code).as(eval.err()).isEqualTo(RustAgentCli.EXIT_OK);
    assertThat(eval.out()).contains("(base): accuracy 0.40").contains("tuned: accuracy 0.90")
        .contains("task completion rate 1.00").contains("tuned is the new champion");
    try (dev.rustagent.art.train.ModelRegistry registry =
        dev.rustagent.art.train.ModelRegistry.open(data.resolve("art/models.json"))) {
      assertThat(registry.champion()).get().satisfies(m -> {
        assertThat(m.id()).isEqualTo("tuned");
        assertThat(m.metrics()).containsEntry("eval_accuracy", 0.9);
      });
    }
  }

  @Test
  void runWithModelChampionTalksToTheChampionsEndpoint() throws Exception {
    assertThat(cli("art", "init", "--data-dir", data.resolve("art").toString()).out()).isNotEmpty();
    try (dev.rustagent.art.train.ModelRegistry registry =
        dev.rustagent.art.train.ModelRegistry.open(data.resolve("art/models.json"))) {
      registry.register(new dev.rustagent.art.train.ModelRegistry.RegisteredModel("tuned", dev.rustagent.art.train.ModelRegistry.RegisteredModel
          .Kind.MODEL, null, "base", proxy.baseUrl() + "/v1", "tuned-served", null, null, java.time.Instant.now()));
      registry.promote("tuned");
    }
    proxy.enqueue(FakeResponse.text("Clone the vector."));

    CapturedCli run = cli("run", "--llm-url", proxy.baseUrl(), "--model", "champion", "--data-dir", data.toString(),
        "--workspace", workspace.toString(), "--approve", "none", "--no-embeddings", "explain E0382");

    assertThat(code).as(run.err()).isEqualTo(RustAgentCli.EXIT_OK);
    assertThat(run.out()).contains("Clone the vector.");
    assertThat(proxy.requests()).allSatisfy(r -> assertThat(r.path()).isEqualTo("/v1/chat/completions"))
        .singleElement().satisfies(r -> assertThat(r.json().path("model").asText()).isEqualTo("tuned-served"));
  }

  @Test
  void chatWithModelChampionStreamsTheAnswerFromTheChampionsEndpoint() throws Exception {
    assertThat(cli("art", "init", "--data-dir", data.resolve("art").toString()).out()).isNotEmpty();
    try (FakeAnthropicServer champion = FakeAnthropicServer.start();
        dev.rustagent.art.train.ModelRegistry registry =
            dev.rustagent.art.train.ModelRegistry.open(data.resolve("art/models.json"))) {
      registry.register(new dev.rustagent.art.train.ModelRegistry.RegisteredModel("tuned",
          dev.rustagent.art.train.ModelRegistry.RegisteredModel.Kind.MODEL, null, "base", champion.baseUrl() + "/v1",
          "tuned-served", null, null, java.time.Instant.now()));
      registry.promote("tuned");
      champion.enqueue(FakeResponse.text("Clone the vector."));
      CapturedCli chat = new CapturedCli();

      code = chat.chat("explain E0382\n/quit\n", "--llm-url", proxy.baseUrl(), "--model", "champion", "--data-dir",
          data.toString(), "--workspace", workspace.toString(), "--approve", "none", "--no-embeddings");

      assertThat(code).as(chat.err()).isEqualTo(RustAgentCli.EXIT_OK);
      assertThat(chat.out()).contains("Clone the vector.");
      assertThat(champion.requests()).singleElement().satisfies(r -> {
        assertThat(r.path()).isEqualTo("/v1/chat/completions");
        assertThat(r.json().path("stream").asBoolean()).as("streamed").isTrue();
        assertThat(r.json().path("model").asText()).isEqualTo("tuned-served");
      });
      assertThat(proxy.requests()).noneMatch(r -> r.path().startsWith("/v1/messages")
          || r.path().equals("/v1/chat/completions"));
    }
  }

  @Test
  void runWithModelChampionAndNoChampionSaysSo() {
    CapturedCli run = cli("run", "--llm-url", proxy.baseUrl(), "--model", "champion", "--data-dir", data.toString(),
        "--workspace", workspace.toString(), "explain E0382");

    assertThat(code).isEqualTo(RustAgentCli.EXIT_FAILED);
    assertThat(run.err()).contains("no champion");
  }

  @Test
  void explainInChatCountsAConceptLearnedInTheMemorysLearningMetrics() {
    proxy.enqueue(FakeResponse.text("A lifetime names how long a borrow is valid."));
    CapturedCli chat = new CapturedCli();

    code = chat.chat("/explain lifetimes\n/quit\n", "--llm-url", proxy.baseUrl(), "--data-dir", data.toString(),
        "--workspace", workspace.toString(), "--approve", "none", "--no-embeddings");

    assertThat(code).as(chat.err()).isEqualTo(RustAgentCli.EXIT_OK);
    try (dev.rustagent.memory.AgentMemory memory = dev.rustagent.memory.AgentMemory.builder().h2(data)
        .keywordOnly().build()) {
      assertThat(memory.metrics().latest()).get().extracting(dev.rustagent.memory.LearningMetrics.MetricSample::conceptsLearned)
          .isEqualTo(1);
      assertThat(dev.rustagent.memory.MemoryPlugin.MemoryConceptRecorder.of(memory).recall("lifetimes")).hasSize(1);
    }
  }
}
