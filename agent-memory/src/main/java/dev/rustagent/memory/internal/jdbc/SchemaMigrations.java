package dev.rustagent.memory.internal.jdbc;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.rustagent.memory.internal.jdbc.JdbcDatabase;

/**
 * A versioned schema: version {@code n} is reached by running the statements of migrations 1..n in
 * order, each migration in one transaction together with the new version number, which is kept in a
 * key/value meta table under a version key. Statements are written in H2's SQL and translated by
 * {@link SqlDialect#ddl(String)}; a migration may add statements for PostgreSQL only (triggers).
 *
 * <p>Opening a database whose version is newer than the code is refused, naming both versions. On
 * PostgreSQL the migrations take a transaction-scoped advisory lock, so processes opening one database
 * at the same time migrate it once. Immutable and thread-safe.
 */
public final class SchemaMigrations {

  private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);

  private final String what;
  private final String metaTable;
  private final String versionKey;
  private final List<List<String>> migrations;
  private final Map<Integer, List<String>> postgresOnly;

  private SchemaMigrations(Builder b) {
    this.what = b.what;
    this.metaTable = b.metaTable;
    this.versionKey = b.versionKey;
    this.migrations = List.copyOf(b.migrations);
    Map<Integer, List<String>> pg = new HashMap<>();
    b.postgresOnly.forEach((k, v) -> pg.put(k, List.copyOf(v)));
    this.postgresOnly = Map.copyOf(pg);
  }

  /**
   * @param what what the schema holds, for messages ("memory database")
   * @return a builder
   */
  public static Builder builder(String what) {
    return new Builder(requireNonNull(what, "what"));
  }

  /** @return the version the code writes: the number of migrations */
  public int latest() {
    return migrations.size();
  }

  /**
   * Brings the schema to {@link #latest()}.
   *
   * @param db the database
   * @return the version found before migrating (0 for an empty database)
   * @throws RuntimeException from the database's error factory when the schema is newer than the code
   *     or a migration fails (nothing of the failed migration stays on PostgreSQL)
   */
  public int migrate(JdbcDatabase db) {
    int found = db.tx(c -> {
      lock(db, c);
      return readVersion(c);
    });
    for (int v = found; ; v++) {
      int from = v;
      boolean done = db.tx(c -> {
        lock(db, c);
        int now = readVersion(c);
        if (now > latest()) {
          throw new SQLException(db.location() + " has " + what + " schema version " + now
              + ", newer than this code supports (" + latest() + "); use a newer rust-agent", "0A000");
        }
        if (now >= latest()) {
          return true;
        }
        try (Statement s = c.createStatement()) {
          s.execute("CREATE TABLE IF NOT EXISTS " + metaTable
              + " (meta_key VARCHAR(64) PRIMARY KEY, meta_value VARCHAR(1024) NOT NULL)");
          for (String sql : migrations.get(now)) {
            s.execute(db.dialect().ddl(sql));
          }
          if (db.dialect() == SqlDialect.POSTGRESQL) {
            for (String sql : postgresOnly.getOrDefault(now + 1, List.of())) {
              s.execute(sql);
            }
          }
        }
        put(c, metaTable, versionKey, Integer.toString(now + 1));
        LOG.info("{} {} migrated to schema version {}", what, db.location(), now + 1);
        return false;
      });
      if (done) {
        return found;
      }
    }
  }

  private void lock(JdbcDatabase db, Connection c) throws SQLException {
    if (db.dialect() == SqlDialect.POSTGRESQL) {
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
        ps.setLong(1, ("rust-agent:" + metaTable).hashCode());
        ps.execute();
      }
    }
  }

  private int readVersion(Connection c) throws SQLException {
    if (!tableExists(c, metaTable)) {
      return 0;
    }
    Optional<String> v = get(c, metaTable, versionKey);
    if (v.isEmpty()) {
      return 0;
    }
    try {
      return Integer.parseInt(v.get());
    } catch (NumberFormatException e) {
      throw new SQLException(versionKey + " in " + metaTable + " is not a number: " + v.get(), e);
    }
  }

  /**
   * @param c a connection
   * @param table a table name (any case)
   * @return whether the table exists
   * @throws SQLException on failure
   */
  public static boolean tableExists(Connection c, String table) throws SQLException {
    for (String name : new String[] {table.toUpperCase(java.util.Locale.ROOT), table.toLowerCase(java.util.Locale.ROOT)}) {
      try (ResultSet rs = c.getMetaData().getTables(null, null, name, null)) {
        if (rs.next()) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * @param c a connection
   * @param metaTable a meta table
   * @param key a key
   * @return its value
   * @throws SQLException on failure
   */
  public static Optional<String> get(Connection c, String metaTable, String key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT meta_value FROM " + metaTable + " WHERE meta_key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /**
   * Sets a meta value (insert or update).
   *
   * @param c a connection
   * @param metaTable a meta table
   * @param key a key
   * @param value its new value
   * @throws SQLException on failure
   */
  public static void put(Connection c, String metaTable, String key, String value) throws SQLException {
    try (PreparedStatement up = c.prepareStatement("UPDATE " + metaTable + " SET meta_value = ? WHERE meta_key = ?")) {
      up.setString(1, value);
      up.setString(2, key);
      if (up.executeUpdate() == 1) {
        return;
      }
    }
    try (PreparedStatement in = c.prepareStatement("INSERT INTO " + metaTable + " (meta_key, meta_value) VALUES (?, ?)")) {
      in.setString(1, key);
      in.setString(2, value);
      in.executeUpdate();
    }
  }

  /** Collects the migrations in order; every setter checks its argument at once. */
  public static final class Builder {
    private final String what;
    private String metaTable;
    private String versionKey = "schema_version";
    private final List<List<String>> migrations = new ArrayList<>();
    private final Map<Integer, List<String>> postgresOnly = new HashMap<>();

    private Builder(String what) {
      this.what = what;
    }

    /**
     * @param table the key/value table holding the version (created when missing)
     * @param key the version's key in it
     * @return this builder
     */
    public Builder versionIn(String table, String key) {
      if (!requireNonNull(table, "table").matches("[a-z_]+") || !requireNonNull(key, "key").matches("[a-z_]+")) {
        throw new IllegalArgumentException("meta table and key must be lower-case identifiers: " + table + ", " + key);
      }
      this.metaTable = table;
      this.versionKey = key;
      return this;
    }

    /**
     * Adds the next migration (its version is the number of migrations so far plus one).
     *
     * @param statements DDL in H2's SQL
     * @return this builder
     */
    public Builder migration(List<String> statements) {
      if (requireNonNull(statements, "statements").isEmpty()) {
        throw new IllegalArgumentException("a migration needs at least one statement");
      }
      migrations.add(List.copyOf(statements));
      return this;
    }

    /**
     * Adds statements run on PostgreSQL only, after the portable ones of the last added migration.
     *
     * @param statements PostgreSQL DDL
     * @return this builder
     */
    public Builder postgresOnly(List<String> statements) {
      if (migrations.isEmpty()) {
        throw new IllegalStateException("add the migration before its PostgreSQL-only statements");
      }
      postgresOnly.computeIfAbsent(migrations.size(), k -> new ArrayList<>()).addAll(requireNonNull(statements, "statements"));
      return this;
    }

    /** @return the migrations */
    public SchemaMigrations build() {
      if (metaTable == null) {
        throw new IllegalStateException("versionIn(table, key) is required");
      }
      if (migrations.isEmpty()) {
        throw new IllegalStateException("at least one migration is required");
      }
      return new SchemaMigrations(this);
    }
  }
}
