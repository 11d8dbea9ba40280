package dev.rustagent.examples.cli;

import dev.rustagent.core.internal.TerminalText;
import dev.rustagent.art.TrajectoryStore.ArtBackup;
import dev.rustagent.art.TrajectoryStore.ArtBackup.Stores;
import dev.rustagent.art.ArtConfig;
import dev.rustagent.art.ArtConfig.ArtException;
import dev.rustagent.art.ArtPlugin;
import dev.rustagent.art.TrajectoryStore.Feedback;
import dev.rustagent.art.Trajectory;
import dev.rustagent.art.TrajectoryStore;
import dev.rustagent.art.patterns.SuccessPatternDatabase.PatternIndex;
import dev.rustagent.art.patterns.SuccessPatternDatabase;
import dev.rustagent.core.AgentResult;
import dev.rustagent.memory.AgentMemory;
import dev.rustagent.memory.MemoryException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Records ordinary runs ({@code run}, {@code chat} turns, slash commands) as trajectories once
 * {@code art init} has set up ART in the data directory, and feeds the lessons of good runs back into
 * later runs. A store that cannot be opened (locked by another process) is reported and the run goes
 * on unrecorded.
 */
final class ArtRecording implements AutoCloseable {
  private final TrajectoryStore store;
  private final AgentMemory patternMemory;
  private final ArtPlugin plugin;
  private final ArtBackup backups;
  private final ArtConfig config;
  private final Path artDir;
  private final String dataUrl;
  private dev.rustagent.art.train.TrainingScheduler training;
  private long skippedReported;

  private ArtRecording(TrajectoryStore store, AgentMemory patternMemory, ArtPlugin plugin, ArtBackup backups,
      ArtConfig config, Path artDir, String dataUrl) {
    this.store = store;
    this.patternMemory = patternMemory;
    this.plugin = plugin;
    this.backups = backups;
    this.config = config;
    this.artDir = artDir;
    this.dataUrl = dataUrl;
  }

  /**
   * For long-running commands ({@code chat}, {@code serve}): starts the background training of
   * {@code [art] enable_training} ({@link ArtTraining#startInBackground}), reporting on {@code out}; it
   * stops when this recording is closed.
   */
  void startTraining(PrintWriter out) {
    if (training == null) {
      training = ArtTraining.startInBackground(store, config, artDir, dataUrl, out);
    }
  }

  /**
   * The ART settings of a config file: its {@code [art]} sections (defaults without a file), and
   * whether it has an {@code [art]} section at all, which sets ART up without {@code art init}.
   */
  record Settings(ArtConfig config, boolean inFile) {
    static Settings of(CommandSpec spec, Path configFile) {
      if (configFile == null) {
        return new Settings(ArtConfig.defaults(), false);
      }
      try {
        boolean inFile = new com.fasterxml.jackson.dataformat.toml.TomlMapper().readTree(configFile.toFile()).has("art");
        return new Settings(ArtConfig.load(configFile), inFile);
      } catch (ArtException | java.io.IOException e) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
    }
  }

  /**
   * Opens the ART data in {@code artDir}, or in the shared PostgreSQL database at {@code dataUrl} when
   * one is given (then every run is recorded there, so the runs of all instances group together); null
   * (nothing recorded) when ART was never set up in {@code artDir} (by {@code art init} or a config
   * file's {@code [art]} section), when {@code [art] enable_tracking} is false, or when its store cannot
   * be opened, which is said on {@code err}. The settings' storage paths replace {@code artDir}, their
   * thresholds apply to the success patterns, and {@code [art.storage] backup_interval} backs the
   * trajectories, the model registry and the success patterns' memory up into {@code backups/} beside them.
   */
  static ArtRecording open(Path artDir, String dataUrl, String modelName, boolean keywordOnly, Settings settings,
      PrintWriter err) {
    ArtConfig config = settings.config();
    if (!config.enableTracking()) {
      return null;
    }
    Path patternDir = config.storage().patternsPath() != null ? config.storage().patternsPath()
        : config.storage().trajectoriesPath() != null ? config.storage().trajectoriesPath() : artDir;
    artDir = config.storage().trajectoriesPath() != null ? config.storage().trajectoriesPath() : artDir;
    if (dataUrl == null && !settings.inFile() && !Files.exists(artDir.resolve("trajectories.mv.db"))) {
      return null;
    }
    TrajectoryStore store = null;
    AgentMemory memory = null;
    try {
      store = dataUrl != null ? TrajectoryStore.postgres(dataUrl) : TrajectoryStore.h2(artDir.resolve("trajectories"), true);
      memory = MemoryOpener.open(patternDir, dataUrl, keywordOnly, err, Terminal.stderrIsTerminal());
      SuccessPatternDatabase patterns = SuccessPatternDatabase.builder(PatternIndex.semantic(memory.semantic()))
          .config(config).build();
      patterns.learnFrom(store);
      ArtPlugin plugin = ArtPlugin.builder(store).patterns(patterns).tracking(t -> t.agentName("rust-agent").modelName(modelName)).build();
      return new ArtRecording(store, memory, plugin, backups(config, store, memory, artDir, dataUrl, err), config,
          artDir, dataUrl);
    } catch (ArtException | MemoryException | IllegalArgumentException e) {
      err.println("warning: this run is not recorded (ART data in "
          + (dataUrl != null ? dev.rustagent.memory.internal.jdbc.PostgresPool.withoutCredentials(dataUrl) : artDir)
          + " cannot be opened: " + TerminalText.safe(e.getMessage()) + "); --no-art silences this");
      err.flush();
      if (store != null) {
        store.close();
      }
      if (memory != null) {
        memory.close();
      }
      return null;
    }
  }

