package dev.rustagent.core.orchestrator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the orchestrator adds to the agent's context: the IDE's knowledge base (watched in the data
 * directory, when there is one) and the knowledge noted at run time (host updates, the toolchain
 * version), cut to a share of the context budget.
 */
final class ProjectKnowledge implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProjectKnowledge.class);
  private static final int MAX_KNOWLEDGE_CHARS = 8_000;

  private final Path dataDirectory;
  private final Map<String, String> notes = new LinkedHashMap<>();
  private volatile KnowledgeFiles files;

  /** @param dataDirectory the IDE's data directory, or {@code null} */
  ProjectKnowledge(Path dataDirectory) {
    this.dataDirectory = dataDirectory;
  }

  /** Loads and starts watching the data directory's files. */
  void start() throws IOException {
    if (dataDirectory != null) {
      files = new KnowledgeFiles(dataDirectory, (file, node) -> log.info("reloaded {} from {}", file, dataDirectory));
    }
  }

  JsonNode knowledgeBase() {
    KnowledgeFiles f = files;
    return f == null ? NullNode.getInstance() : f.knowledgeBase();
  }

  JsonNode progress() {
    KnowledgeFiles f = files;
    return f == null ? NullNode.getInstance() : f.progress();
  }

  Optional<String> problem() {
    KnowledgeFiles f = files;
    return f == null ? Optional.empty() : Optional.ofNullable(f.lastError());
  }

  /** Adds or replaces a line of knowledge. */
  void note(String key, String text) {
    synchronized (notes) {
      notes.put(key, text);
    }
  }

  /** The context text, about {@code budgetTokens} tokens and 8,000 characters. */
  String context(int budgetTokens) {
    StringBuilder text = new StringBuilder();
    JsonNode kb = knowledgeBase();
    if (!kb.isNull() && !kb.isMissingNode()) {
      text.append("## Project knowledge base (from the IDE)\n").append(kb.toString()).append('\n');
    }
    synchronized (notes) {
      notes.forEach((k, v) -> text.append("- ").append(k).append(": ").append(v).append('\n'));
    }
    int max = Math.min(MAX_KNOWLEDGE_CHARS, dev.rustagent.core.internal.HeuristicTokenCountEstimator.charsFor(budgetTokens));
    return text.length() <= max ? text.toString() : text.substring(0, max);
  }

  @Override
  public void close() {
    KnowledgeFiles f = files;
    if (f != null) {
      f.close();
    }
  }
}
