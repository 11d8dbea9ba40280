package dev.rustagent.memory.internal;

import static java.util.Objects.requireNonNull;

import dev.rustagent.memory.MemoryException;
import dev.rustagent.memory.internal.jdbc.JdbcDatabase;
import dev.rustagent.memory.internal.jdbc.SchemaMigrations;
import dev.rustagent.memory.internal.jdbc.SqlDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A JDBC database holding agent memory: transactions that turn SQL failures into
 * {@link MemoryException}s naming the database, and the versioned schema with its migrations.
 */
public final class MemoryDatabase {

  /** The schema version this code writes. */
  public static final int SCHEMA_VERSION = 2;

  /** The PostgreSQL notification channel on which the tables announce inserted, changed and deleted rows. */
  public static final String CHANNEL = "rust_agent_memory";

  /** Migration {@code i} takes the schema from version {@code i} to {@code i + 1}. */
  private static final List<List<String>> MIGRATIONS = List.of(List.of(
      "CREATE TABLE IF NOT EXISTS memory_meta (meta_key VARCHAR(64) PRIMARY KEY, meta_value VARCHAR(1024) NOT NULL)",
      "CREATE TABLE conversations (id BIGINT AUTO_INCREMENT PRIMARY KEY, session_id VARCHAR(256) NOT NULL,"
          + " created_at TIMESTAMP WITH TIME ZONE NOT NULL, user_message CLOB NOT NULL,"
          + " agent_response CLOB NOT NULL, context CLOB NOT NULL, success BOOLEAN NOT NULL)",
      "CREATE INDEX conversations_session ON conversations (session_id, id)",
      "CREATE TABLE memories (id BIGINT AUTO_INCREMENT PRIMARY KEY, text CLOB NOT NULL,"
          + " created_at TIMESTAMP WITH TIME ZONE NOT NULL)",
      "CREATE TABLE memory_metadata (memory_id BIGINT NOT NULL, meta_key VARCHAR(256) NOT NULL,"
          + " meta_value VARCHAR(4096) NOT NULL, PRIMARY KEY (memory_id, meta_key),"
          + " FOREIGN KEY (memory_id) REFERENCES memories (id) ON DELETE CASCADE)",
      "CREATE INDEX memory_metadata_value ON memory_metadata (meta_key, meta_value)",
      "CREATE TABLE patterns (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(256) NOT NULL UNIQUE,"
          + " category VARCHAR(128) NOT NULL, code_template CLOB NOT NULL, description CLOB NOT NULL,"
          + " usage_count INT DEFAULT 0 NOT NULL, success_count INT DEFAULT 0 NOT NULL)",
      "CREATE TABLE commands (id BIGINT AUTO_INCREMENT PRIMARY KEY, tool VARCHAR(16) NOT NULL,"
          + " command VARCHAR(1024) NOT NULL, description CLOB NOT NULL, examples CLOB NOT NULL,"
          + " usage_count INT DEFAULT 0 NOT NULL, UNIQUE (tool, command))",
      "CREATE TABLE learning_metrics (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
          + " recorded_at TIMESTAMP WITH TIME ZONE NOT NULL, concepts_learned INT NOT NULL,"
          + " success_rate DOUBLE PRECISION NOT NULL, avg_response_time_ms BIGINT NOT NULL)",
      "CREATE TABLE embeddings (kind VARCHAR(16) NOT NULL, owner_id BIGINT NOT NULL,"
          + " vector VARBINARY(65536) NOT NULL, PRIMARY KEY (kind, owner_id))"),
      // 2: cache-aware token counts in the learning metrics (issue 13)
      List.of("ALTER TABLE learning_metrics ADD COLUMN input_tokens BIGINT DEFAULT 0 NOT NULL",
          "ALTER TABLE learning_metrics ADD COLUMN cache_write_tokens BIGINT DEFAULT 0 NOT NULL",
          "ALTER TABLE learning_metrics ADD COLUMN cache_read_tokens BIGINT DEFAULT 0 NOT NULL",
          "ALTER TABLE learning_metrics ADD COLUMN output_tokens BIGINT DEFAULT 0 NOT NULL"));

