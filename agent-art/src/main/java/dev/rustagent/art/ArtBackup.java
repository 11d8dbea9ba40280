package dev.rustagent.art;

import static java.util.Objects.requireNonNull;

import dev.rustagent.art.internal.ArtJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backs up a trajectory store to JSON-lines files ({@code trajectories-<UTC time>.jsonl}, one
 * trajectory per line, written atomically) and restores one into a store. Success patterns are
 * learned from the trajectories ({@link dev.rustagent.art.patterns.SuccessPatternDatabase#learnFrom}),
 * so restoring the trajectories restores them too. {@link #schedule} backs up every
 * {@code [art.storage] backup_interval}: at once when the newest backup is older than that, then
 * periodically, keeping the newest {@value #KEEP} files.
 */
public final class ArtBackup implements AutoCloseable {
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
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "art-backup");
      t.setDaemon(true);
      return t;
    });
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
