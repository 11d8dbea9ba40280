package dev.rustagent.examples.cli;

import dev.rustagent.art.TrajectoryStore;
import dev.rustagent.art.train.ModelRegistry;
import dev.rustagent.memory.AgentMemory;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Where the {@code art} commands keep their data: trajectories (H2, or PostgreSQL with {@code --data-url}),
 * models, exports, training runs.
 */
final class ArtData {
  /** {@code $RUST_AGENT_DATA/art}, or {@code ~/.rust-agent/art}. */
  static Path defaultDir() {
    String data = System.getenv("RUST_AGENT_DATA");
    Path base = data != null && !data.isBlank() ? Path.of(data)
        : Path.of(System.getProperty("user.home"), ".rust-agent");
    return base.resolve("art");
  }

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "The ART data directory (default: $RUST_AGENT_DATA/art or ~/.rust-agent/art).")
  Path dataDir;

  @Option(names = "--data-url", paramLabel = "JDBC_URL",
      description = "Keep trajectories, success patterns and models in a PostgreSQL database shared by many agents"
          + " (jdbc:postgresql://host/db?user=...; default: $RUST_AGENT_DATA_URL). Exports and training runs stay"
          + " under --data-dir.")
  String dataUrl;

  /** The ART settings of the command's {@code --config} file, once {@link #config} read them. */
  private dev.rustagent.art.ArtConfig settings = dev.rustagent.art.ArtConfig.defaults();

  /**
   * Reads the {@code [art]} sections of the command's {@code --config} file (defaults without one);
   * afterwards {@code [art.storage] trajectories_path} is the data directory unless {@code --data-dir}
   * says otherwise. A bad section is a usage error naming the key.
   */
  dev.rustagent.art.ArtConfig config(CommandSpec spec, Path configFile) {
    if (configFile != null) {
      try {
        settings = dev.rustagent.art.ArtConfig.load(configFile);
      } catch (dev.rustagent.art.ArtConfig.ArtException e) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
    }
    return settings;
  }

  /** The shared database's URL, or null for the H2 files under the data directory. */
  String url() {
    return MemoryCommand.dataUrl(dataUrl);
  }

  Path dir() {
    if (dataDir == null && settings.storage().trajectoriesPath() != null) {
      return settings.storage().trajectoriesPath();
    }
    return dataDir != null ? dataDir : defaultDir();
  }

  boolean initialised() {
    return url() != null || Files.isDirectory(dir()) && Files.exists(dir().resolve("trajectories.mv.db"));
  }

  /** Opens the store; the directory must have been set up by {@code art init}. */
  TrajectoryStore store() throws NotInitialisedException {
    if (!initialised()) {
      throw new NotInitialisedException("No ART data in " + dir().toAbsolutePath()
          + "; run `rust-agent art init` first (or pass --data-dir).");
    }
    return open();
  }

  /** Opens the store, creating it when missing ({@code art restore} fills a new one). */
  TrajectoryStore open() {
    return url() != null ? TrajectoryStore.postgres(url()) : TrajectoryStore.h2(dir().resolve("trajectories"), true);
  }

  /**
   * The memory holding success patterns ({@code memory.mv.db} in the ART data directory, or in
   * {@code [art.storage] patterns_path} once {@link #config} read one and no --data-dir is given), opened as
   * {@link MemoryOpener} does (embeddings unless {@code RUST_AGENT_MEMORY_EMBEDDINGS=false}).
   */
  AgentMemory memory(CommandSpec spec) {
    boolean keywordOnly;
    try {
      keywordOnly = MemoryOpener.keywordOnly(false, System.getenv());
    } catch (IllegalArgumentException | dev.rustagent.core.AgentConfig.AgentConfigException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    Path patterns = dataDir == null && settings.storage().patternsPath() != null ? settings.storage().patternsPath() : dir();
    return MemoryOpener.open(patterns, dataUrl, keywordOnly, spec.commandLine().getErr(), Terminal.stderrIsTerminal());
  }

  ModelRegistry registry() {
    return registry(dir(), url());
  }

  /** The model registry: in the shared database at {@code url} when given, else {@code models.json} in {@code dir}. */
  static ModelRegistry registry(Path dir, String url) {
    return url != null ? ModelRegistry.postgres(url) : ModelRegistry.open(dir.resolve("models.json"));
  }

  /** The data directory was not set up. */
  static final class NotInitialisedException extends Exception {
    private static final long serialVersionUID = 1L;

    NotInitialisedException(String message) {
      super(message);
    }
  }
}