  /** Work done in one transaction. */
  @FunctionalInterface
  public interface Work<T> extends JdbcDatabase.Work<T> {}

  private static final SchemaMigrations SCHEMA = SchemaMigrations.builder("memory database")
      .versionIn("memory_meta", "schema_version")
      .migration(MIGRATIONS.get(0))
      .migration(MIGRATIONS.get(1))
      .postgresOnly(List.of(
          // every process keeps an in-process index; these tell the others what changed (LISTEN/NOTIFY)
          "CREATE OR REPLACE FUNCTION rust_agent_memory_changed() RETURNS trigger AS $$ BEGIN"
              + " IF TG_OP = 'DELETE' THEN PERFORM pg_notify('" + CHANNEL + "', TG_ARGV[0] || ':D:' || OLD.id);"
              + " RETURN OLD; END IF;"
              + " PERFORM pg_notify('" + CHANNEL + "', TG_ARGV[0] || ':' || LEFT(TG_OP, 1) || ':' || NEW.id);"
              + " RETURN NEW; END $$ LANGUAGE plpgsql",
          "CREATE TRIGGER conversations_changed AFTER INSERT OR DELETE ON conversations"
              + " FOR EACH ROW EXECUTE FUNCTION rust_agent_memory_changed('EPISODE')",
          "CREATE TRIGGER memories_changed AFTER INSERT OR DELETE ON memories"
              + " FOR EACH ROW EXECUTE FUNCTION rust_agent_memory_changed('MEMORY')",
          "CREATE TRIGGER patterns_changed AFTER INSERT OR DELETE OR UPDATE OF name, category, code_template,"
              + " description ON patterns FOR EACH ROW EXECUTE FUNCTION rust_agent_memory_changed('PATTERN')",
          "CREATE TRIGGER commands_changed AFTER INSERT OR DELETE OR UPDATE OF tool, command, description, examples"
              + " ON commands FOR EACH ROW EXECUTE FUNCTION rust_agent_memory_changed('COMMAND')"))
      .build();

  private final JdbcDatabase db;

  /**
   * @param dataSource where the database is
   * @param location how to name the database in errors (a file path or a URL without credentials)
   * @throws MemoryException if the database cannot be reached or is neither H2 nor PostgreSQL
   */
  public MemoryDatabase(DataSource dataSource, String location) {
    this.db = new JdbcDatabase(requireNonNull(dataSource, "dataSource"), requireNonNull(location, "location"),
        (message, cause) -> new MemoryException("memory database " + message, cause));
  }

  /** @return how the database is named in errors */
  public String location() {
    return db.location();
  }

  /** @return the database's SQL dialect */
  public SqlDialect dialect() {
    return db.dialect();
  }

  DataSource dataSource() {
    return db.dataSource();
  }

  /**
   * Runs work in a transaction, committing on success and rolling back on failure; a transaction that
   * lost its connection before committing is retried (see {@link JdbcDatabase}).
   *
   * @param work the work
   * @param <T> its result type
   * @return its result
   * @throws MemoryException if the database fails
   */
  public <T> T tx(Work<T> work) {
    return db.tx(work);
  }

  /**
   * Brings the schema to {@link #SCHEMA_VERSION}.
   *
   * @return the version found before migrating (0 for an empty database)
   * @throws MemoryException if the schema is newer than this code
   */
  public int migrate() {
    return SCHEMA.migrate(db);
  }

  /**
   * @param c a connection
   * @param key a meta key
   * @return its value
   * @throws SQLException on failure
   */
  public static Optional<String> meta(Connection c, String key) throws SQLException {
    return SchemaMigrations.get(c, "memory_meta", key);
  }

  /**
   * @param c a connection
   * @param key a meta key
   * @param value its new value
   * @throws SQLException on failure
   */
  public static void putMeta(Connection c, String key, String value) throws SQLException {
    SchemaMigrations.put(c, "memory_meta", key, value);
  }

  /**
   * @param c a connection
   * @param sql a count query
   * @return the count
   * @throws SQLException on failure
   */
  public static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
