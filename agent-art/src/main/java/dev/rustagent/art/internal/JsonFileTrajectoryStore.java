package dev.rustagent.art.internal;

import dev.rustagent.art.ArtConfig.ArtException;
import dev.rustagent.art.Trajectory;
import dev.rustagent.art.TrajectoryStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link TrajectoryStore} as one JSON file per trajectory, written atomically; every query reads the
 * whole directory. Simple and diffable, but slow for large stores (see docs/benchmarks.md).
 */
public final class JsonFileTrajectoryStore implements TrajectoryStore {
  private static final Logger log = LoggerFactory.getLogger(JsonFileTrajectoryStore.class);
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,200}");
  private static final Comparator<Trajectory> NEWEST_FIRST =
      Comparator.comparing(Trajectory::createdAt).reversed();
  private static final Comparator<Trajectory> BEST_FIRST =
      Comparator.comparing(Trajectory::reward, Comparator.nullsLast(Comparator.reverseOrder()));

  private final Path directory;

  /** A store in {@code directory}, created when missing. */
  public JsonFileTrajectoryStore(Path directory) {
    try {
      this.directory = Files.createDirectories(directory);
    } catch (IOException e) {
      throw new ArtException("cannot create the trajectory directory " + directory + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void save(Trajectory trajectory) {
    try {
      ArtJson.writeAtomically(file(trajectory.id()), ArtJson.toJson(trajectory));
    } catch (UncheckedIOException e) {
      throw new ArtException("cannot save trajectory " + trajectory.id() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<Trajectory> find(String id) {
    Path file = file(id);
    return Files.exists(file) ? read(file) : Optional.empty();
  }

  @Override
  public List<Trajectory> recent(int limit) {
    return select(t -> true, NEWEST_FIRST, limit);
  }

  @Override
  public List<Trajectory> withRewardAtLeast(double threshold, int limit) {
    return select(t -> t.reward() != null && t.reward() >= threshold, BEST_FIRST, limit);
  }

  @Override
  public List<Trajectory> byAgent(String agentName, int limit) {
    return select(t -> t.agentName().equals(agentName), NEWEST_FIRST, limit);
  }

  @Override
  public List<Trajectory> byObjective(String objective, int limit) {
    return select(t -> t.objective().equals(objective), NEWEST_FIRST, limit);
  }

  @Override
  public List<List<Trajectory>> groupsByObjective(int minSize) {
    Map<String, List<Trajectory>> groups = new LinkedHashMap<>();
    for (Trajectory t : all()) {
      groups.computeIfAbsent(t.objective(), k -> new ArrayList<>()).add(t);
    }
    return groups.values().stream().filter(g -> g.size() >= minSize)
        .map(g -> g.stream().sorted(NEWEST_FIRST).toList()).toList();
  }

  @Override
  public long count() {
    try (Stream<Path> files = jsonFiles()) {
      return files.count();
    }
  }

  @Override
  public TrajectoryStats stats() {
    List<Trajectory> all = all();
    long scored = all.stream().filter(Trajectory::isScored).count();
    java.util.OptionalDouble mean = all.stream().filter(Trajectory::isScored).mapToDouble(Trajectory::reward).average();
    return new TrajectoryStats(all.size(), scored, all.stream().filter(Trajectory::success).count(), mean,
        all.stream().map(Trajectory::objective).distinct().count());
  }

  @Override
  public void close() {}

  private List<Trajectory> select(Predicate<Trajectory> filter, Comparator<Trajectory> order, int limit) {
    JdbcTrajectoryStore.positive(limit);
    return all().stream().filter(filter).sorted(order).limit(limit).toList();
  }

  private List<Trajectory> all() {
    List<Trajectory> out = new ArrayList<>();
    try (Stream<Path> files = jsonFiles()) {
      files.forEach(f -> read(f).ifPresent(out::add));
    }
    return out;
  }

  private Stream<Path> jsonFiles() {
    try {
      return Files.list(directory).filter(p -> p.getFileName().toString().endsWith(".json"));
    } catch (IOException e) {
      throw new ArtException("cannot list " + directory + ": " + e.getMessage(), e);
    }
  }

  private Optional<Trajectory> read(Path file) {
    try {
      return Optional.of(ArtJson.trajectory(Files.readString(file)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      log.warn("skipping unreadable trajectory file {}: {}", file, e.getMessage());
      return Optional.empty();
    }
  }

  private Path file(String id) {
    if (!SAFE_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("trajectory id is not usable as a file name: " + id);
    }
    return directory.resolve(id + ".json");
  }
}
