package dev.rustagent.art.train;

import dev.rustagent.art.ArtException;
import dev.rustagent.art.internal.ArtJson;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link ModelRegistry} in an embedded H2 database; every change is written before it is visible. */
final class H2ModelRegistry extends MapBackedModelRegistry {
  private static final Logger log = LoggerFactory.getLogger(H2ModelRegistry.class);

  private final Connection connection;
  private final String url;

  private H2ModelRegistry(Connection connection, String url) {
    this.connection = connection;
    this.url = url;
  }

  static H2ModelRegistry open(Path databaseFile) {
    String url = "jdbc:h2:file:" + databaseFile.toAbsolutePath() + ";WRITE_DELAY=0";
    try {
      Connection c = DriverManager.getConnection(url, "sa", "");
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS registered_model (id VARCHAR(512) PRIMARY KEY, "
            + "body CHARACTER VARYING(1000000) NOT NULL)");
        s.execute("CREATE TABLE IF NOT EXISTS champion (slot INT PRIMARY KEY, model_id VARCHAR(512) NOT NULL)");
      }
      H2ModelRegistry registry = new H2ModelRegistry(c, url);
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, body FROM registered_model")) {
        while (rs.next()) {
          try {
            RegisteredModel m = ArtJson.MAPPER.readValue(rs.getString(2), RegisteredModel.class);
            registry.models.put(m.id(), m);
          } catch (java.io.IOException | RuntimeException e) {
            log.warn("skipping unreadable model {} in {}: {}", rs.getString(1), url, e.getMessage());
          }
        }
      }
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT model_id FROM champion")) {
        if (rs.next()) {
          registry.champion = rs.getString(1);
        }
      }
      return registry;
    } catch (SQLException e) {
      throw new ArtException("cannot open the model registry " + url + ": " + e.getMessage(), e);
    }
  }

  @Override
  void store(RegisteredModel model) {
    try (PreparedStatement ps = connection.prepareStatement(
        "MERGE INTO registered_model (id, body) KEY(id) VALUES (?, ?)")) {
      ps.setString(1, model.id());
      ps.setString(2, ArtJson.write(model));
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new ArtException("cannot register model " + model.id() + ": " + e.getMessage(), e);
    }
  }

  @Override
  void storeChampion(String id) {
    try (PreparedStatement ps = connection.prepareStatement(
        "MERGE INTO champion (slot, model_id) KEY(slot) VALUES (1, ?)")) {
      ps.setString(1, id);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new ArtException("cannot promote model " + id + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      log.warn("closing the model registry {} failed", url, e);
    }
  }
}
