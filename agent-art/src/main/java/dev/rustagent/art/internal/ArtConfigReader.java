package dev.rustagent.art.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rustagent.art.ArtConfig.ArtException;
import dev.rustagent.art.ArtConfig;
import dev.rustagent.core.AgentConfig.AgentConfigException;
import dev.rustagent.core.internal.ConfigTables.Type;
import dev.rustagent.core.internal.ConfigTables;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads seed 001's {@code [art]}, {@code [art.models]} and {@code [art.storage]} sections into an
 * {@link ArtConfig} through {@link ConfigTables}, the one section reader: the file's values, then each
 * key's {@code RUST_AGENT_ART_<KEY>} (or {@code RUST_AGENT_ART_MODELS_<KEY>}, {@code
 * RUST_AGENT_ART_STORAGE_<KEY>}) variable. Every unknown key, wrong type and out-of-range value is
 * reported at once, each named as {@code [section] key}. Not public API.
 */
public final class ArtConfigReader {
  private static final Map<String, Type> ART_KEYS = keys("enable_tracking", Type.BOOLEAN, "enable_training",
      Type.BOOLEAN, "training_interval", Type.INTEGER, "min_trajectories_for_training", Type.INTEGER,
      "pattern_matching_threshold", Type.NUMBER, "reward_threshold_for_learning", Type.NUMBER, "training_command",
      Type.STRING, "models", Type.TABLE, "storage", Type.TABLE);
  private static final Map<String, Type> MODEL_KEYS = keys("champion", Type.STRING, "base_models_path", Type.STRING,
      "checkpoints_path", Type.STRING);
  private static final Map<String, Type> STORAGE_KEYS = keys("trajectories_path", Type.STRING, "patterns_path",
      Type.STRING, "backup_interval", Type.INTEGER);

  private final String source;
  private final Path base;
  private final List<String> problems = new ArrayList<>();

  private ArtConfigReader(String source, Path base) {
    this.source = source;
    this.base = base;
  }

  /** Parses the ART sections of {@code toml} onto {@code builder}'s defaults, with the process's variables. */
  public static ArtConfig parse(String toml, String source, Path baseDirectory, ArtConfig.Builder builder) {
    return parse(toml, source, baseDirectory, builder, System.getenv());
  }

  /** Parses the ART sections of {@code toml} onto {@code builder}'s defaults, with {@code environment}. */
  public static ArtConfig parse(String toml, String source, Path baseDirectory, ArtConfig.Builder builder,
      Map<String, String> environment) {
    java.util.Objects.requireNonNull(toml, "toml");
    java.util.Objects.requireNonNull(source, "source");
    java.util.Objects.requireNonNull(baseDirectory, "baseDirectory");
    java.util.Objects.requireNonNull(environment, "environment");
    JsonNode root;
    try {
      root = ConfigTables.parse(toml, source);
    } catch (AgentConfigException e) {
      throw new ArtException(e.getMessage(), e);
    }
    ArtConfigReader reader = new ArtConfigReader(source, baseDirectory);
    ArtConfig config = reader.read(root, environment, builder);
    if (!reader.problems.isEmpty()) {
      throw new ArtException(String.join("\n", reader.problems));
    }
    return config;
  }

  private ArtConfig read(JsonNode root, Map<String, String> environment, ArtConfig.Builder b) {
    Map<String, Object> art = ConfigTables.section(root, source, "art", ART_KEYS, environment, Map.of(), problems);
    Map<String, Object> models =
        ConfigTables.section(root, source, "art.models", MODEL_KEYS, environment, Map.of(), problems);
    Map<String, Object> storage =
        ConfigTables.section(root, source, "art.storage", STORAGE_KEYS, environment, Map.of(), problems);
    value(art, "art", "enable_tracking", Boolean.class, b::enableTracking);
    value(art, "art", "enable_training", Boolean.class, b::enableTraining);
    seconds(art, "art", "training_interval", false, b::trainingInterval);
    value(art, "art", "min_trajectories_for_training", Long.class, v -> {
      if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
        throw new IllegalArgumentException("minimum trajectories must be at most " + Integer.MAX_VALUE + ": " + v);
      }
      b.minTrajectories(v.intValue());
    });
    value(art, "art", "pattern_matching_threshold", Double.class, b::patternThreshold);
    value(art, "art", "reward_threshold_for_learning", Double.class, b::rewardThreshold);
    value(art, "art", "training_command", String.class, b::trainingCommand);
    if (!models.isEmpty()) {
      String[] champion = {""};
      Path[] paths = new Path[2];
      value(models, "art.models", "champion", String.class, v -> champion[0] = v);
      path(models, "art.models", "base_models_path", p -> paths[0] = p);
      path(models, "art.models", "checkpoints_path", p -> paths[1] = p);
      b.models(new ArtConfig.Models(champion[0], paths[0], paths[1]));
    }
    if (!storage.isEmpty()) {
      Path[] paths = new Path[2];
      Duration[] backup = {Duration.ZERO};
      path(storage, "art.storage", "trajectories_path", p -> paths[0] = p);
      path(storage, "art.storage", "patterns_path", p -> paths[1] = p);
      seconds(storage, "art.storage", "backup_interval", true, d -> backup[0] = d);
      b.storage(new ArtConfig.Storage(paths[0], paths[1], backup[0]));
    }
    return b.build();
  }

  /** Hands a present value to {@code set}; a value {@code set} refuses is a problem naming the key. */
  private <T> void value(Map<String, Object> values, String section, String key, Class<T> type, Consumer<T> set) {
    Object v = values.get(key);
    if (v == null) {
      return;
    }
    try {
      set.accept(type.cast(v));
    } catch (IllegalArgumentException e) {
      problems.add(source + ": [" + section + "] " + key + ": " + e.getMessage());
    }
  }

  private void seconds(Map<String, Object> values, String section, String key, boolean zeroAllowed,
      Consumer<Duration> set) {
    Object v = values.get(key);
    if (v == null) {
      return;
    }
    long seconds = (Long) v;
    if (seconds < 0 || seconds == 0 && !zeroAllowed) {
      problems.add(source + ": [" + section + "] " + key + " must be " + (zeroAllowed ? "0 (off) or more" : "positive")
          + " seconds, got " + seconds);
    } else {
      value(values, section, key, Long.class, s -> set.accept(Duration.ofSeconds(s)));
    }
  }

  private void path(Map<String, Object> values, String section, String key, Consumer<Path> set) {
    Object v = values.get(key);
    if (v == null) {
      return;
    }
    String text = (String) v;
    if (text.isBlank()) {
      problems.add(source + ": [" + section + "] " + key + " must not be empty");
      return;
    }
    try {
      set.accept(base.resolve(text).normalize());
    } catch (InvalidPathException e) {
      problems.add(source + ": [" + section + "] " + key + " is not a valid path: " + e.getMessage());
    }
  }

  private static Map<String, Type> keys(Object... pairs) {
    Map<String, Type> keys = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      keys.put((String) pairs[i], (Type) pairs[i + 1]);
    }
    return keys;
  }
}
