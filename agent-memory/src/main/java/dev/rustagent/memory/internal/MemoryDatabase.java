package dev.rustagent.memory.internal;

import static java.util.Objects.requireNonNull;

import dev.rustagent.memory.MemoryException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JDBC database holding agent memory: transactions that turn SQL failures into
 * {@link MemoryException}s naming the database, and the versioned schema with its migrations.
 */
public final class MemoryDatabase {

  /** The schema version this code writes. */
  public static final int SCHEMA_VERSION = 1;

  private static final Logger LOG = LoggerFactory.getLogger(MemoryDatabase.class);

  /** Migration {@code i} takes the schema from version {@code i} to {@code i + 1}. */
  private static final List<List<String>> MIGRATIONS = List.of(List.of(
      "CREATE TABLE memory_meta (meta_key VARCHAR(64) PRIMARY KEY, meta_value VARCHAR(1024) NOT NULL)",
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
          + " vector VARBINARY(65536) NOT NULL, PRIMARY KEY (kind, owner_id))"));

  /** Work done in one transaction. */
  @FunctionalInterface
  public interface Work<T> {
    /**
     * @param connection a connection in a transaction
     * @return the result
     * @throws SQLException on failure (the transaction is rolled back)
     */
    T run(Connection connection) throws SQLException;
  }

  private final DataSource dataSource;
  private final String location;

  /**
   * @param dataSource where the database is
   * @param location how to name the database in errors (a file path or "JDBC data source")
   */
  public MemoryDatabase(DataSource dataSource, String location) {
    this.dataSource = requireNonNull(dataSource, "dataSource");
    this.location = requireNonNull(location, "location");
  }

  /** @return how the database is named in errors */
  public String location() {
    return location;
  }

  /**
   * Runs work in a transaction, committing on success and rolling back on failure.
   *
   * @param work the work
   * @param <T> its result type
   * @return its result
   * @throws MemoryException if the database fails
   */
  public <T> T tx(Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      }
    } catch (SQLException e) {
      throw new MemoryException("memory database " + location + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Brings the schema to {@link #SCHEMA_VERSION}.
   *
   * @return the version found before migrating (0 for an empty database)
   * @throws MemoryException if the schema is newer than this code
   */
  public int migrate() {
    int found = tx(MemoryDatabase::readVersion);
    if (found > SCHEMA_VERSION) {
      throw new MemoryException("memory database " + location + " has schema version " + found
          + ", newer than this code supports (" + SCHEMA_VERSION + "); use a newer rust-agent");
    }
    for (int v = found; v < SCHEMA_VERSION; v++) {
      int from = v;
      tx(c -> {
        try (Statement s = c.createStatement()) {
          for (String sql : MIGRATIONS.get(from)) {
            s.execute(sql);
          }
        }
        putMeta(c, "schema_version", Integer.toString(from + 1));
        return null;
      });
      LOG.info("memory database {} migrated to schema version {}", location, from + 1);
    }
    return found;
  }

  private static int readVersion(Connection c) throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    boolean exists = false;
    for (String name : new String[] {"MEMORY_META", "memory_meta"}) {
      try (ResultSet rs = md.getTables(null, null, name, null)) {
        exists |= rs.next();
      }
    }
    if (!exists) {
      return 0;
    }
    String v = meta(c, "schema_version").orElse(null);
    if (v == null) {
      throw new SQLException("table memory_meta has no schema_version");
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new SQLException("schema_version is not a number: " + v, e);
    }
  }

  /**
   * @param c a connection
   * @param key a meta key
   * @return its value
   * @throws SQLException on failure
   */
  public static Optional<String> meta(Connection c, String key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT meta_value FROM memory_meta WHERE meta_key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /**
   * @param c a connection
   * @param key a meta key
   * @param value its new value
   * @throws SQLException on failure
   */
  public static void putMeta(Connection c, String key, String value) throws SQLException {
    try (PreparedStatement up = c.prepareStatement("UPDATE memory_meta SET meta_value = ? WHERE meta_key = ?")) {
      up.setString(1, value);
      up.setString(2, key);
      if (up.executeUpdate() == 1) {
        return;
      }
    }
    try (PreparedStatement in = c.prepareStatement("INSERT INTO memory_meta (meta_key, meta_value) VALUES (?, ?)")) {
      in.setString(1, key);
      in.setString(2, value);
      in.executeUpdate();
    }
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
