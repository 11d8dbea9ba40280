package dev.rustagent.examples.cli;

import dev.rustagent.core.text.TerminalText;
import dev.rustagent.art.ArtException;
import dev.rustagent.art.ArtPlugin;
import dev.rustagent.art.Feedback;
import dev.rustagent.art.Trajectory;
import dev.rustagent.art.TrajectoryStore;
import dev.rustagent.art.patterns.PatternIndex;
import dev.rustagent.art.patterns.SuccessPatternDatabase;
import dev.rustagent.core.AgentResult;
import dev.rustagent.memory.AgentMemory;
import dev.rustagent.memory.MemoryException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

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
  private long skippedReported;

  private ArtRecording(TrajectoryStore store, AgentMemory patternMemory, ArtPlugin plugin) {
    this.store = store;
    this.patternMemory = patternMemory;
    this.plugin = plugin;
  }

  /**
   * Opens the ART data in {@code artDir}, or in the shared PostgreSQL database at {@code dataUrl} when
   * one is given (then every run is recorded there, so the runs of all instances group together); null
   * (nothing recorded) when ART was never set up in {@code artDir}, or when its store cannot be opened,
   * which is said on {@code err}.
   */
  static ArtRecording open(Path artDir, String dataUrl, String modelName, boolean keywordOnly, PrintWriter err) {
    if (dataUrl == null && !Files.exists(artDir.resolve("trajectories.mv.db"))) {
      return null;
    }
    TrajectoryStore store = null;
    AgentMemory memory = null;
    try {
      store = dataUrl != null ? TrajectoryStore.postgres(dataUrl) : TrajectoryStore.h2(artDir.resolve("trajectories"), true);
      memory = MemoryOpener.open(artDir, dataUrl, keywordOnly, err, Terminal.stderrIsTerminal());
      SuccessPatternDatabase patterns = SuccessPatternDatabase.builder(PatternIndex.semantic(memory.semantic())).build();
      patterns.learnFrom(store);
      ArtPlugin plugin = ArtPlugin.builder(store).patterns(patterns).tracking(t -> t.agentName("rust-agent").modelName(modelName)).build();
      return new ArtRecording(store, memory, plugin);
    } catch (ArtException | MemoryException | IllegalArgumentException e) {
      err.println("warning: this run is not recorded (ART data in "
          + (dataUrl != null ? dev.rustagent.memory.jdbc.PostgresPool.withoutCredentials(dataUrl) : artDir)
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
      store.close();
    } finally {
      patternMemory.close();
    }
  }
}
