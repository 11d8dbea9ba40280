package dev.rustagent.memory;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.rustagent.memory.internal.DefaultEmbeddingModel;
import dev.rustagent.memory.internal.Embedder;
import dev.rustagent.memory.internal.H2FileGuard;
import dev.rustagent.memory.internal.MemoryDatabase;
import dev.rustagent.memory.internal.MemoryStore;
import dev.rustagent.memory.internal.RecallFloors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The agent's memory: {@link #episodes() episodic}, {@link #semantic() semantic},
 * {@link #knowledge() knowledge base} and {@link #metrics() learning metrics}, in one database.
 *
 * <p>Open one with {@link #h2(Path)} (the default: an H2 file database {@value #H2_FILE_NAME}.mv.db
 * under a data directory), {@link #inMemory()}, {@link #jdbc(DataSource)}, or {@link #builder()} to
 * choose the embedding model. The schema is versioned and migrated when opened; a database with a
 * newer schema, a corrupted or locked file, or vectors from another embedding model are refused with a
 * {@link MemoryException} that names the file; nothing is ever reset.
 *
 * <p>An instance is safe for concurrent use by many threads and agents; share one instance per
 * database (a file database can be open once per process). Writes are durable when the call returns
 * (unless {@link Builder#durableWrites(boolean) durableWrites(false)} trades that for speed).
 * Searches scan an in-memory index of all vectors (exact top-k) fused with a keyword index.
 *
 * <p>Every search says "nothing relevant" by returning nothing when no item scores at or above its
 * mode's relevance floor (see {@link RecallMode} for the calibrated defaults and
 * {@link Builder#relevanceFloor(RecallMode, double)} to change them).
 */
public final class AgentMemory implements AutoCloseable {

  /** The H2 database's base file name under the data directory. */
  public static final String H2_FILE_NAME = "memory";

  private static final Set<Path> OPEN_FILES = ConcurrentHashMap.newKeySet();

  private final MemoryStore store;
  private final Runnable onClose;
  private final AtomicBoolean closed = new AtomicBoolean();

  private AgentMemory(MemoryStore store, Runnable onClose) {
    this.store = store;
    this.onClose = onClose;
  }

  /**
   * Opens (or creates) the H2 file database under a data directory, embedding with all-MiniLM-L6-v2
   * when it is on the classpath and recalling by keywords otherwise.
   *
   * @param dataDir the data directory (created if missing)
   * @return the open memory
   * @throws MemoryException if the database cannot be opened
   */
  public static AgentMemory h2(Path dataDir) {
    return builder().h2(dataDir).build();
  }

  /**
   * @return a fresh memory that lives in this process only (an H2 in-memory database)
   */
  public static AgentMemory inMemory() {
    return builder().inMemory().build();
  }

  /**
   * Opens memory in another JDBC database speaking the same SQL (tested with H2; the schema uses
   * standard SQL types: BIGINT identity keys, CLOB, VARBINARY, TIMESTAMP WITH TIME ZONE).
   *
   * @param dataSource the database
   * @return the open memory
   */
  public static AgentMemory jdbc(DataSource dataSource) {
    return builder().dataSource(dataSource).build();
  }

  /** @return a builder; choose exactly one of h2, inMemory or dataSource */
  public static Builder builder() {
    return new Builder();
  }

  /** @return episodic memory */
  public EpisodicMemory episodes() {
    return store.episodes();
  }

  /** @return semantic memory */
  public SemanticMemory semantic() {
    return store.semantic();
  }

  /** @return the knowledge base of patterns and commands */
  public KnowledgeBase knowledge() {
    return store.knowledge();
  }

  /** @return learning metrics */
  public LearningMetrics metrics() {
    return store.metrics();
  }

  /** @return counts, embedding model and schema version */
  public MemoryStats stats() {
    return store.stats();
  }

  /**
   * Writes the whole memory as JSON files ({@code memory/conversations/{session}.json},
   * {@code memory/patterns/{id}.json}, {@code memory/semantic.json},
   * {@code knowledge/{git,linux,gh}-commands.json}, {@code analytics/usage-metrics.json}); each file
   * is replaced atomically.
   *
   * @param dir the directory to write into (created if missing)
   * @return what was written
   * @throws MemoryException if writing fails
   */
  public ArchiveSummary exportTo(Path dir) {
    return store.exportTo(dir);
  }

  /**
   * Adds what an export holds. Every file is read and checked before anything is added; episodes
   * already present (same session, time and message) are skipped; patterns and commands are matched
   * by name and by tool + command. Items are re-embedded with this memory's model.
   *
   * @param dir a directory written by {@link #exportTo(Path)}
   * @return what was added
   * @throws MemoryException naming the file if a file is malformed
   */
  public ArchiveSummary importFrom(Path dir) {
    return store.importFrom(dir);
  }

  /** Closes the database (idempotent). */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        store.flush();
      } finally {
        onClose.run();
      }
    }
  }

  /** Configures and opens an {@link AgentMemory}. */
  public static final class Builder {
    private Path dataDir;
    private boolean inMemory;
    private DataSource dataSource;
    private EmbeddingModel embeddingModel;
    private boolean keywordOnly;
    private boolean reembed;
    private boolean starterKnowledge = true;
    private boolean durableWrites = true;
    private long cacheSize = 10_000;
    private Clock clock = Clock.systemUTC();
    private final Map<RecallMode, Double> floors = new EnumMap<>(RecallMode.class);
    private EmbeddingProgress progress = EmbeddingProgress.NONE;

    private Builder() {}

    /**
     * @param dataDir the data directory of an H2 file database
     * @return this builder
     */
    public Builder h2(Path dataDir) {
      this.dataDir = requireNonNull(dataDir, "dataDir");
      return this;
    }

    /** @return this builder, for a process-local in-memory database */
    public Builder inMemory() {
      this.inMemory = true;
      return this;
    }

    /**
     * @param dataSource another JDBC database
     * @return this builder
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = requireNonNull(dataSource, "dataSource");
      return this;
    }

    /**
     * @param embeddingModel the model for semantic recall (instead of the default all-MiniLM-L6-v2)
     * @return this builder
     */
    public Builder embeddingModel(EmbeddingModel embeddingModel) {
      this.embeddingModel = requireNonNull(embeddingModel, "embeddingModel");
      return this;
    }

    /** @return this builder, recalling by keywords only (no embedding model) */
    public Builder keywordOnly() {
      this.keywordOnly = true;
      return this;
    }

    /**
     * @param reembed whether opening a store embedded with another model re-embeds everything with
     *     this one (otherwise that is an error)
     * @return this builder
     */
    public Builder reembedOnModelChange(boolean reembed) {
      this.reembed = reembed;
      return this;
    }

    /**
     * @param durable whether every write is on disk when the call returns (default true: survives a
     *     killed process; about 1,500 single writes a second on our machine). With false, H2 writes
     *     committed changes in the background within about a second: several times faster, but a
     *     process killed in that second loses them. Only for H2 file databases.
     * @return this builder
     */
    public Builder durableWrites(boolean durable) {
      this.durableWrites = durable;
      return this;
    }

    /**
     * @param load whether to load the shipped starter patterns and commands on first open (default
     *     true)
     * @return this builder
     */
    public Builder starterKnowledge(boolean load) {
      this.starterKnowledge = load;
      return this;
    }

    /**
     * @param entries how many embeddings to cache (default 10,000)
     * @return this builder
     */
    public Builder embeddingCacheSize(long entries) {
      if (entries < 0) {
        throw new IllegalArgumentException("cache size must not be negative");
      }
      this.cacheSize = entries;
      return this;
    }

    /**
     * Sets the score under which a search in this mode finds nothing relevant, instead of the
     * calibrated default (see {@link RecallMode}); {@code Double.NEGATIVE_INFINITY} returns every hit.
     * The scale is the mode's (see {@link Scored}).
     *
     * @param mode a recall mode
     * @param floor the lowest score returned
     * @return this builder
     * @throws IllegalArgumentException if the floor is NaN
     */
    public Builder relevanceFloor(RecallMode mode, double floor) {
      requireNonNull(mode, "mode");
      if (Double.isNaN(floor)) {
        throw new IllegalArgumentException("relevance floor must be a number");
      }
      floors.put(mode, floor);
      return this;
    }

    /**
     * @param progress told while opening embeds stored items that have no vector for this model yet
     *     (a store written without embeddings, or re-embedded after a model change)
     * @return this builder
     */
    public Builder embeddingProgress(EmbeddingProgress progress) {
      this.progress = requireNonNull(progress, "progress");
      return this;
    }

    /**
     * @param clock the clock for item timestamps
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * @return the open memory
     * @throws MemoryException if the database cannot be opened
     * @throws IllegalStateException unless exactly one store was chosen, or both a model and
     *     keyword-only were asked for
     */
    public AgentMemory build() {
      int stores = (dataDir != null ? 1 : 0) + (inMemory ? 1 : 0) + (dataSource != null ? 1 : 0);
      if (stores != 1) {
        throw new IllegalStateException("choose exactly one of h2(dir), inMemory() or dataSource(ds)");
      }
      if (keywordOnly && embeddingModel != null) {
        throw new IllegalStateException("keywordOnly() and embeddingModel(...) exclude each other");
      }
      EmbeddingModel model = keywordOnly ? null : embeddingModel != null ? embeddingModel
          : DefaultEmbeddingModel.find(AgentMemory.class.getClassLoader()).orElse(null);
      Embedder embedder = model == null ? null : new Embedder(model, cacheSize);
      RecallFloors relevance = RecallFloors.defaults(model != null && DefaultEmbeddingModel.isCalibrated(model),
          floors);
      MemoryStore.Options options = new MemoryStore.Options(embedder, reembed, starterKnowledge, clock, relevance,
          progress);
      if (dataSource != null) {
        return new AgentMemory(MemoryStore.open(new MemoryDatabase(dataSource, "(JDBC data source)"), options),
            () -> {});
      }
      if (inMemory) {
        JdbcConnectionPool pool = JdbcConnectionPool.create(
            "jdbc:h2:mem:agent-memory-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        return openPool(pool, "(in-memory)", null, options, () -> {});
      }
      return openFile(options);
    }

    private AgentMemory openFile(MemoryStore.Options options) {
      Path dir = dataDir.toAbsolutePath().normalize();
      Path file = dir.resolve(H2_FILE_NAME + ".mv.db");
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new MemoryException("cannot create memory data directory " + dir + ": " + e.getMessage(), e);
      }
      if (!OPEN_FILES.add(file)) {
        throw new MemoryException("memory database " + file + " is already open in this process;"
            + " share the AgentMemory instance");
      }
      try {
        H2FileGuard.checkAndBackUp(file);
        // TRACE_LEVEL_FILE=4: H2's own messages go to SLF4J, never to a memory.trace.db that grows per run.
        String url = "jdbc:h2:file:" + dir.resolve(H2_FILE_NAME) + ";TRACE_LEVEL_FILE=4"
            + (durableWrites ? ";WRITE_DELAY=0" : "");
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
        try (Connection c = pool.getConnection()) {
          c.isValid(1);
        } catch (SQLException e) {
          pool.dispose();
          throw new MemoryException(openError(file, e), e);
        }
        return openPool(pool, file.toString(), url, options, () -> OPEN_FILES.remove(file));
      } catch (RuntimeException e) {
        OPEN_FILES.remove(file);
        throw e;
      }
    }

    private static String openError(Path file, SQLException e) {
      return switch (e.getErrorCode()) {
        case 90020 -> "memory database " + file + " is locked by another process; close it there first";
        case 90030 -> "memory database " + file + " is corrupted; it was left untouched (" + e.getMessage() + ")";
        default -> "cannot open memory database " + file + ": " + e.getMessage();
      };
    }

    private static AgentMemory openPool(JdbcConnectionPool pool, String location, String fileUrl,
        MemoryStore.Options options,
        Runnable afterClose) {
      MemoryStore store;
      try {
        store = MemoryStore.open(new MemoryDatabase(pool, location), options);
      } catch (RuntimeException e) {
        shutdown(pool, fileUrl);
        afterClose.run();
        throw e;
      }
      return new AgentMemory(store, () -> {
        shutdown(pool, fileUrl);
        afterClose.run();
      });
    }

    /**
     * Closes the database with SHUTDOWN. For a file database it goes through a plain connection: closing
     * a pooled one after SHUTDOWN rolls back on the closed database, an error H2 traced on every close
     * (memory.trace.db grew run after run).
     */
    private static void shutdown(JdbcConnectionPool pool, String fileUrl) {
      try (Connection c = fileUrl != null ? java.sql.DriverManager.getConnection(fileUrl, "sa", "")
          : pool.getConnection(); Statement s = c.createStatement()) {
        s.execute("SHUTDOWN");
      } catch (SQLException e) {
        org.slf4j.LoggerFactory.getLogger(AgentMemory.class).warn("closing memory database: {}", e.toString());
      } finally {
        pool.dispose();
      }
    }
  }
}
