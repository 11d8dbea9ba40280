package dev.rustagent.examples.cli;

import dev.rustagent.art.TrajectoryStore;
import dev.rustagent.art.train.ModelRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the {@code art} commands keep their data: trajectories (H2), models, exports, training runs. */
final class ArtData {
  static final Path DEFAULT_DIR = Path.of(".rust-agent", "art");

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "The ART data directory (default: .rust-agent/art under the current directory).")
  Path dataDir;

  Path dir() {
    return dataDir != null ? dataDir : DEFAULT_DIR;
  }

  boolean initialised() {
    return Files.isDirectory(dir()) && Files.exists(dir().resolve("trajectories.mv.db"));
  }

  /** Opens the store; the directory must have been set up by {@code art init}. */
  TrajectoryStore store() throws NotInitialisedException {
    if (!initialised()) {
      throw new NotInitialisedException("No ART data in " + dir().toAbsolutePath()
          + "; run `rust-agent art init` first (or pass --data-dir).");
    }
    return TrajectoryStore.h2(dir().resolve("trajectories"));
  }

  ModelRegistry registry() {
    return ModelRegistry.open(dir().resolve("models.json"));
  }

  /** The data directory was not set up. */
  static final class NotInitialisedException extends Exception {
    private static final long serialVersionUID = 1L;

    NotInitialisedException(String message) {
      super(message);
    }
  }
}
