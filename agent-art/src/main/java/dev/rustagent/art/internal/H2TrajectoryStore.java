package dev.rustagent.art.internal;

import dev.rustagent.art.ArtException;
import dev.rustagent.art.Trajectory;
import dev.rustagent.art.TrajectoryStore;
import java.sql.Connection;
import java.sql.DriverManager;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link TrajectoryStore} in an embedded H2 database: indexed columns plus the trajectory as JSON. */
public final class H2TrajectoryStore implements TrajectoryStore {
  private static final Logger log = LoggerFactory.getLogger(H2TrajectoryStore.class);
  /** Bodies up to this many characters are stored inline (fast); longer ones as a LOB. */
  static final int INLINE_LIMIT = 1_000_000;
  private static final String COLUMNS = "id, body, body_large";
  private static final String MERGE = "MERGE INTO trajectory (id, agent_name, objective, reward, success, created_at, "
      + "body, body_large) KEY(id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

  private final Connection connection;
  private final String url;

  private H2TrajectoryStore(Connection connection, String url) {
    this.connection = connection;
    this.url = url;
  }

  /** Opens (and creates when missing) the store at a JDBC URL. */
  public static H2TrajectoryStore open(String url) {
    try {
      Connection c = DriverManager.getConnection(url, "sa", "");
      try (Statement s = c.createStatement()) {
        s.execute("""
            CREATE TABLE IF NOT EXISTS trajectory (
              id VARCHAR(256) PRIMARY KEY,
              agent_name VARCHAR(256) NOT NULL,
              objective VARCHAR(8192) NOT NULL,
              reward DOUBLE PRECISION,
              success BOOLEAN NOT NULL,
              created_at TIMESTAMP NOT NULL,
              body CHARACTER VARYING(%d),
              body_large CHARACTER LARGE OBJECT)""".formatted(INLINE_LIMIT));
        s.execute("CREATE INDEX IF NOT EXISTS trajectory_reward ON trajectory(reward DESC)");
        s.execute("CREATE INDEX IF NOT EXISTS trajectory_created ON trajectory(created_at DESC)");
        s.execute("CREATE INDEX IF NOT EXISTS trajectory_agent ON trajectory(agent_name, created_at DESC)");
        s.execute("CREATE INDEX IF NOT EXISTS trajectory_objective ON trajectory(objective, created_at DESC)");
      }
      return new H2TrajectoryStore(c, url);
    } catch (SQLException e) {
      throw new ArtException("cannot open the trajectory database " + url + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void save(Trajectory t) {
    try (PreparedStatement ps = connection.prepareStatement(MERGE)) {
      bind(ps, t);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new ArtException("cannot save trajectory " + t.id() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void saveAll(Collection<Trajectory> trajectories) {
    try {
      connection.setAutoCommit(false);
      try (PreparedStatement ps = connection.prepareStatement(MERGE)) {
        int n = 0;
        for (Trajectory t : trajectories) {
          bind(ps, t);
          ps.addBatch();
          if (++n % 500 == 0) {
            ps.executeBatch();
          }
        }
        ps.executeBatch();
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new ArtException("cannot save " + trajectories.size() + " trajectories: " + e.getMessage(), e);
    }
  }

  private static void bind(PreparedStatement ps, Trajectory t) throws SQLException {
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
    String body = ArtJson.toJson(t);
    if (body.length() <= INLINE_LIMIT) {
      ps.setString(7, body);
      ps.setNull(8, Types.CLOB);
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
    List<String> objectives = new ArrayList<>();
    synchronized (this) {
      try (PreparedStatement ps = connection.prepareStatement(
          "SELECT objective FROM trajectory GROUP BY objective HAVING COUNT(*) >= ? ORDER BY objective")) {
        ps.setInt(1, Math.max(1, minSize));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            objectives.add(rs.getString(1));
          }
        }
      } catch (SQLException e) {
        throw new ArtException("cannot group trajectories: " + e.getMessage(), e);
      }
    }
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
  public synchronized long count() {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM trajectory")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new ArtException("cannot count trajectories: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized TrajectoryStats stats() {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT COUNT(*), COUNT(reward), COALESCE(SUM(CASE WHEN success THEN 1 ELSE 0 END), 0), "
            + "AVG(reward), COUNT(DISTINCT objective) FROM trajectory")) {
      rs.next();
      double mean = rs.getDouble(4);
      java.util.OptionalDouble meanReward = rs.wasNull() ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(mean);
      return new TrajectoryStats(rs.getLong(1), rs.getLong(2), rs.getLong(3), meanReward, rs.getLong(5));
    } catch (SQLException e) {
      throw new ArtException("cannot summarise trajectories: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      log.warn("closing the trajectory database {} failed", url, e);
    }
  }

  private synchronized List<Trajectory> query(String sql, Object... args) {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
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
            log.warn("skipping trajectory {} in {}: {}", id, url, e.getMessage());
          }
        }
      }
      return out;
    } catch (SQLException e) {
      throw new ArtException("trajectory query failed: " + e.getMessage(), e);
    }
  }

  static int positive(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1: " + limit);
    }
    return limit;
  }
}
