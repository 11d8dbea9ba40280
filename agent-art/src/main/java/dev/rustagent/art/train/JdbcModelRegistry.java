package dev.rustagent.art.train;

import dev.rustagent.art.internal.ArtDatabase;
import dev.rustagent.art.internal.ArtJson;
import dev.rustagent.memory.internal.jdbc.JdbcDatabase;
import dev.rustagent.memory.internal.jdbc.SchemaMigrations;
import dev.rustagent.memory.internal.jdbc.SqlDialect;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.rustagent.art.train.ModelRegistry.RegisteredModel;

/**
 * {@link ModelRegistry} in H2 or PostgreSQL; every change is written before it is visible. The schema is
 * versioned ({@code art_meta.registry_schema_version}). On PostgreSQL several processes share it: each
 * read starts from what the database holds, so a model registered or promoted by another process is
 * seen at once.
 */
final class JdbcModelRegistry extends MapBackedModelRegistry {
  private static final Logger log = LoggerFactory.getLogger(JdbcModelRegistry.class);
  private static final SchemaMigrations SCHEMA = SchemaMigrations.builder("model registry")
      .versionIn("art_meta", "registry_schema_version")
      .migration(List.of(
          "CREATE TABLE IF NOT EXISTS registered_model (id VARCHAR(512) PRIMARY KEY, "
              + "body CHARACTER VARYING(1000000) NOT NULL)",
          "CREATE TABLE IF NOT EXISTS champion (slot INT PRIMARY KEY, model_id VARCHAR(512) NOT NULL)"))
      .build();

  private final JdbcDatabase db;
  private final Runnable onClose;
  private final String upsertModel;
  private final String upsertChampion;

  private JdbcModelRegistry(JdbcDatabase db, Runnable onClose) {
    this.db = db;
    this.onClose = onClose;
    this.upsertModel = db.dialect().upsert("registered_model", "id", List.of("id", "body"));
    this.upsertChampion = db.dialect().upsert("champion", "slot", List.of("slot", "model_id"));
  }

  static JdbcModelRegistry openH2(java.nio.file.Path databaseFile) {
    String url = "jdbc:h2:file:" + databaseFile.toAbsolutePath() + ";WRITE_DELAY=0";
    JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
    return open(pool, url, pool::dispose);
  }

  static JdbcModelRegistry open(DataSource dataSource, String location, Runnable onClose) {
    JdbcModelRegistry registry = new JdbcModelRegistry(
        ArtDatabase.open(dataSource, location, "model registry", SCHEMA, onClose), onClose);
    try {
      registry.load();
    } catch (RuntimeException e) {
      onClose.run();
      throw e;
    }
    return registry;
  }


  private void load() {
    record Snapshot(Map<String, RegisteredModel> models, String champion) {}
    Snapshot snapshot = db.tx(c -> {
      Map<String, RegisteredModel> read = new LinkedHashMap<>();
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, body FROM registered_model")) {
        while (rs.next()) {
          try {
            RegisteredModel m = ArtJson.MAPPER.readValue(rs.getString(2), RegisteredModel.class);
            read.put(m.id(), m);
          } catch (java.io.IOException | RuntimeException e) {
            log.warn("skipping unreadable model {} in {}: {}", rs.getString(1), db.location(), e.getMessage());
          }
        }
      }
      String championId = null;
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT model_id FROM champion")) {
        if (rs.next()) {
          championId = rs.getString(1);
        }
      }
      return new Snapshot(read, championId);
    });
    models.clear();
    models.putAll(snapshot.models());
    champion = snapshot.champion();
  }

  @Override
  void refresh() {
    if (db.dialect() == SqlDialect.POSTGRESQL) {
      load();
    }
  }

  @Override
  void store(RegisteredModel model) {
    String body = ArtJson.write(model);
    db.tx(c -> {
      try (PreparedStatement ps = c.prepareStatement(upsertModel)) {
        ps.setString(1, model.id());
        ps.setString(2, body);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  void storeChampion(String id) {
    db.tx(c -> {
      try (PreparedStatement ps = c.prepareStatement(upsertChampion)) {
        ps.setInt(1, 1);
        ps.setString(2, id);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public void close() {
    onClose.run();
  }
}
