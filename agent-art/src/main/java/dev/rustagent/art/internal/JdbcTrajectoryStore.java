package dev.rustagent.art.internal;

import dev.rustagent.art.ArtConfig.ArtException;
import dev.rustagent.art.Trajectory;
import dev.rustagent.art.TrajectoryStore;
import dev.rustagent.memory.internal.jdbc.JdbcDatabase;
import dev.rustagent.memory.internal.jdbc.SchemaMigrations;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link TrajectoryStore} in H2 or PostgreSQL: indexed columns plus the trajectory as JSON. The schema
 * is versioned ({@code art_meta.trajectory_schema_version}); a newer one is refused. On PostgreSQL many
 * processes share one store: saves are upserts, and queries read the database, so groups for RULER
 * hold the trajectories of every instance.
 */
public final class JdbcTrajectoryStore implements TrajectoryStore {
  private static final Logger log = LoggerFactory.getLogger(JdbcTrajectoryStore.class);
  /** Bodies up to this many characters are stored inline (fast); longer ones as a LOB. */
  static final int INLINE_LIMIT = 1_000_000;
  private static final String COLUMNS = "id, body, body_large";
  private static final SchemaMigrations SCHEMA = SchemaMigrations.builder("trajectory database")
      .versionIn("art_meta", "trajectory_schema_version")
      .migration(List.of("""
          CREATE TABLE IF NOT EXISTS trajectory (
            id VARCHAR(256) PRIMARY KEY,
            agent_name VARCHAR(256) NOT NULL,
            objective VARCHAR(8192) NOT NULL,
            reward DOUBLE PRECISION,
            success BOOLEAN NOT NULL,
            created_at TIMESTAMP NOT NULL,
            body CHARACTER VARYING(%d),
            body_large CHARACTER LARGE OBJECT)""".formatted(INLINE_LIMIT),
          "CREATE INDEX IF NOT EXISTS trajectory_reward ON trajectory(reward DESC)",
          "CREATE INDEX IF NOT EXISTS trajectory_created ON trajectory(created_at DESC)",
          "CREATE INDEX IF NOT EXISTS trajectory_agent ON trajectory(agent_name, created_at DESC)",
          "CREATE INDEX IF NOT EXISTS trajectory_objective ON trajectory(objective, created_at DESC)"))
      .build();

  private final JdbcDatabase db;
  private final String upsert;
  private final Runnable onClose;

  private JdbcTrajectoryStore(JdbcDatabase db, Runnable onClose) {
    this.db = db;
    this.onClose = onClose;
    this.upsert = db.dialect().upsert("trajectory", "id",
        List.of("id", "agent_name", "objective", "reward", "success", "created_at", "body", "body_large"));
  }

  /** Opens (and creates when missing) an H2 store at a JDBC URL. */
  public static JdbcTrajectoryStore open(String url) {
    JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
    return open(pool, url, pool::dispose);
  }

  /**
   * Opens (and creates or migrates when needed) a store in a database.
   *
   * @param dataSource H2 or PostgreSQL
   * @param location how errors name it
   * @param onClose releases the data source when the store closes (and when opening fails)
   * @throws ArtException when the database cannot be opened or has a newer schema
   */
  public static JdbcTrajectoryStore open(DataSource dataSource, String location, Runnable onClose) {
    return new JdbcTrajectoryStore(ArtDatabase.open(dataSource, location, "trajectory database", SCHEMA, onClose),
        onClose);
  }


