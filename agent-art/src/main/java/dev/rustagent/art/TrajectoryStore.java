package dev.rustagent.art;

import dev.rustagent.art.ArtConfig.ArtException;
import dev.rustagent.art.internal.BackupSets;
import dev.rustagent.art.internal.JdbcTrajectoryStore;
import dev.rustagent.art.internal.JsonFileTrajectoryStore;
import dev.rustagent.art.train.ModelRegistry;
import dev.rustagent.memory.AgentMemory;
import dev.rustagent.memory.EpisodicMemory.ArchiveSummary;
import dev.rustagent.tools.spi.internal.DaemonThreads;
import dev.rustagent.tools.spi.internal.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import static java.util.Objects.requireNonNull;

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
   * Backs up the ART stores and restores them: the trajectory store (any backend, through its API), the
   * model registry ({@code models.json}, H2 or PostgreSQL, through {@link dev.rustagent.art.train.ModelRegistry})
   * and a memory (its JSON export, {@link AgentMemory#exportTo}), together in one backup set, a
   * directory {@code art-backup-<UTC time>} with {@code trajectories.jsonl} (one trajectory per line),
   * {@code models.json} and {@code memory/}. A set is built under a hidden name and renamed into place,
   * so it is whole or absent. Success patterns are learned from the trajectories
   * ({@link dev.rustagent.art.patterns.SuccessPatternDatabase#learnFrom}), so restoring the trajectories
   * restores them too. Model weights and checkpoint files are not copied: the registry keeps their paths.
   *
   * <p>{@link #schedule} backs up every {@code [art.storage] backup_interval}: at once when the newest
   * backup is older than that, then periodically, keeping the newest {@value #KEEP} sets.
   * {@link #restore(Stores, Path)} merges: it refuses a damaged backup whole (naming the file and line)
   * before writing anything, keeps what the stores already hold and adds the rest, so restoring into a
   * store that is in use loses nothing and restoring twice adds nothing.
   */
  public static final class ArtBackup implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ArtBackup.class);
    /** How many backup sets are kept. */
    public static final int KEEP = 5;

    private final ScheduledExecutorService executor;

    private ArtBackup(ScheduledExecutorService executor) {
      this.executor = executor;
    }

    /**
     * The stores one backup set covers.
     *
     * @param trajectories the trajectory store
     * @param models opens the model registry for each backup or restore (it is closed after, so a registry
     *     file another process changed is read as it is now); null to leave the models out
     * @param memory a memory (for example the success patterns' one) exported into the set; null to leave it out
     */
    public record Stores(TrajectoryStore trajectories, @Nullable Supplier<ModelRegistry> models,
        @Nullable AgentMemory memory) {
      public Stores {
        requireNonNull(trajectories, "trajectories");
      }

      /** The trajectory store alone. */
      public static Stores of(TrajectoryStore trajectories) {
        return new Stores(trajectories, null, null);
      }
    }

    /**
     * What a restore did.
     *
     * @param trajectories trajectories added
     * @param trajectoriesKept trajectories of the backup the store already had (kept as they are)
     * @param models models and checkpoints added to the registry
     * @param modelsKept models the registry already had (kept as they are)
     * @param memory what the memory import added, or null when the set had no memory or none was given
     */
    public record Restored(int trajectories, int trajectoriesKept, int models, int modelsKept,
        @Nullable ArchiveSummary memory) {}

    /** Backs up the trajectory store alone ({@link #backUp(Stores, Path, Clock)}). */
    public static Path backUp(TrajectoryStore store, Path directory, Clock clock) {
      return backUp(Stores.of(store), directory, clock);
    }

    /**
     * Writes a new backup set of {@code stores} in {@code directory} and deletes all but the newest {@value #KEEP}.
     *
     * @return the new set's directory
     * @throws ArtException when the directory cannot be written or a store cannot be read (no set is left)
     */
    public static Path backUp(Stores stores, Path directory, Clock clock) {
      return BackupSets.backUp(stores, directory, requireNonNull(clock, "clock"), KEEP);
    }

    /**
     * Restores the trajectories of a backup ({@link #restore(Stores, Path)}).
     *
     * @return how many trajectories were added
     */
    public static int restore(TrajectoryStore store, Path backup) {
      return restore(Stores.of(store), backup).trajectories();
    }

    /**
     * Restores a backup set (or an older single-file {@code trajectories-<time>.jsonl} backup) into
     * {@code stores}: each part the set has and {@code stores} names. Everything is read and checked
     * before anything is written. What a store already holds is kept (a trajectory or model with the same
     * id, memory items {@link AgentMemory#importFrom} finds present) and the rest is added; the backup's
     * champion is promoted only when the registry has none.
     *
     * @throws ArtException when the backup cannot be read or a part of it is damaged (naming the file and,
     *     for trajectories, the line); nothing is restored then
     */
    public static Restored restore(Stores stores, Path backup) {
      return BackupSets.restore(stores, backup);
    }

    /** The newest backup in {@code directory}, if any. */
    public static Optional<Path> latest(Path directory) {
      List<Path> all = BackupSets.list(requireNonNull(directory, "directory"));
      return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Backs up the trajectory store alone on a schedule ({@link #schedule(Stores, Path, Duration, Clock, Consumer)}). */
    public static ArtBackup schedule(TrajectoryStore store, Path directory, Duration interval, Clock clock) {
      return schedule(Stores.of(store), directory, interval, clock, problem -> {});
    }

    /**
     * Backs {@code stores} up into {@code directory} every {@code interval}: before returning when the
     * newest backup is older than {@code interval} (or there is none), so even a short-lived process
     * keeps the promise, then on a daemon thread whenever the next one comes due. A failed backup is
     * logged, told to {@code onFailure} and tried again at the next turn; it never throws. Close to stop.
     *
     * @param onFailure receives the message of each failed backup (a CLI prints it)
     * @throws IllegalArgumentException when {@code interval} is not positive
     */
    public static ArtBackup schedule(Stores stores, Path directory, Duration interval, Clock clock,
        Consumer<String> onFailure) {
      requireNonNull(stores, "stores");
      requireNonNull(directory, "directory");
      Durations.positive(interval, "backup interval");
      requireNonNull(clock, "clock");
      requireNonNull(onFailure, "onFailure");
      Runnable once = () -> {
        try {
          backUp(stores, directory, clock);
        } catch (RuntimeException e) {
          log.warn("backup of the ART stores failed; trying again in {}", interval, e);
          try {
            onFailure.accept(e.getMessage() + "; trying again in " + interval);
          } catch (RuntimeException listener) {
            log.warn("a backup failure listener failed", listener);
          }
        }
      };
      Instant last = Instant.EPOCH;
      try {
        last = latest(directory).map(ArtBackup::modified).orElse(Instant.EPOCH);
      } catch (ArtException e) {
        log.debug("cannot list the backups in {}", directory, e);
      }
      if (!last.plus(interval).isAfter(clock.instant())) {
        once.run();
        last = clock.instant();
      }
      long dueIn = Math.max(0, Duration.between(clock.instant(), last.plus(interval)).toMillis());
      ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory("art-backup"));
      executor.scheduleAtFixedRate(once, dueIn, interval.toMillis(), TimeUnit.MILLISECONDS);
      return new ArtBackup(executor);
    }

    private static Instant modified(Path file) {
      try {
        return Files.getLastModifiedTime(file).toInstant();
      } catch (IOException e) {
        return Instant.EPOCH;
      }
    }

    /** Stops the periodic backups; one under way finishes first (for up to a minute). */
    @Override
    public void close() {
      executor.shutdown();
      try {
        if (!executor.awaitTermination(1, TimeUnit.MINUTES)) {
          log.warn("a backup of the ART stores is still running; it is abandoned");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
