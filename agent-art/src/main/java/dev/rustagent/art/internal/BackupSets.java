package dev.rustagent.art.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.rustagent.art.ArtConfig.ArtException;
import dev.rustagent.art.Trajectory;
import dev.rustagent.art.TrajectoryStore;
import dev.rustagent.art.TrajectoryStore.ArtBackup.Restored;
import dev.rustagent.art.TrajectoryStore.ArtBackup.Stores;
import dev.rustagent.art.train.ModelRegistry;
import dev.rustagent.art.train.ModelRegistry.RegisteredModel;
import dev.rustagent.memory.AgentMemory;
import dev.rustagent.memory.EpisodicMemory.ArchiveSummary;
import dev.rustagent.memory.MemoryException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backup sets of {@link TrajectoryStore.ArtBackup}: a directory {@code art-backup-<UTC time>}
 * holding {@code trajectories.jsonl} (one trajectory per line), {@code models.json} (the model
 * registry's models, checkpoints and champion) and {@code memory/} (the memory's JSON export), built
 * in a hidden directory and renamed into place, so a set is whole or absent. Older single-file backups
 * ({@code trajectories-<UTC time>.jsonl}) are still listed, pruned and restored. Not public API.
 */
public final class BackupSets {
  private static final Logger log = LoggerFactory.getLogger(BackupSets.class);
  static final String SET_PREFIX = "art-backup-";
  static final String FILE_PREFIX = "trajectories-";
  /** The trajectories of a set. */
  public static final String TRAJECTORIES = "trajectories.jsonl";
  /** The model registry of a set. */
  public static final String MODELS = "models.json";
  /** The memory export of a set. */
  public static final String MEMORY = "memory";
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  private BackupSets() {}

  /** What a set's {@code models.json} holds. */
  record Registry(String champion, List<RegisteredModel> models) {}

  /** Writes a new set and deletes all but the newest {@code keep}. */
  public static Path backUp(Stores stores, Path directory, Clock clock, int keep) {
    requireNonNull(stores, "stores");
    requireNonNull(directory, "directory");
    String name = SET_PREFIX + STAMP.format(clock.instant());
    Path target = directory.resolve(name);
    Path partial = directory.resolve("." + name + ".partial");
    int trajectories;
    try {
      Files.createDirectories(directory);
      deleteTree(partial);
      Files.createDirectories(partial);
      TrajectoryStore store = stores.trajectories();
      long count = store.count();
      List<Trajectory> all = count == 0 ? List.of() : store.recent((int) Math.min(count, Integer.MAX_VALUE));
      try (var out = Files.newBufferedWriter(partial.resolve(TRAJECTORIES))) {
        for (Trajectory t : all) {
          out.write(ArtJson.toJson(t));
          out.write('\n');
        }
      }
      trajectories = all.size();
      if (stores.models() != null) {
        try (ModelRegistry registry = stores.models().get()) {
          List<RegisteredModel> models = new ArrayList<>();
          for (RegisteredModel m : registry.models()) {
            models.add(m);
            models.addAll(registry.checkpoints(m.id()));
          }
          Registry saved = new Registry(registry.champion().map(RegisteredModel::id).orElse(null), models);
          Files.writeString(partial.resolve(MODELS),
              ArtJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(saved));
        }
      }
      if (stores.memory() != null) {
        stores.memory().exportTo(partial.resolve(MEMORY));
      }
      try {
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(partial, target);
      }
      List<Path> backups = list(directory);
      for (int i = 0; i < backups.size() - keep; i++) {
        deleteTree(backups.get(i));
      }
    } catch (IOException | UncheckedIOException | ArtException | MemoryException e) {
      try {
        deleteTree(partial);
      } catch (IOException | UncheckedIOException ignored) {
        // the directory is unwritable; nothing was left behind worth cleaning
      }
      throw new ArtException("cannot back up the ART stores to " + directory + ": " + e.getMessage(), e);
    }
    log.info("backed up {} trajectories{}{} to {}", trajectories, stores.models() == null ? "" : ", the model registry",
        stores.memory() == null ? "" : ", the memory", target);
    return target;
  }