  @Override
  public void save(Trajectory t) {
    String body = ArtJson.toJson(t);
    db.tx(c -> {
      try (PreparedStatement ps = c.prepareStatement(upsert)) {
        bind(ps, t, body);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public void saveAll(Collection<Trajectory> trajectories) {
    List<Trajectory> all = List.copyOf(trajectories);
    List<String> bodies = all.stream().map(ArtJson::toJson).toList();
    db.tx(c -> {
      try (PreparedStatement ps = c.prepareStatement(upsert)) {
        for (int n = 0; n < all.size(); n++) {
          bind(ps, all.get(n), bodies.get(n));
          ps.addBatch();
          if ((n + 1) % 500 == 0) {
            ps.executeBatch();
          }
        }
        ps.executeBatch();
      }
      return null;
    });
  }

  private static void bind(PreparedStatement ps, Trajectory t, String body) throws SQLException {
    ps.setString(1, t.id());
    ps.setString(2, t.agentName());
    ps.setString(3, t.objective());
    if (t.reward() == null) {
      ps.setNull(4, Types.DOUBLE);
    } else {
      ps.setDouble(4, t.reward());
    }
    ps.setBoolean(5, t.success());
    ps.setTimestamp(6, Timestamp.from(t.createdAt()));
    if (body.length() <= INLINE_LIMIT) {
      ps.setString(7, body);
      ps.setNull(8, Types.VARCHAR);
    } else {
      ps.setNull(7, Types.VARCHAR);
      ps.setString(8, body);
    }
  }

  @Override
  public Optional<Trajectory> find(String id) {
    return query("SELECT " + COLUMNS + " FROM trajectory WHERE id = ?", id).stream().findFirst();
  }

  @Override
  public List<Trajectory> recent(int limit) {
    return query("SELECT " + COLUMNS + " FROM trajectory ORDER BY created_at DESC LIMIT ?", positive(limit));
  }

  @Override
  public List<Trajectory> withRewardAtLeast(double threshold, int limit) {
    return query("SELECT " + COLUMNS + " FROM trajectory WHERE reward >= ? ORDER BY reward DESC LIMIT ?",
        threshold, positive(limit));
  }

  @Override
  public List<Trajectory> byAgent(String agentName, int limit) {
    return query("SELECT " + COLUMNS + " FROM trajectory WHERE agent_name = ? ORDER BY created_at DESC LIMIT ?",
        agentName, positive(limit));
  }

  @Override
  public List<Trajectory> byObjective(String objective, int limit) {
    return query("SELECT " + COLUMNS + " FROM trajectory WHERE objective = ? ORDER BY created_at DESC LIMIT ?",
        objective, positive(limit));
  }

  @Override
  public List<List<Trajectory>> groupsByObjective(int minSize) {
    List<String> objectives = db.tx(c -> {
      List<String> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT objective FROM trajectory GROUP BY objective HAVING COUNT(*) >= ? ORDER BY objective")) {
        ps.setInt(1, Math.max(1, minSize));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getString(1));
          }
        }
      }
      return out;
    });
    List<List<Trajectory>> groups = new ArrayList<>();
    for (String objective : objectives) {
      List<Trajectory> group = byObjective(objective, Integer.MAX_VALUE);
      if (group.size() >= minSize) {
        groups.add(group);
      }
    }
    return groups;
  }

  @Override
  public long count() {
    return db.tx(c -> {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM trajectory")) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  @Override
  public TrajectoryStats stats() {
    return db.tx(c -> {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
          "SELECT COUNT(*), COUNT(reward), COALESCE(SUM(CASE WHEN success THEN 1 ELSE 0 END), 0), "
              + "AVG(reward), COUNT(DISTINCT objective) FROM trajectory")) {
        rs.next();
        double mean = rs.getDouble(4);
        java.util.OptionalDouble meanReward = rs.wasNull() ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(mean);
        return new TrajectoryStats(rs.getLong(1), rs.getLong(2), rs.getLong(3), meanReward, rs.getLong(5));
      }
    });
  }

  @Override
  public void close() {
    onClose.run();
  }

  private List<Trajectory> query(String sql, Object... args) {
    return db.tx(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < args.length; i++) {
          ps.setObject(i + 1, args[i]);
        }
        List<Trajectory> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String id = rs.getString(1);
            try {
              String body = rs.getString(2);
              out.add(ArtJson.trajectory(body != null ? body : rs.getString(3)));
            } catch (IllegalArgumentException e) {
              log.warn("skipping trajectory {} in {}: {}", id, db.location(), e.getMessage());
            }
          }
        }
        return out;
      }
    });
  }

  static int positive(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1: " + limit);
    }
    return limit;
  }
}
