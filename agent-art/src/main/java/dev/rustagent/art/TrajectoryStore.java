package dev.rustagent.art;

import dev.rustagent.art.internal.JdbcTrajectoryStore;
import dev.rustagent.art.internal.JsonFileTrajectoryStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where trajectories are kept: an embedded H2 database (the default, indexed by reward, time, agent
 * and objective), PostgreSQL (the same schema, shared by many processes) or a directory of JSON files,
 * one per trajectory, written atomically. All are safe for concurrent use. Lists come newest first unless said otherwise.
 *
 * <p>A stored trajectory that cannot be read (a corrupt file or row) is skipped with a warning naming
 * it; the others load.
 */
public interface TrajectoryStore extends AutoCloseable {

  /** Saves a trajectory, replacing one with the same id. */
  void save(Trajectory trajectory);

  /** Saves many trajectories; the H2 store does it in one transaction. */
  default void saveAll(java.util.Collection<Trajectory> trajectories) {
    trajectories.forEach(this::save);
  }

  /** The trajectory with this id. */
  Optional<Trajectory> find(String id);

  /** The {@code limit} most recent trajectories. */
  List<Trajectory> recent(int limit);

  /** Scored trajectories with a reward of at least {@code threshold}, best first, at most {@code limit}. */
  List<Trajectory> withRewardAtLeast(double threshold, int limit);

  /** The {@code limit} best-rewarded trajectories, best first. */
  default List<Trajectory> topByReward(int limit) {
    return withRewardAtLeast(0.0, limit);
  }

  /** The {@code limit} most recent trajectories of an agent. */
  List<Trajectory> byAgent(String agentName, int limit);

  /** The {@code limit} most recent trajectories of an objective (exact match). */
  List<Trajectory> byObjective(String objective, int limit);

  /** Every objective with at least {@code minSize} trajectories, each with all of its trajectories. */
  List<List<Trajectory>> groupsByObjective(int minSize);

  /** How many trajectories are stored. */
  long count();

  /** The {@code limit} most recent trajectories that have no reward yet. */
  default List<Trajectory> unscored(int limit) {
    return recent(Math.max(limit, 1) * 4).stream().filter(t -> !t.isScored()).limit(limit).toList();
  }

  /**
   * Records a person's feedback on a run: the trajectory's reward becomes the verdict's and the
   * feedback is kept in its logs (see {@link Trajectory#withFeedback}).
   *
   * @return the updated trajectory
   * @throws ArtException when no run with that id is in this store (nothing is changed)
   */
  default Trajectory recordFeedback(Feedback feedback) {
    Trajectory t = find(feedback.runId()).orElseThrow(() -> new ArtException("no run " + feedback.runId()
        + " in this trajectory store: feedback is given on runs recorded here (see 'art stats' or a run's output)"));
    Trajectory updated = t.withFeedback(feedback);
    save(updated);
    return updated;
  }

  /** Counts and reward summary. */
  TrajectoryStats stats();

  /** Releases the store's resources. */
  @Override
  void close();

  /**
   * An H2 database in the file {@code databaseFile} (H2 adds {@code .mv.db}); created when missing.
   *
   * @throws ArtException when the database cannot be opened
   */
  static TrajectoryStore h2(Path databaseFile) {
    return h2(databaseFile, false);
  }

  /**
   * An H2 database in the file {@code databaseFile}. With {@code durableWrites} every save is on disk
   * when it returns (H2 {@code WRITE_DELAY=0}: slower, survives a killed process); without, H2 writes
   * committed changes within half a second (faster; a killed process may lose the last half second).
   *
   * @throws ArtException when the database cannot be opened
   */
  static TrajectoryStore h2(Path databaseFile, boolean durableWrites) {
    return JdbcTrajectoryStore.open("jdbc:h2:file:" + databaseFile.toAbsolutePath()
        + (durableWrites ? ";WRITE_DELAY=0" : ""));
  }

  /** An H2 database in memory, gone when closed; for tests and short-lived tools. */
  static TrajectoryStore inMemory() {
    return JdbcTrajectoryStore.open("jdbc:h2:mem:art-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
  }

  /**
   * A PostgreSQL database that many processes share (every instance's trajectories group together
   * for RULER); the schema is created or migrated when opened and a newer one is refused. A save that
   * loses its connection before committing is retried on a new one.
   *
   * @param dataSource the database (pooled, ideally); closing the store leaves it open
   * @throws ArtException when the database cannot be opened or has a newer schema
   */
  static TrajectoryStore postgres(javax.sql.DataSource dataSource) {
    return JdbcTrajectoryStore.open(dataSource, "(PostgreSQL data source)", () -> {});
  }

  /**
   * A PostgreSQL database by JDBC URL, with a small connection pool of its own (closed with the store).
   *
   * @param jdbcUrl {@code jdbc:postgresql://host:port/database?user=...}
   * @throws IllegalArgumentException when it is not a PostgreSQL JDBC URL
   * @throws ArtException when the database cannot be opened or has a newer schema
   */
  static TrajectoryStore postgres(String jdbcUrl) {
    dev.rustagent.memory.jdbc.PostgresPool.Source pool = dev.rustagent.memory.jdbc.PostgresPool.forUrl(jdbcUrl);
    return JdbcTrajectoryStore.open(pool.dataSource(), pool.location(), pool.close());
  }

  /** One JSON file per trajectory in {@code directory} (created when missing); every query scans the files. */
  static TrajectoryStore jsonFiles(Path directory) {
    return new JsonFileTrajectoryStore(directory);
  }

  /**
   * Counts and reward summary of a store.
   *
   * @param count all trajectories
   * @param scored those with a reward
   * @param successes those that reached their goal
   * @param meanReward the mean reward of the scored ones; empty when none is scored
   * @param objectives distinct objectives
   */
  record TrajectoryStats(long count, long scored, long successes, java.util.OptionalDouble meanReward,
      long objectives) {
    /** The share of successful trajectories, 0 when there are none. */
    public double successRate() {
      return count == 0 ? 0 : (double) successes / count;
    }
  }
}