  /**
   * {@code [art.storage] backup_interval}: backs up the trajectories, the model registry and the success
   * patterns' memory (H2 under the ART directory, or the shared PostgreSQL database) into
   * {@code backups/} in the ART directory; a failed backup is a warning on {@code err} and the run goes on.
   */
  private static ArtBackup backups(ArtConfig config, TrajectoryStore store, AgentMemory memory, Path artDir,
      String dataUrl, PrintWriter err) {
    Duration every = config.storage().backupInterval();
    if (every.isZero()) {
      return null;
    }
    Stores stores = new Stores(store, () -> ArtData.registry(artDir, dataUrl), memory);
    return ArtBackup.schedule(stores, artDir.resolve("backups"), every, Clock.systemUTC(), problem -> {
      err.println("warning: " + TerminalText.safe(problem) + " (the run goes on; restore with: rust-agent art restore)");
      err.flush();
    });
  }

  /**
   * A registered model served behind its OpenAI-compatible endpoint, as a chat model and as a streaming
   * one, so streamed answers ({@code chat}, {@code serve} with {@code [llm] streaming}) come from it too.
   */
  record Registered(dev.langchain4j.model.chat.ChatModel chat, dev.langchain4j.model.chat.StreamingChatModel streaming) {}

  /**
   * The registered model that {@code [llm] model} stands for ({@code champion}, or a registered id) in
   * the model registry of {@code artDir} (or the shared database), served behind its OpenAI-compatible
   * endpoint; empty for a model of the LLM endpoint.
   *
   * @throws ArtException when {@code champion} is asked for and there is none (the message says why)
   */
  static java.util.Optional<Registered> registeredModel(Path artDir, String dataUrl,
      dev.rustagent.llm.claude.LlmConfig llm, ArtConfig artConfig) {
    String name = llm.model();
    boolean champion = name.strip().equalsIgnoreCase(dev.rustagent.art.train.ModelRegistry.CHAMPION);
    if (!champion && dataUrl == null && !Files.exists(artDir.resolve("models.json"))) {
      return java.util.Optional.empty();
    }
    try (dev.rustagent.art.train.ModelRegistry registry = ArtData.registry(artDir, dataUrl)) {
      return registry.resolve(name, artConfig.models().champion())
          .map(m -> new Registered(registry.chatModel(m.id(), llm.apiKey()),
              registry.streamingChatModel(m.id(), llm.apiKey())));
    }
  }

  ArtPlugin plugin() {
    return plugin;
  }

  /** Records a person's verdict on a run of this store and updates the lessons. */
  Trajectory feedback(Feedback feedback) {
    return plugin.feedback(feedback);
  }

  void report(PrintWriter out, AgentResult result) {
    long skipped = plugin.skippedRecordings();
    if (skipped > skippedReported) {
      skippedReported = skipped;
      out.println("[art] recording skipped: " + TerminalText.safe(String.valueOf(plugin.lastRecordingProblem())));
    } else if (store.find(result.runId()).isPresent()) {
      out.println("[art] recorded as run " + result.runId() + "; rate it with: rust-agent art feedback "
          + result.runId() + " --good|--bad [--comment TEXT]" + " (in chat: /feedback good|bad)");
    }
    out.flush();
  }

  @Override
  public void close() {
    try {
      if (training != null) {
        training.close();
      }
      if (backups != null) {
        backups.close();
      }
      store.close();
    } finally {
      patternMemory.close();
    }
  }
}
