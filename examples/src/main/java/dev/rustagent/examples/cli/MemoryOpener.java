package dev.rustagent.examples.cli;

import dev.rustagent.core.AgentConfig.AgentConfigException;
import dev.rustagent.core.internal.ConfigTables;
import dev.rustagent.memory.AgentMemory;
import dev.rustagent.memory.MemoryStats.EmbeddingProgress;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the CLI opens the agent's memory. Recall is semantic by default: the quantised all-MiniLM-L6-v2
 * model ships in the CLI's jar and runs in process. {@code --no-embeddings},
 * {@code RUST_AGENT_MEMORY_EMBEDDINGS=false} or {@code [memory] embeddings = false} keep it to keywords. A store written without embeddings
 * (every store of a CLI before this one) or with another model is embedded when first opened, with a
 * progress bar on stderr when stderr is a terminal and plain lines otherwise ({@link ProgressBar}); stored texts are kept.
 */
final class MemoryOpener {

  /** The environment variable that turns embeddings off ({@code false}) or on ({@code true}, the default). */
  static final String EMBEDDINGS_VARIABLE = "RUST_AGENT_MEMORY_EMBEDDINGS";

  /**
   * The {@code [memory]} section, which the CLI reads: {@code embeddings = false} recalls by keywords
   * only, as {@code --no-embeddings} does (the library's {@code AgentMemory.Builder.keywordOnly()}).
   */
  private static final Map<String, ConfigTables.Type> MEMORY_KEYS = Map.of("embeddings", ConfigTables.Type.BOOLEAN);

  private MemoryOpener() {}

  /**
   * Whether recall must be keyword-only: {@code --no-embeddings}, else {@code RUST_AGENT_MEMORY_EMBEDDINGS},
   * else {@code [memory] embeddings} of the config file, else embeddings on.
   *
   * @param noEmbeddings whether {@code --no-embeddings} was given
   * @param environment the process environment
   * @return whether recall must be keyword-only
   * @throws IllegalArgumentException if the environment variable is neither true nor false
   */
  static boolean keywordOnly(boolean noEmbeddings, Map<String, String> environment) {
    return keywordOnly(noEmbeddings, null, environment);
  }

  /**
   * As {@link #keywordOnly(boolean, Map)}, reading the {@code [memory]} section of {@code configFile}
   * (none when null).
   *
   * @throws AgentConfigException when the file, the section or the variable is bad
   */
  static boolean keywordOnly(boolean noEmbeddings, Path configFile, Map<String, String> environment) {
    String toml = configFile == null ? "" : ConfigTables.read(configFile);
    String source = configFile == null ? "(defaults)" : configFile.toString();
    List<String> problems = new ArrayList<>();
    Map<String, Object> memory = ConfigTables.section(ConfigTables.parse(toml, source), source, "memory",
        MEMORY_KEYS, environment, Map.of(), problems);
    if (!problems.isEmpty()) {
      throw new AgentConfigException(problems);
    }
    return noEmbeddings || !(Boolean) memory.getOrDefault("embeddings", Boolean.TRUE);
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
