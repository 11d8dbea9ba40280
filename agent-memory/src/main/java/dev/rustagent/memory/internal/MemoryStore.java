package dev.rustagent.memory.internal;

import dev.rustagent.core.internal.CoreJson;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rustagent.memory.EpisodicMemory.ArchiveSummary;
import dev.rustagent.memory.KnowledgeBase.CodePattern;
import dev.rustagent.memory.KnowledgeBase.CommandTool;
import dev.rustagent.memory.MemoryStats.EmbeddingProgress;
import dev.rustagent.memory.EpisodicMemory;
import dev.rustagent.memory.KnowledgeBase;
import dev.rustagent.memory.LearningMetrics;
import dev.rustagent.memory.MemoryException;
import dev.rustagent.memory.MemoryStats;
import dev.rustagent.memory.SemanticMemory;
import dev.rustagent.memory.KnowledgeBase.ToolCommand;
import dev.rustagent.memory.internal.jdbc.SqlDialect;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open memory: the database migrated to the current schema, the embedding model checked against
 * the stored vectors, the indexes loaded, and the starter knowledge present.
 */
public final class MemoryStore {

  private static final Logger LOG = LoggerFactory.getLogger(MemoryStore.class);
  private static final String STARTER = "/dev/rustagent/memory/starter/";

  final MemoryDatabase db;
  final Embedder embedder;
  final JdbcEpisodicMemory episodes;
  final JdbcSemanticMemory semantic;
  final JdbcKnowledgeBase knowledge;
  final JdbcLearningMetrics metrics;
  private ChangeListener changes;

  /** What to open and how. */
  public record Options(Embedder embedder, boolean reembedOnModelChange, boolean starterKnowledge, Clock clock,
      RecallFloors floors, EmbeddingProgress progress) {
    /** Validates the clock, floors and progress listener. */
    public Options {
      requireNonNull(clock, "clock");
      requireNonNull(floors, "floors");
      requireNonNull(progress, "progress");
    }
  }

  private MemoryStore(MemoryDatabase db, Options options) {
    this.db = db;
    this.embedder = options.embedder();
    this.episodes = new JdbcEpisodicMemory(db, embedder);
    this.semantic = new JdbcSemanticMemory(db, embedder, options.clock());
    this.knowledge = new JdbcKnowledgeBase(db, embedder);
    this.metrics = new JdbcLearningMetrics(db);
    episodes.floors(options.floors());
    semantic.floors(options.floors());
    knowledge.floors(options.floors());
  }

