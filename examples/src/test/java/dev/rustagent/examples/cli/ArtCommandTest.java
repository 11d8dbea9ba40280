package dev.rustagent.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.rustagent.testkit.FakeAnthropicServer;
import dev.rustagent.testkit.FakeResponse;
import picocli.CommandLine;

class ArtCommandTest {
  @TempDir
  Path dir;

  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  private int art(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine cli = RustAgentCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 1];
    all[0] = "art";
    System.arraycopy(args, 0, all, 1, args.length);
    return cli.execute(all);
  }

  private String data() {
    return dir.resolve("art").toString();
  }

  private Path mission(String yaml) throws Exception {
    Path file = dir.resolve("mission-" + System.nanoTime() + ".yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private Path goodMission() throws Exception {
    return mission("""
        name: explain-borrow
        objective: Explain why the borrow checker rejects the loop in src/main.rs
        agent_config:
          max_iterations: 5
          model: claude-sonnet-4-6
        success_criteria:
          - the explanation names the conflicting borrows
        """);
  }

  @Test
  void initSetsUpTheDataDirectoryAndAnExampleMission() {
    assertThat(art("init", "--data-dir", data())).isZero();
    assertThat(dir.resolve("art/trajectories.mv.db")).exists();
    assertThat(dir.resolve("art/mission.example.yaml")).exists();
    assertThat(art("init", "--data-dir", data())).isZero();
    assertThat(out.toString()).contains("already set up");
  }

  @Test
  void theExampleMissionIsValid() throws Exception {
    Path file = mission(ArtInitCommand.EXAMPLE_MISSION);
    Mission mission = Mission.load(file);
    assertThat(mission.name()).isEqualTo("fix-borrow-error");
    assertThat(mission.agentConfig().maxIterations()).isEqualTo(10);
    assertThat(mission.tools()).contains("cargo");
    assertThat(mission.task()).contains("Success criteria:", "- cargo check passes");
  }

  @Test
  void runRecordsScoresAndLearnsAcrossRunsOffline() throws Exception {
    art("init", "--data-dir", data());
    int code = art("run", "--data-dir", data(), "--demo", "--runs", "3", goodMission().toString());

    assertThat(code).isZero();
    String text = out.toString();
    assertThat(text).contains("[demo] scripted model", "run 1: success, reward", "run 3: success",
        "3 of 3 runs succeeded; 3 trajectories stored");
    assertThat(art("stats", "--data-dir", data())).isZero();
    assertThat(out.toString()).contains("trajectories: 3 (3 scored)", "success rate: 100.0%", "success patterns: 3");
  }

  @Test
  void laterRunsReceiveTheLessonsOfEarlierOnes() throws Exception {
    art("init", "--data-dir", data());
    Path mission = goodMission();
    art("run", "--data-dir", data(), "--demo", mission.toString());
    assertThat(art("run", "--data-dir", data(), "--demo", mission.toString())).isZero();
    assertThat(out.toString()).contains("1 success pattern(s) known");
    assertThat(art("run", "--data-dir", data(), "--demo", "--no-patterns", mission.toString())).isZero();
  }

  @Test
  void runWithAProxyScoresTheRunsTogetherWithRuler() throws Exception {
    art("init", "--data-dir", data());
    try (FakeAnthropicServer server = FakeAnthropicServer.start()) {
      java.util.concurrent.atomic.AtomicInteger answers = new java.util.concurrent.atomic.AtomicInteger();
      server.respondWith(request -> request.body().contains("Grading standards")
          ? FakeResponse.text("{\"scores\":[{\"trajectory_id\":\"1\",\"explanation\":\"names both borrows\","
              + "\"score\":0.9},{\"trajectory_id\":\"2\",\"explanation\":\"vague\",\"score\":0.2}]}")
          : FakeResponse.text(answers.incrementAndGet() == 1 ? "The loop borrows v mutably while it is borrowed."
              : "Something about borrowing."));

      int code = art("run", "--data-dir", data(), "--llm-url", server.baseUrl(), "--judge", "ruler", "--runs", "2",
          goodMission().toString());

      assertThat(code).as(err.toString()).isZero();
      assertThat(out.toString()).contains("run 1: success, reward 0.900", "run 2: success, reward 0.200");
      assertThat(server.messageRequests()).hasSize(3);
      assertThat(server.messageRequests().get(0).json().get("model").asText()).isEqualTo("claude-sonnet-4-6");
    }
  }

  @Test
  void runWithoutAProxyListeningSaysSo() throws Exception {
    art("init", "--data-dir", data());
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    assertThat(art("run", "--data-dir", data(), "--llm-url", "http://127.0.0.1:" + port, goodMission().toString()))
        .isEqualTo(RustAgentCli.EXIT_FAILED);
    assertThat(err.toString()).contains("127.0.0.1:" + port);
  }

  @Test
  void theDemoCannotJudgeWithAModel() throws Exception {
    art("init", "--data-dir", data());
    assertThat(art("run", "--data-dir", data(), "--demo", "--judge", "ruler", "--runs", "2",
        goodMission().toString())).isEqualTo(RustAgentCli.EXIT_USAGE);
    assertThat(err.toString()).contains("use --judge composite");
  }

  @Test
  void missionToolsThatAreNotAvailableAreNamedAndLeftOut() throws Exception {
    art("init", "--data-dir", data());
    Path mission = mission("name: m\nobjective: look around\ntools: [no_such_tool]\n");
    assertThat(art("run", "--data-dir", data(), "--demo", mission.toString())).isZero();
    assertThat(err.toString()).contains("tool 'no_such_tool' of the mission is not available here");
  }

  @Test
  void exportWritesEachFormat() throws Exception {
    art("init", "--data-dir", data());
    art("run", "--data-dir", data(), "--demo", "--runs", "2", goodMission().toString());
    for (String format : List.of("art", "sft", "preference")) {
      Path file = dir.resolve(format + ".jsonl");
      assertThat(art("export", "--data-dir", data(), "--format", format, "--output", file.toString())).isZero();
      assertThat(file).exists();
    }
    List<String> sft = Files.readAllLines(dir.resolve("sft.jsonl"));
    assertThat(sft).hasSize(2);
    assertThat(new ObjectMapper().readTree(sft.get(0)).get("messages").get(0).get("role").asText())
        .isEqualTo("system");
    assertThat(Files.readAllLines(dir.resolve("art.jsonl"))).hasSize(1);
  }

  @Test
  void trainRunsTheUsersCommandAndRegistersTheModel() throws Exception {
    art("init", "--data-dir", data());
    art("run", "--data-dir", data(), "--demo", "--runs", "2", goodMission().toString());
    Path script = dir.resolve("train.sh");
    Files.writeString(script, """
        test -s "$1"
        echo "{\\"step\\":1,\\"loss\\":0.$((9 - ART_EPOCH))}"
        """);
    int code = art("train", "--data-dir", data(), "--epochs", "2", "--min-reward", "0",
        "--command", "bash " + script + " {dataset}");
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("epoch 1: 1 steps", "epoch 2: 1 steps", "registered model art-model-");
    art("stats", "--data-dir", data());
    assertThat(out.toString()).contains("models: 1, champion art-model-");
  }

  @Test
  void aFailingTrainingCommandIsAnErrorWithItsOutput() throws Exception {
    art("init", "--data-dir", data());
    art("run", "--data-dir", data(), "--demo", goodMission().toString());
    assertThat(art("train", "--data-dir", data(), "--min-reward", "0", "--command",
        "bash -c 'echo disk full; exit 4'")).isEqualTo(RustAgentCli.EXIT_FAILED);
    assertThat(err.toString()).contains("exited with code 4", "disk full");
  }

  @Test
  void specializeTrainsOnOneKindOnly() throws Exception {
    art("init", "--data-dir", data());
    art("run", "--data-dir", data(), "--demo", goodMission().toString());
    assertThat(art("specialize", "code", "--data-dir", data(), "--min-reward", "0", "--command", "true"))
        .isEqualTo(RustAgentCli.EXIT_FAILED);
    assertThat(err.toString()).contains("no scored trajectories", "CODE_GENERATION");
    assertThat(art("specialize", "research", "--data-dir", data(), "--min-reward", "0", "--epochs", "1",
        "--command", "echo '{\"step\":1,\"loss\":0.5}'")).as(err.toString()).isZero();
    assertThat(out.toString()).contains("registered model art-research-");
  }

  @Test
  void anUnknownSpecialisationIsAUsageError() {
    art("init", "--data-dir", data());
    assertThat(art("specialize", "cooking", "--data-dir", data(), "--command", "true"))
        .isEqualTo(RustAgentCli.EXIT_USAGE);
    assertThat(err.toString()).contains("unknown specialisation 'cooking'");
  }

  @Test
  void anUnknownExportFormatIsAUsageError() {
    art("init", "--data-dir", data());
    assertThat(art("export", "--data-dir", data(), "--format", "csv")).isEqualTo(RustAgentCli.EXIT_USAGE);
    assertThat(err.toString()).contains("unknown export format 'csv'");
  }

  @Test
  void commandsBeforeInitSayWhatToDo() throws Exception {
    assertThat(art("stats", "--data-dir", data())).isEqualTo(RustAgentCli.EXIT_USAGE);
    assertThat(err.toString()).contains("art init");
  }

  @Test
  void aMissionWithoutObjectiveIsRejected() throws Exception {
    art("init", "--data-dir", data());
    assertThat(art("run", "--data-dir", data(), "--demo", mission("name: x\n").toString()))
        .isEqualTo(RustAgentCli.EXIT_USAGE);
    assertThat(err.toString()).contains("missing required field 'objective'");
  }

  @Test
  void aMissionWithoutNameIsRejected() throws Exception {
    assertThat(badMission("objective: do it\n")).contains("missing required field 'name'");
  }

  @Test
  void aMissionWithAWrongTypeNamesTheField() throws Exception {
    assertThat(badMission("name: x\nobjective: y\nagent_config:\n  max_iterations: ten\n"))
        .contains("'agent_config.max_iterations'", "whole number");
    assertThat(badMission("name: x\nobjective: y\ntools: cargo\n")).contains("'tools'", "list");
  }

  @Test
  void aMissionWithAnUnknownFieldNamesIt() throws Exception {
    assertThat(badMission("name: x\nobjective: y\nmax_iterations: 3\n")).contains("unknown field 'max_iterations'");
  }

  @Test
  void aMissionWithOutOfRangeIterationsIsRejected() throws Exception {
    assertThat(badMission("name: x\nobjective: y\nagent_config:\n  max_iterations: 0\n"))
        .contains("between 1 and 1000");
  }

  @Test
  void aMissionThatIsNotYamlOrMissingIsRejected() throws Exception {
    assertThat(badMission("name: x\nobjective: 'unterminated\n")).contains("not valid YAML");
    assertThat(badMission("")).contains("empty");
    Path missing = dir.resolve("nope.yaml");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Mission.load(missing))
        .hasMessageContaining("no such file");
  }

  private String badMission(String yaml) throws Exception {
    Path file = mission(yaml);
    try {
      Mission.load(file);
      throw new AssertionError("accepted: " + yaml);
    } catch (Mission.InvalidMissionException e) {
      assertThat(e.getMessage()).startsWith(file.toString());
      return e.getMessage();
    }
  }

  @Test
  void theSeedsMissionShapeLoadsWithTypeEnableArtAndToolObjects() throws Exception {
    Mission m = Mission.load(mission("""
        name: fix-borrow
        type: debugging
        objective: Fix the borrow-check error
        agent_config:
          max_iterations: 8
          enable_art: false
        tools:
          - read_file
          - name: cargo
            config:
              offline: true
        """));

    assertThat(m.type()).isEqualTo("debugging");
    assertThat(m.enableArt()).isFalse();
    assertThat(m.tools()).containsExactly("read_file", "cargo");
    assertThat(m.toolRefs().get(1).config()).containsEntry("offline", true);
  }

  @Test
  void seedMissionToolObjectsWithoutANameOrOfTheWrongShapeAreRejected() throws Exception {
    assertThat(badMission("name: x\nobjective: y\ntools:\n  - config: {a: 1}\n")).contains("without a name");
    assertThat(badMission("name: x\nobjective: y\ntools:\n  - [1, 2]\n")).contains("'tools[0]'");
    assertThat(badMission("name: x\nobjective: y\nagent_config:\n  enable_art: maybe\n"))
        .contains("agent_config.enable_art").contains("true or false");
    assertThat(badMission("name: x\ntype: ''\nobjective: y\n")).contains("'type'");
  }

  @Test
  void aSeedMissionRunsRecordedAsItsTypeAndUnknownToolsAreNamed() throws Exception {
    assertThat(art("init", "--data-dir", data())).isZero();
    Path file = mission("""
        name: fix-borrow
        type: debugging
        objective: Explain the borrow error
        tools:
          - name: no_such_tool
            config: {}
          - name: read_file
            config: {depth: 2}
        """);

    assertThat(art("run", "--data-dir", data(), "--demo", file.toString())).isZero();

    assertThat(err.toString()).contains("tool 'no_such_tool' of the mission is not available")
        .contains("config for tool 'read_file' (depth) is not applied");
    try (dev.rustagent.art.TrajectoryStore store = dev.rustagent.art.TrajectoryStore.h2(
        Path.of(data()).resolve("trajectories"))) {
      assertThat(store.recent(1)).singleElement().satisfies(t ->
          assertThat(t.metadata().kind()).isEqualTo("mission:debugging"));
    }
  }
}
