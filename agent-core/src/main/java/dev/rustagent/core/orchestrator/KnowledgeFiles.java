package dev.rustagent.core.orchestrator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.rustagent.core.internal.CoreJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IDE's {@code knowledge_base.json} and {@code progress.json} in a data directory, loaded at start
 * and reloaded when either changes. A file that cannot be read or parsed keeps the last good content.
 */
final class KnowledgeFiles implements AutoCloseable {
  static final String KNOWLEDGE_BASE = "knowledge_base.json";
  static final String PROGRESS = "progress.json";
  private static final Logger log = LoggerFactory.getLogger(KnowledgeFiles.class);

  private final Path dir;
  private final AtomicReference<JsonNode> knowledge = new AtomicReference<>(NullNode.getInstance());
  private final AtomicReference<JsonNode> progress = new AtomicReference<>(NullNode.getInstance());
  private final AtomicReference<String> lastError = new AtomicReference<>();
  private final BiConsumer<String, JsonNode> onReload;
  private final DirectoryWatcher watcher;

  KnowledgeFiles(Path dir, BiConsumer<String, JsonNode> onReload) throws IOException {
    this.dir = dir.toAbsolutePath().normalize();
    this.onReload = onReload;
    Files.createDirectories(this.dir);
    load(KNOWLEDGE_BASE);
    load(PROGRESS);
    this.watcher = new DirectoryWatcher(this.dir, false, this::changed, "knowledge-watcher");
  }

  JsonNode knowledgeBase() {
    return knowledge.get();
  }

  JsonNode progress() {
    return progress.get();
  }

  String lastError() {
    return lastError.get();
  }

  /**
   * The open objectives of a {@code progress.json}: its {@code objectives} array, each a string or an
   * object named by {@code title}, {@code name} or {@code description}; an object with {@code done} or
   * {@code completed} true, or {@code status} "done"/"completed", is left out. At most 50, each cut to
   * 500 characters; anything else in the file is ignored here.
   */
  static java.util.List<String> objectives(JsonNode progress) {
    java.util.List<String> open = new java.util.ArrayList<>();
    for (JsonNode item : progress.path("objectives")) {
      String text = item.isTextual() ? item.asText()
          : item.path("title").asText(item.path("name").asText(item.path("description").asText("")));
      String status = item.path("status").asText("").toLowerCase(java.util.Locale.ROOT);
      boolean done = item.path("done").asBoolean(false) || item.path("completed").asBoolean(false)
          || status.equals("done") || status.equals("completed");
      if (!done && !text.isBlank() && open.size() < 50) {
        open.add(text.strip().length() <= 500 ? text.strip() : text.strip().substring(0, 500));
      }
    }
    return java.util.List.copyOf(open);
  }

  private void changed(Path path) {
    String name = path.getFileName().toString();
    if (name.equals(KNOWLEDGE_BASE) || name.equals(PROGRESS)) {
      load(name);
    }
  }

  private void load(String name) {
    Path file = dir.resolve(name);
    if (!Files.isRegularFile(file)) {
      return;
    }
    JsonNode node;
    try {
      String text = Files.readString(file);
      if (text.isBlank()) {
        return;
      }
      node = CoreJson.MAPPER.readTree(text);
    } catch (IOException e) {
      lastError.set(name + ": " + e.getMessage());
      log.warn("cannot reload {}; keeping the last good content: {}", file, e.getMessage());
      return;
    }
    (name.equals(KNOWLEDGE_BASE) ? knowledge : progress).set(node);
    lastError.set(null);
    try {
      onReload.accept(name, node);
    } catch (RuntimeException e) {
      log.warn("a reload listener failed for {}", name, e);
    }
  }

  @Override
  public void close() {
    watcher.close();
  }
}