  /**
   * Opens a memory in a database.
   *
   * @param db the database
   * @param options embedding model and loading options
   * @return the open memory
   * @throws MemoryException if the schema is newer than this code or the model does not match
   */
  public static MemoryStore open(MemoryDatabase db, Options options) {
    db.migrate();
    checkModel(db, options);
    MemoryStore store = new MemoryStore(db, options);
    if (db.dialect() == SqlDialect.POSTGRESQL) {
      // listen before loading, so nothing committed by another process in between is missed
      store.changes = ChangeListener.start(db, List.of(store.episodes, store.semantic,
          store.knowledge.patterns, store.knowledge.commands));
    }
    try {
      store.loadIndexes(options);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }

  private void loadIndexes(Options options) {
    MemoryStore store = this;
    store.episodes.load(options.progress());
    store.semantic.load(options.progress());
    store.knowledge.load(options.progress());
    if (options.starterKnowledge()) {
      store.loadStarterKnowledge();
    }
  }

  private static void checkModel(MemoryDatabase db, Options options) {
    Embedder embedder = options.embedder();
    if (embedder == null) {
      return;
    }
    db.tx(c -> {
      Optional<String> model = MemoryDatabase.meta(c, "embedding_model");
      Optional<String> dimension = MemoryDatabase.meta(c, "embedding_dimension");
      String wantedDimension = Integer.toString(embedder.dimension());
      if (model.isPresent() && (!model.get().equals(embedder.name())
          || !dimension.orElse("").equals(wantedDimension))) {
        if (!options.reembedOnModelChange()) {
          throw new MemoryException("memory database " + db.location() + " was embedded with "
              + model.get() + " (" + dimension.orElse("?") + " dimensions) but is opened with "
              + embedder.name() + " (" + wantedDimension + " dimensions); open it with the same"
              + " model, or ask for a re-embed (reembedOnModelChange)");
        }
        LOG.warn("memory database {}: re-embedding everything with {} (was {})", db.location(),
            embedder.name(), model.get());
        try (Statement s = c.createStatement()) {
          s.executeUpdate("DELETE FROM embeddings");
        }
      }
      MemoryDatabase.putMeta(c, "embedding_model", embedder.name());
      MemoryDatabase.putMeta(c, "embedding_dimension", wantedDimension);
      return null;
    });
  }

  private void loadStarterKnowledge() {
    boolean loaded = db.tx(c -> MemoryDatabase.meta(c, "starter_knowledge").isPresent());
    if (loaded) {
      return;
    }
    ObjectMapper json = CoreJson.MAPPER;
    JsonNode patterns = resource(json, "patterns.json");
    JsonNode commands = resource(json, "commands.json");
    for (JsonNode p : patterns) {
      knowledge.putPattern(new CodePattern(0, p.get("name").asText(), p.get("category").asText(),
          p.get("code_template").asText(), p.get("description").asText(), 0, 0));
    }
    for (JsonNode c : commands) {
      List<String> examples = new ArrayList<>();
      c.get("examples").forEach(x -> examples.add(x.asText()));
      knowledge.putCommand(new ToolCommand(0, CommandTool.valueOf(c.get("tool").asText().toUpperCase(Locale.ROOT)),
          c.get("command").asText(), c.get("description").asText(), examples, 0));
    }
    db.tx(c -> {
      MemoryDatabase.putMeta(c, "starter_knowledge", "1");
      return null;
    });
    LOG.info("memory database {}: loaded starter knowledge ({} patterns, {} commands)", db.location(),
        patterns.size(), commands.size());
  }

  private static JsonNode resource(ObjectMapper json, String name) {
    try (InputStream in = MemoryStore.class.getResourceAsStream(STARTER + name)) {
      if (in == null) {
        throw new IllegalStateException("starter knowledge resource missing: " + STARTER + name);
      }
      return json.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException("starter knowledge resource unreadable: " + STARTER + name, e);
    }
  }

  /** Writes what is still buffered in memory (recorded episodes' vectors); called before closing. */
  public void flush() {
    episodes.flushVectors();
  }

  /** Stops listening for other processes' changes (PostgreSQL); the database itself is closed by its owner. */
  public void close() {
    if (changes != null) {
      changes.close();
    }
  }

  /** @return episodic memory */
  public EpisodicMemory episodes() {
    return episodes;
  }

  /** @return semantic memory */
  public SemanticMemory semantic() {
    return semantic;
  }

  /** @return semantic memory as a LangChain4j embedding store */
  public dev.langchain4j.store.embedding.EmbeddingStore<dev.langchain4j.data.segment.TextSegment> embeddingStore() {
    return new MemoryEmbeddingStore(semantic);
  }

  /** @return the knowledge base */
  public KnowledgeBase knowledge() {
    return knowledge;
  }

  /** @return learning metrics */
  public LearningMetrics metrics() {
    return metrics;
  }

  /** @return what the memory holds */
  public MemoryStats stats() {
    return db.tx(c -> new MemoryStats(
        MemoryDatabase.count(c, "SELECT COUNT(*) FROM conversations"),
        MemoryDatabase.count(c, "SELECT COUNT(DISTINCT session_id) FROM conversations"),
        MemoryDatabase.count(c, "SELECT COUNT(*) FROM memories"),
        MemoryDatabase.count(c, "SELECT COUNT(*) FROM patterns"),
        MemoryDatabase.count(c, "SELECT COUNT(*) FROM commands"),
        MemoryDatabase.count(c, "SELECT COUNT(*) FROM learning_metrics"),
        embedder == null ? "none (keyword recall)" : embedder.name(),
        embedder == null ? 0 : embedder.dimension(),
        Integer.parseInt(MemoryDatabase.meta(c, "schema_version").orElse("0"))));
  }

  /**
   * @param dir the directory to write into
   * @return what was written
   */
  public ArchiveSummary exportTo(Path dir) {
    return MemoryArchive.export(this, requireNonNull(dir, "dir"));
  }

  /**
   * @param dir a directory written by {@link #exportTo(Path)}
   * @return what was added
   */
  public ArchiveSummary importFrom(Path dir) {
    return MemoryArchive.importFrom(this, requireNonNull(dir, "dir"));
  }
}
