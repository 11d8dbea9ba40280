package dev.rustagent.art;

import dev.rustagent.tools.spi.internal.DaemonThreads;
import dev.rustagent.art.internal.JdbcTrajectoryStore;
import dev.rustagent.art.internal.JsonFileTrajectoryStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import dev.rustagent.art.ArtConfig.ArtException;
import static java.util.Objects.requireNonNull;
import java.time.Instant;
import java.util.Locale;
import dev.rustagent.art.internal.ArtJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    dev.rustagent.memory.internal.jdbc.PostgresPool.Source pool = dev.rustagent.memory.internal.jdbc.PostgresPool.forUrl(jdbcUrl);
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

  /**
   * A person's verdict on one run: good or bad, with an optional comment. Feedback is reward: it
   * outweighs any judge's score (a good run gets reward 1, a bad one 0, the judge's score is kept in the
   * metrics), a bad run never becomes a success pattern, and the latest feedback on a run counts while
   * every earlier one stays in the trajectory's logs.
   *
   * @param runId the run (trajectory) the feedback is about
   * @param verdict good or bad
   * @param comment what the person said, or empty
   * @param at when it was given
   */
  public record Feedback(String runId, Verdict verdict, String comment, Instant at) {

    /** The longest comment kept; longer ones are refused rather than cut. */
    public static final int MAX_COMMENT = 2_000;

    /** Good or bad. */
    public enum Verdict {
      GOOD, BAD;

      /** {@code good} or {@code bad}, any case. */
      public static Verdict parse(String text) {
        requireNonNull(text, "text");
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
          case "good", "+", "up" -> GOOD;
          case "bad", "-", "down" -> BAD;
          default -> throw new IllegalArgumentException("feedback is 'good' or 'bad', not '" + text + "'");
        };
      }

      /** The reward this verdict stands for. */
      public double reward() {
        return this == GOOD ? 1.0 : 0.0;
      }
    }

    public Feedback {
      requireNonNull(runId, "runId");
      if (runId.isBlank()) {
        throw new IllegalArgumentException("runId must not be blank");
      }
      requireNonNull(verdict, "verdict");
      comment = comment == null ? "" : comment.strip();
      if (comment.length() > MAX_COMMENT) {
        throw new IllegalArgumentException("a feedback comment has at most " + MAX_COMMENT + " characters, this one "
            + comment.length());
      }
      requireNonNull(at, "at");
    }
  }

  /**
   * Backs up a trajectory store to JSON-lines files ({@code trajectories-<UTC time>.jsonl}, one
   * trajectory per line, written atomically) and restores one into a store. Success patterns are
   * learned from the trajectories ({@link dev.rustagent.art.patterns.SuccessPatternDatabase#learnFrom}),
   * so restoring the trajectories restores them too. {@link #schedule} backs up every
   * {@code [art.storage] backup_interval}: at once when the newest backup is older than that, then
   * periodically, keeping the newest {@value #KEEP} files.
   */
  public static final class ArtBackup implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ArtBackup.class);
    /** How many backup files are kept. */
    public static final int KEEP = 5;
    private static final String PREFIX = "trajectories-";
    private static final DateTimeFormatter STAMP =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final ScheduledExecutorService executor;

    private ArtBackup(ScheduledExecutorService executor) {
      this.executor = executor;
    }

    /**
     * Writes every trajectory of {@code store} to a new file in {@code directory} and deletes all but
     * the newest {@value #KEEP} backups.
     *
     * @return the new file
     * @throws ArtException when the directory cannot be written
     */
    public static Path backUp(TrajectoryStore store, Path directory, Clock clock) {
      requireNonNull(store, "store");
      requireNonNull(directory, "directory");
      long count = store.count();
      List<Trajectory> all = count == 0 ? List.of() : store.recent((int) Math.min(count, Integer.MAX_VALUE));
      StringBuilder lines = new StringBuilder();
      all.forEach(t -> lines.append(ArtJson.toJson(t)).append('\n'));
      Path file = directory.resolve(PREFIX + STAMP.format(clock.instant()) + ".jsonl");
      try {
        ArtJson.writeAtomically(file, lines.toString());
        List<Path> backups = backups(directory);
        for (int i = 0; i < backups.size() - KEEP; i++) {
          Files.deleteIfExists(backups.get(i));
        }
      } catch (IOException | UncheckedIOException e) {
        throw new ArtException("cannot back up the trajectories to " + directory + ": " + e.getMessage(), e);
      }
      log.info("backed up {} trajectories to {}", all.size(), file);
      return file;
    }

    /**
     * Saves every trajectory of a backup file into {@code store} (replacing those with the same id).
     * A file with a line that is not a trajectory is refused whole, naming the line; nothing is saved.
     *
     * @return how many trajectories were restored
     * @throws ArtException when the file cannot be read or holds a corrupt line
     */
    public static int restore(TrajectoryStore store, Path backup) {
      requireNonNull(store, "store");
      requireNonNull(backup, "backup");
      List<String> lines;
      try {
        lines = Files.readAllLines(backup);
      } catch (IOException e) {
        throw new ArtException("cannot read the backup " + backup + ": " + e.getMessage(), e);
      }
      List<Trajectory> read = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).isBlank()) {
          continue;
        }
        try {
          read.add(ArtJson.trajectory(lines.get(i)));
        } catch (IllegalArgumentException e) {
          throw new ArtException(backup + " line " + (i + 1) + " is not a trajectory; nothing was restored ("
              + e.getMessage() + ")", e);
        }
      }
      store.saveAll(read);
      return read.size();
    }

    /** The newest backup in {@code directory}, if any. */
    public static Optional<Path> latest(Path directory) {
      try {
        List<Path> all = backups(directory);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
      } catch (IOException e) {
        throw new ArtException("cannot list the backups in " + directory + ": " + e.getMessage(), e);
      }
    }

    /**
     * Backs {@code store} up into {@code directory} every {@code interval}: before returning when the
     * newest backup is older than {@code interval} (or there is none), so even a short-lived process
     * keeps the promise, then on a daemon thread whenever the next one comes due. A failed backup is
     * logged and tried again at the next turn. Close to stop.
     *
     * @throws IllegalArgumentException when {@code interval} is not positive
     */
    public static ArtBackup schedule(TrajectoryStore store, Path directory, Duration interval, Clock clock) {
      requireNonNull(store, "store");
      requireNonNull(directory, "directory");
      requireNonNull(interval, "interval");
      requireNonNull(clock, "clock");
      if (interval.isZero() || interval.isNegative()) {
        throw new IllegalArgumentException("backup interval must be positive: " + interval);
      }
      Instant last = latest(directory).map(ArtBackup::modified).orElse(Instant.EPOCH);
      if (!last.plus(interval).isAfter(clock.instant())) {
        try {
          backUp(store, directory, clock);
          last = clock.instant();
        } catch (RuntimeException e) {
          log.warn("backup of the trajectories failed; trying again in {}", interval, e);
        }
      }
      long dueIn = Math.max(0, Duration.between(clock.instant(), last.plus(interval)).toMillis());
      ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory("art-backup"));
      executor.scheduleAtFixedRate(() -> {
        try {
          backUp(store, directory, clock);
        } catch (RuntimeException e) {
          log.warn("backup of the trajectories failed; trying again in {}", interval, e);
        }
      }, dueIn, interval.toMillis(), TimeUnit.MILLISECONDS);
      return new ArtBackup(executor);
    }

    private static Instant modified(Path file) {
      try {
        return Files.getLastModifiedTime(file).toInstant();
      } catch (IOException e) {
        return Instant.EPOCH;
      }
    }

    private static List<Path> backups(Path directory) throws IOException {
      if (!Files.isDirectory(directory)) {
        return List.of();
      }
      try (Stream<Path> files = Files.list(directory)) {
        return files.filter(f -> f.getFileName().toString().startsWith(PREFIX) && f.toString().endsWith(".jsonl"))
            .sorted().toList();
      }
    }

    /** Stops the periodic backups; one under way finishes first (for up to a minute). */
    @Override
    public void close() {
      executor.shutdown();
      try {
        if (!executor.awaitTermination(1, TimeUnit.MINUTES)) {
          log.warn("a backup of the trajectories is still running; it is abandoned");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
