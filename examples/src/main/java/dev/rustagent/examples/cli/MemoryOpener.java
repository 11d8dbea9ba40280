package dev.rustagent.examples.cli;

import dev.rustagent.memory.AgentMemory;
import dev.rustagent.memory.EmbeddingProgress;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How the CLI opens the agent's memory. Recall is semantic by default: the quantised all-MiniLM-L6-v2
 * model ships in the CLI's jar and runs in process. {@code --no-embeddings} or
 * {@code RUST_AGENT_MEMORY_EMBEDDINGS=false} keep it to keywords. A store written without embeddings
 * (every store of a CLI before this one) or with another model is embedded when first opened, with a
 * progress bar on stderr when stderr is a terminal and plain lines otherwise ({@link ProgressBar}); stored texts are kept.
 */
final class MemoryOpener {

  /** The environment variable that turns embeddings off ({@code false}) or on ({@code true}, the default). */
  static final String EMBEDDINGS_VARIABLE = "RUST_AGENT_MEMORY_EMBEDDINGS";

  private MemoryOpener() {}

  /**
   * @param noEmbeddings whether {@code --no-embeddings} was given
   * @param environment the process environment
   * @return whether recall must be keyword-only
   * @throws IllegalArgumentException if the environment variable is neither true nor false
   */
  static boolean keywordOnly(boolean noEmbeddings, Map<String, String> environment) {
    String raw = environment.get(EMBEDDINGS_VARIABLE);
    if (raw == null || raw.isBlank()) {
      return noEmbeddings;
    }
    return switch (raw.strip().toLowerCase(Locale.ROOT)) {
      case "true" -> noEmbeddings;
      case "false" -> true;
      default -> throw new IllegalArgumentException(
          "environment variable " + EMBEDDINGS_VARIABLE + " must be true or false, got \"" + raw + "\"");
    };
  }

  /**
   * Opens the H2 memory under a data directory.
   *
   * @param dir the data directory
   * @param keywordOnly whether to recall by keywords only
   * @param err where embedding progress goes
   * @param terminal whether err is a terminal (a redrawn bar) or not (plain lines)
   * @return the open memory
   */
  static AgentMemory h2(Path dir, boolean keywordOnly, PrintWriter err, boolean terminal) {
    return open(dir, null, keywordOnly, err, terminal);
  }

  /**
   * The memory: PostgreSQL at the data URL ({@code --data-url}, else {@code RUST_AGENT_DATA_URL}) when
   * there is one, else H2 under {@code dir}; embeddings as for {@link #h2}.
   *
   * @throws dev.rustagent.memory.MemoryException when it cannot be opened (a bad URL included)
   */
  static AgentMemory open(Path dir, String dataUrl, boolean keywordOnly, PrintWriter err, boolean terminal) {
    String url = MemoryCommand.dataUrl(dataUrl);
    AgentMemory.Builder builder = AgentMemory.builder();
    if (url == null) {
      builder.h2(dir);
    } else {
      try {
        builder.postgres(url);
      } catch (IllegalArgumentException e) {
        throw new dev.rustagent.memory.MemoryException(e.getMessage(), e);
      }
    }
    if (keywordOnly) {
      builder.keywordOnly();
    } else {
      builder.reembedOnModelChange(true).embeddingProgress(progress(err, terminal));
    }
    return builder.build();
  }

  /**
   * @param keywordOnly whether to recall by keywords only
   * @return a memory in this process only
   */
  static AgentMemory inMemory(boolean keywordOnly) {
    AgentMemory.Builder builder = AgentMemory.builder().inMemory();
    if (keywordOnly) {
      builder.keywordOnly();
    }
    return builder.build();
  }

  /**
   * @param err where to report
   * @param terminal whether to redraw a bar in place (else one plain line per tenth done)
   * @return progress that reports each kind of item as it is embedded
   */
  static EmbeddingProgress progress(PrintWriter err, boolean terminal) {
    Map<String, ProgressBar> bars = new HashMap<>();
    return (what, done, total) -> {
      ProgressBar bar = bars.computeIfAbsent(what,
          w -> new ProgressBar(err, "memory: embedding " + w + " for semantic recall", total, terminal));
      bar.update(done, "");
      if (done >= total) {
        bar.finish();
      }
    };
  }
}
