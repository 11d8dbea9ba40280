package dev.rustagent.memory;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.rustagent.memory.internal.EmbeddingStoreSemanticMemory;
import dev.rustagent.memory.internal.DefaultEmbeddingModel;
import dev.rustagent.memory.internal.Embedder;
import dev.rustagent.memory.internal.MemoryDatabase;
import dev.rustagent.memory.internal.MemoryStore;
import dev.rustagent.memory.internal.RecallFloors;
import dev.rustagent.memory.internal.jdbc.PostgresPool;
import dev.rustagent.memory.internal.jdbc.SqlDialect;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import dev.rustagent.memory.EpisodicMemory.ArchiveSummary;
import dev.rustagent.memory.SemanticMemory.RecallMode;
import dev.rustagent.memory.SemanticMemory.Scored;
import dev.rustagent.memory.MemoryStats.EmbeddingProgress;

/**
 * The agent's memory: {@link #episodes() episodic}, {@link #semantic() semantic},
 * {@link #knowledge() knowledge base} and {@link #metrics() learning metrics}, in one database.
 *
 * <p>Open one with {@link #h2(Path)} (the default: an H2 file database {@value #H2_FILE_NAME}.mv.db
 * under a data directory), {@link #inMemory()}, {@link #postgres(DataSource)} (one memory shared by
 * many processes), {@link #jdbc(DataSource)}, or {@link #builder()} to choose the embedding model. The schema is versioned and migrated when opened; a database with a
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

  private final MemoryStore store;
  private final SemanticMemory semantic;
  private final Runnable onClose;
  private final AtomicBoolean closed = new AtomicBoolean();

  private AgentMemory(MemoryStore store, SemanticMemory external, Runnable onClose) {
    this.store = store;
    this.semantic = external != null ? external : store.semantic();
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
   * Opens memory in a JDBC database: H2 or PostgreSQL, told apart by the driver's metadata.
   *
   * @param dataSource the database
   * @return the open memory
   */
  public static AgentMemory jdbc(DataSource dataSource) {
    return builder().dataSource(dataSource).build();
  }

  /**
   * Opens memory in a PostgreSQL database shared by many processes (see {@link Builder#postgres(DataSource)}).
   *
   * @param dataSource the database (pooled, ideally)
   * @return the open memory
   * @throws MemoryException if the database is unreachable, not PostgreSQL, or has a newer schema
   */
  public static AgentMemory postgres(DataSource dataSource) {
    return builder().postgres(dataSource).build();
  }

  /**
   * Opens memory in a PostgreSQL database given by its JDBC URL, with a small connection pool of its
   * own (closed with the memory).
   *
   * @param jdbcUrl {@code jdbc:postgresql://host:port/database?user=...&password=...}
   * @return the open memory
   * @throws IllegalArgumentException if the URL is not a PostgreSQL JDBC URL
   * @throws MemoryException if the database is unreachable or has a newer schema
   */
  public static AgentMemory postgres(String jdbcUrl) {
    return builder().postgres(jdbcUrl).build();
  }

  /** @return a builder; choose exactly one of h2, inMemory or dataSource */
  public static Builder builder() {
    return new Builder();
  }

  /** @return episodic memory */
  public EpisodicMemory episodes() {
    return store.episodes();
  }

  /** @return semantic memory (in this database, or the LangChain4j store given to the builder) */
  public SemanticMemory semantic() {
    return semantic;
  }

  /**
   * This memory's own semantic store seen as a LangChain4j {@code EmbeddingStore}, so LangChain4j's
   * retrievers and ingestors use it: items keep the caller's embeddings (of this memory's dimension)
   * and the segments' text and metadata; ids are the items' ids as strings; scores are LangChain4j
   * relevance, {@code (cosine + 1) / 2}; filters are equalities joined by AND. An embedding without a
   * text segment is refused.
   *
   * @return the adapter (writes and searches go to this memory)
   */
  public EmbeddingStore<TextSegment> embeddingStore() {
    return store.embeddingStore();
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
   * already present (same session, time and message), semantic items already present (same text and
   * metadata) and learning-metrics samples already present (same time) are skipped, so importing an
   * export twice adds nothing; patterns and commands are matched by name and by tool + command. Items are re-embedded with this memory's model.
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
    private boolean postgres;
    private String location = "(JDBC data source)";
    private Runnable release = () -> {};
    private EmbeddingModel embeddingModel;
    private boolean keywordOnly;
    private boolean reembed;
    private boolean starterKnowledge = true;
    private boolean durableWrites = true;
    private long cacheSize = 10_000;
    private EmbeddingStore<TextSegment> semanticStore;
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
     * Uses a PostgreSQL database, which many processes may share: the schema is migrated once (under an
     * advisory lock), every process keeps its own in-process index of the vectors and keywords, and
     * LISTEN/NOTIFY tells each one what the others inserted, changed or deleted (a row written by one
     * process is found by the others within moments, no restart). Vectors are stored in plain
     * {@code BYTEA} columns and searched exactly in process, so no extension is needed. A transaction
     * that loses its connection before committing is retried on a new one; one that loses it while
     * committing is an error saying the outcome is unknown.
     *
     * @param dataSource the database (pooled, ideally; it must be PostgreSQL)
     * @return this builder
     */
    public Builder postgres(DataSource dataSource) {
      this.dataSource = requireNonNull(dataSource, "dataSource");
      this.postgres = true;
      return this;
    }

    /**
     * Uses a PostgreSQL database by JDBC URL, pooled here (as {@link #postgres(DataSource)}).
     *
     * @param jdbcUrl {@code jdbc:postgresql://...}
     * @return this builder
     * @throws IllegalArgumentException if it is not a PostgreSQL JDBC URL
     */
    public Builder postgres(String jdbcUrl) {
      PostgresPool.Source source = PostgresPool.forUrl(jdbcUrl);
      this.dataSource = source.dataSource();
      this.postgres = true;
      this.location = source.location();
      this.release = source.close();
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

    /**
     * Keeps semantic memory in a LangChain4j embedding store (PgVector, Chroma, ...) instead of this
     * database; episodes, knowledge and metrics stay here. Items are embedded with this memory's
     * embedding model (so one is needed), ranked by the store's vector search (hybrid recall ranks as
     * vector recall; keyword recall is refused) and carry their id in the metadata key
     * {@code rust_agent_id}; {@code semantic().count()} is unsupported and exports leave them out.
     *
     * @param store the store
     * @return this builder
     */
    public Builder semanticStore(EmbeddingStore<TextSegment> store) {
      this.semanticStore = requireNonNull(store, "store");
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
        throw new IllegalStateException("choose exactly one of h2(dir), inMemory(), postgres(...) or dataSource(ds)");
      }
      if (keywordOnly && embeddingModel != null) {
        throw new IllegalStateException("keywordOnly() and embeddingModel(...) exclude each other");
      }
      EmbeddingModel model = keywordOnly ? null : embeddingModel != null ? embeddingModel
          : DefaultEmbeddingModel.find(AgentMemory.class.getClassLoader()).orElse(null);
      if (semanticStore != null && model == null) {
        throw new IllegalStateException("semanticStore(...) needs an embedding model; none was given or found");
      }
      Embedder embedder = model == null ? null : new Embedder(model, cacheSize);
      SemanticMemory external = semanticStore == null ? null : new EmbeddingStoreSemanticMemory(semanticStore, model);
      RecallFloors relevance = RecallFloors.defaults(model != null && DefaultEmbeddingModel.isCalibrated(model),
          floors);
      MemoryStore.Options options = new MemoryStore.Options(embedder, reembed, starterKnowledge, clock, relevance,
          progress);
      if (dataSource != null) {
        Runnable release = this.release;
        MemoryStore store;
        try {
          MemoryDatabase db = new MemoryDatabase(dataSource, location);
          if (postgres && db.dialect() != SqlDialect.POSTGRESQL) {
            throw new MemoryException("memory database " + location + " is " + db.dialect() + ", not PostgreSQL");
          }
          store = MemoryStore.open(db, options);
        } catch (RuntimeException e) {
          release.run();
          throw e;
        }
        return new AgentMemory(store, external, () -> {
          store.close();
          release.run();
        });
      }
      if (inMemory) {
        JdbcConnectionPool pool = JdbcConnectionPool.create(
            "jdbc:h2:mem:agent-memory-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        H2Databases.Opened opened = H2Databases.pool(pool, "(in-memory)", null, options, () -> {});
        return new AgentMemory(opened.store(), external, opened.onClose());
      }
      H2Databases.Opened opened = H2Databases.file(dataDir, H2_FILE_NAME, durableWrites, options);
      return new AgentMemory(opened.store(), external, opened.onClose());
    }
  }
}
