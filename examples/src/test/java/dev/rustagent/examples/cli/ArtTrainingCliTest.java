package dev.rustagent.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.art.train.ModelRegistry;
import dev.rustagent.testkit.FakeAnthropicServer;
import dev.rustagent.testkit.FakeResponse;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code [art] enable_training} in long-running commands (a real training command, a fake trainer script)
 * and {@code art train} honouring {@code [art.models] checkpoints_path} and {@code base_models_path}.
 */
class ArtTrainingCliTest {
  @TempDir Path data;
  @TempDir Path workspace;
  @TempDir Path conf;

  private final FakeAnthropicServer proxy = FakeAnthropicServer.start();
  private final CapturedCli cli = new CapturedCli();

  @AfterEach
  void stopProxy() {
    proxy.close();
  }

  /** Two scored demo runs in {@code data/art}: something to train on. */
  @BeforeEach
  void recordRuns() throws Exception {
    Path mission = conf.resolve("mission.yaml");
    Files.writeString(mission, "name: explain-borrow\nobjective: Explain why the borrow checker rejects the loop\n");
    CapturedCli setUp = new CapturedCli();
    assertThat(setUp.execute("art", "init", "--data-dir", data.resolve("art").toString())).isZero();
    assertThat(setUp.execute("art", "run", "--data-dir", data.resolve("art").toString(), "--demo", "--runs", "2",
        mission.toString())).as(setUp.err()).isZero();
  }

  private Path trainer(String body) throws Exception {
    Path script = conf.resolve("train.sh");
    Files.writeString(script, "test -s \"$1\"\n" + body + "\n");
    return script;
  }

  private Path config(String art) throws Exception {
    Path file = conf.resolve("rust-agent.toml");
    Files.writeString(file, art);
    return file;
  }

  private String trainingConfig(Path script) {
    return "[art]\nenable_training = true\ntraining_interval = 1\nmin_trajectories_for_training = 1\n"
        + "reward_threshold_for_learning = 0.0\ntraining_command = \"bash " + script + " {dataset}\"\n"
        + "[art.models]\ncheckpoints_path = \"" + conf.resolve("checkpoints") + "\"\n";
  }

  /** A chat reading lines as the test offers them; runs on another thread. */
  private CompletableFuture<Integer> chat(BlockingQueue<String> lines, Path config) {
    BufferedReader input = new BufferedReader(new StringReader("")) {
      @Override
      public String readLine() {
        try {
          String line = lines.poll(5, TimeUnit.MINUTES);
          return line == null || line.isEmpty() ? null : line;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return null;
        }
      }
    };
    return CompletableFuture.supplyAsync(() -> cli.execute(c -> c.getSubcommands().get("chat").<ChatCommand>getCommand()
        .input = input, "chat", "--llm-url", proxy.baseUrl(), "--config", config.toString(), "--data-dir",
        data.toString(), "--workspace", workspace.toString(), "--approve", "none", "--no-embeddings"));
  }