  /**
   * Restores a set (or an older single-file backup) into the stores. Everything is read and checked
   * before anything is written; what a store already holds is kept as it is (same trajectory id, same
   * model id, memory items as {@link AgentMemory#importFrom} matches them), the rest is added.
   */
  public static Restored restore(Stores stores, Path backup) {
    requireNonNull(stores, "stores");
    requireNonNull(backup, "backup");
    boolean set = Files.isDirectory(backup);
    Path file = set ? backup.resolve(TRAJECTORIES) : backup;
    if (set && !Files.isRegularFile(file)) {
      throw new ArtException(backup + " is not an ART backup: it has no " + TRAJECTORIES + "; nothing was restored");
    }
    List<Trajectory> read = trajectories(file);
    Registry registry = null;
    if (set && Files.exists(backup.resolve(MODELS)) && stores.models() != null) {
      registry = registry(backup.resolve(MODELS));
    }
    ArchiveSummary memory = null;
    if (set && Files.isDirectory(backup.resolve(MEMORY)) && stores.memory() != null) {
      try {
        memory = stores.memory().importFrom(backup.resolve(MEMORY));
      } catch (MemoryException e) {
        throw new ArtException("the memory in " + backup + " is damaged: " + e.getMessage()
            + "; nothing was restored", e);
      }
    }
    TrajectoryStore store = stores.trajectories();
    List<Trajectory> fresh = read.stream().filter(t -> store.find(t.id()).isEmpty()).toList();
    store.saveAll(fresh);
    int models = 0;
    int modelsKept = 0;
    if (registry != null) {
      try (ModelRegistry target = stores.models().get()) {
        for (RegisteredModel m : registry.models()) {
          if (target.find(m.id()).isPresent()) {
            modelsKept++;
          } else {
            target.register(m);
            models++;
          }
        }
        if (registry.champion() != null && target.champion().isEmpty() && target.find(registry.champion()).isPresent()) {
          target.promote(registry.champion());
        }
      }
    }
    return new Restored(fresh.size(), read.size() - fresh.size(), models, modelsKept, memory);
  }

  private static List<Trajectory> trajectories(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException | UncheckedIOException e) {
      throw new ArtException("cannot read the backup " + file + ": " + e.getMessage(), e);
    }
    List<Trajectory> read = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      try {
        read.add(ArtJson.trajectory(lines.get(i)));
      } catch (IllegalArgumentException e) {
        throw new ArtException(file + " line " + (i + 1) + " is not a trajectory; nothing was restored ("
            + e.getMessage() + ")", e);
      }
    }
    return read;
  }

  private static Registry registry(Path file) {
    try {
      Registry registry = ArtJson.MAPPER.readValue(Files.readString(file), new TypeReference<Registry>() {});
      if (registry == null || registry.models() == null || registry.models().stream().anyMatch(m -> m == null)) {
        throw new IllegalArgumentException("no \"models\" list");
      }
      return registry;
    } catch (IOException | RuntimeException e) {
      throw new ArtException(file + " is not a model registry backup (" + e.getMessage() + "); nothing was restored", e);
    }
  }

  /** The backups in {@code directory}, oldest first (sets and single files alike, by their time). */
  public static List<Path> list(Path directory) {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> stamp(f) != null).sorted(Comparator.comparing(BackupSets::stamp)).toList();
    } catch (IOException | UncheckedIOException e) {
      throw new ArtException("cannot list the backups in " + directory + ": " + e.getMessage(), e);
    }
  }

  private static String stamp(Path f) {
    String name = f.getFileName().toString();
    if (name.startsWith(SET_PREFIX) && Files.isDirectory(f)) {
      return name.substring(SET_PREFIX.length());
    }
    if (name.startsWith(FILE_PREFIX) && name.endsWith(".jsonl")) {
      return name.substring(FILE_PREFIX.length(), name.length() - ".jsonl".length());
    }
    return null;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