  private static void await(Supplier<Boolean> condition, String what) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (!condition.get()) {
      assertThat(System.nanoTime()).as("waited 3 minutes for " + what).isLessThan(end);
      Thread.sleep(100);
    }
  }

  @Test
  void chatTrainsInTheBackgroundAndKeepsTheRunUnderCheckpointsPath() throws Exception {
    Path script = trainer("echo '{\"step\":1,\"loss\":0.3}'");
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    CompletableFuture<Integer> chat = chat(lines, config(trainingConfig(script)));

    await(() -> cli.err().contains("[art] background training done"), "the background training");
    lines.add("/quit");

    assertThat(chat.get(2, TimeUnit.MINUTES)).as(cli.err()).isEqualTo(RustAgentCli.EXIT_OK);
    assertThat(cli.err()).contains("[art] background training on: every PT1S")
        .contains("2 new trajectories, running bash").contains("registered model art-model-");
    try (var runs = Files.list(conf.resolve("checkpoints"))) {
      assertThat(runs.filter(Files::isDirectory)).singleElement()
          .satisfies(run -> assertThat(run.resolve("epoch-1/training-config.json")).isRegularFile());
    }
    try (ModelRegistry registry = ModelRegistry.open(data.resolve("art/models.json"))) {
      assertThat(registry.models()).singleElement().satisfies(m -> assertThat(m.location()).startsWith(
          conf.resolve("checkpoints").toString()));
    }
  }

  @Test
  void serveTrainsInTheBackgroundAndStopsWithTheServer() throws Exception {
    Path script = trainer("echo '{\"step\":1,\"loss\":0.3}'");
    ServeCommand[] command = new ServeCommand[1];
    Path config = config(trainingConfig(script));
    CompletableFuture<Integer> serve = CompletableFuture.supplyAsync(() -> cli.execute(
        c -> command[0] = c.getSubcommands().get("serve").getCommand(), "serve", "--port", "0", "--llm-url",
        proxy.baseUrl(), "--config", config.toString(), "--data-dir", data.toString(), "--workspace",
        workspace.toString(), "--no-embeddings", "--token", "test-token-0123456789"));
    try {
      await(() -> cli.err().contains("[art] background training done"), "the background training");
    } finally {
      await(() -> command[0] != null, "the serve command");
      command[0].stop();
    }

    assertThat(serve.get(2, TimeUnit.MINUTES)).as(cli.err()).isEqualTo(RustAgentCli.EXIT_OK);
    try (ModelRegistry registry = ModelRegistry.open(data.resolve("art/models.json"))) {
      assertThat(registry.models()).hasSize(1);
    }
  }

  @Test
  void nothingTrainsBelowMinTrajectoriesAndTrainingStartsOnceAChatTurnReachesIt() throws Exception {
    Path script = trainer("echo '{\"step\":1,\"loss\":0.3}'");
    proxy.enqueue(FakeResponse.text("Clone the vector."));
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    CompletableFuture<Integer> chat = chat(lines, config(trainingConfig(script)
        .replace("min_trajectories_for_training = 1", "min_trajectories_for_training = 3")));

    await(() -> cli.err().contains("[art] background training on: every PT1S"), "the scheduler");
    Thread.sleep(3_000); // three checks at the 1 s interval, with 2 trajectories of the 3 needed
    String beforeTheTurn = cli.err();
    lines.add("explain E0382");
    await(() -> cli.err().contains("[art] background training done"), "the training after the third trajectory");
    lines.add("/quit");

    assertThat(chat.get(2, TimeUnit.MINUTES)).as(cli.err()).isEqualTo(RustAgentCli.EXIT_OK);
    assertThat(beforeTheTurn).doesNotContain("[art] background training done").doesNotContain("running bash");
    assertThat(cli.err()).contains("3 new trajectories, running bash");
  }

  @Test
  void aFailingTrainerIsReportedAndTheChatGoesOn() throws Exception {
    Path script = trainer("echo 'out of GPU memory'; exit 3");
    proxy.enqueue(FakeResponse.text("Clone the vector."));
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    CompletableFuture<Integer> chat = chat(lines, config(trainingConfig(script)));

    await(() -> cli.err().contains("[art] background training failed"), "the failed training");
    lines.add("explain E0382");
    await(() -> cli.out().contains("Clone the vector."), "the answer");
    lines.add("/quit");

    assertThat(chat.get(2, TimeUnit.MINUTES)).isEqualTo(RustAgentCli.EXIT_OK);
    assertThat(cli.err()).contains("exited with code 3").contains("this session goes on");
  }

  @Test
  void enableTrainingWithoutATrainingCommandIsSaidOnce() throws Exception {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    lines.add("/quit");

    int code = chat(lines, config("[art]\nenable_training = true\ntraining_interval = 1\n")).get(2, TimeUnit.MINUTES);

    assertThat(code).as(cli.err()).isEqualTo(RustAgentCli.EXIT_OK);
    assertThat(cli.err().split("no training command is configured", -1)).hasSize(2);
    assertThat(cli.err()).contains("background training is off");
  }

  @Test
  void artTrainWritesUnderCheckpointsPathAndFindsTheBaseModelUnderBaseModelsPath() throws Exception {
    Files.createDirectories(conf.resolve("base-models/llama-base"));
    Path config = config("[art.models]\nbase_models_path = \"base-models\"\ncheckpoints_path = \"checkpoints\"\n");

    int code = cli.execute("art", "train", "--data-dir", data.resolve("art").toString(), "--config", config.toString(),
        "--epochs", "1", "--min-reward", "0", "--model-path", "llama-base",
        "--command", "bash " + trainer("echo '{\"step\":1,\"loss\":0.3}'") + " {dataset}");

    assertThat(code).as(cli.err()).isZero();
    assertThat(data.resolve("art/training")).isEmptyDirectory();
    try (var runs = Files.list(conf.resolve("checkpoints"))) {
      assertThat(runs.filter(Files::isDirectory)).singleElement().satisfies(run ->
          assertThat(Files.readString(run.resolve("epoch-1/training-config.json")))
              .contains("\"modelPath\":\"" + conf.resolve("base-models/llama-base") + "\""));
    }
  }

  @Test
  void aBaseModelMissingFromBaseModelsPathIsAClearError() throws Exception {
    Files.createDirectories(conf.resolve("base-models"));
    Path config = config("[art.models]\nbase_models_path = \"base-models\"\n");

    int code = cli.execute("art", "train", "--data-dir", data.resolve("art").toString(), "--config", config.toString(),
        "--min-reward", "0", "--model-path", "no-such-model", "--command", "true");

    assertThat(code).isEqualTo(RustAgentCli.EXIT_FAILED);
    assertThat(cli.err()).contains("base model 'no-such-model' is not in [art.models] base_models_path "
        + conf.resolve("base-models"));
  }

  @Test
  void anUnusableCheckpointsPathIsAClearError() throws Exception {
    Files.writeString(conf.resolve("checkpoints"), "a file where the checkpoints should go");
    Path config = config("[art.models]\ncheckpoints_path = \"checkpoints\"\n");

    int code = cli.execute("art", "train", "--data-dir", data.resolve("art").toString(), "--config", config.toString(),
        "--min-reward", "0", "--command", "true");

    assertThat(code).isEqualTo(RustAgentCli.EXIT_FAILED);
    assertThat(cli.err()).contains("cannot use [art.models] checkpoints_path " + conf.resolve("checkpoints"));
  }
}
