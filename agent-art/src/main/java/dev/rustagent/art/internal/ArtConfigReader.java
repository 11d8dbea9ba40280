package dev.rustagent.art.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.rustagent.art.ArtConfig;
import dev.rustagent.art.ArtConfig.ArtException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads seed 001's {@code [art]}, {@code [art.models]} and {@code [art.storage]} sections into an
 * {@link ArtConfig}, reporting every unknown key, wrong type and out-of-range value at once, each
 * named as {@code [section] key}. Not public API.
 */
public final class ArtConfigReader {
  private static final TomlMapper TOML = new TomlMapper();
  private static final List<String> ART_KEYS = List.of("enable_tracking", "enable_training", "training_interval",
      "min_trajectories_for_training", "pattern_matching_threshold", "reward_threshold_for_learning",
      "training_command", "models", "storage");
  private static final List<String> MODEL_KEYS = List.of("champion", "base_models_path", "checkpoints_path");
  private static final List<String> STORAGE_KEYS = List.of("trajectories_path", "patterns_path", "backup_interval");

  private final String source;
  private final Path base;
  private final List<String> problems = new ArrayList<>();

  private ArtConfigReader(String source, Path base) {
    this.source = source;
    this.base = base;
  }

  /** Parses the ART sections of {@code toml} onto {@code builder}'s defaults. */
  public static ArtConfig parse(String toml, String source, Path baseDirectory, ArtConfig.Builder builder) {
    java.util.Objects.requireNonNull(toml, "toml");
    java.util.Objects.requireNonNull(source, "source");
    java.util.Objects.requireNonNull(baseDirectory, "baseDirectory");
    JsonNode root;
    try {
      root = toml.isBlank() ? TOML.createObjectNode() : TOML.readTree(toml);
    } catch (JacksonException e) {
      throw new ArtException(source + ": not valid TOML: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
    }
    ArtConfigReader reader = new ArtConfigReader(source, baseDirectory);
    ArtConfig config = reader.read(root.path("art"), builder);
    if (!reader.problems.isEmpty()) {
      throw new ArtException(String.join("\n", reader.problems));
    }
    return config;
  }

  private ArtConfig read(JsonNode art, ArtConfig.Builder b) {
    if (art.isMissingNode()) {
      return b.build();
    }
    if (!table(art, "art", ART_KEYS)) {
      return b.build();
    }
    bool(art, "art", "enable_tracking", b::enableTracking);
    bool(art, "art", "enable_training", b::enableTraining);
    seconds(art, "art", "training_interval", false, d -> b.trainingInterval(d));
    integer(art, "art", "min_trajectories_for_training", b::minTrajectories);
    number(art, "art", "pattern_matching_threshold", b::patternThreshold);
    number(art, "art", "reward_threshold_for_learning", b::rewardThreshold);
    text(art, "art", "training_command", v -> apply("art", "training_command", () -> b.trainingCommand(v)));
    JsonNode models = art.path("models");
    if (!models.isMissingNode() && table(models, "art.models", MODEL_KEYS)) {
      String[] champion = {""};
      Path[] paths = new Path[2];
      text(models, "art.models", "champion", v -> champion[0] = v);
      path(models, "art.models", "base_models_path", p -> paths[0] = p);
      path(models, "art.models", "checkpoints_path", p -> paths[1] = p);
      b.models(new ArtConfig.Models(champion[0], paths[0], paths[1]));
    }
    JsonNode storage = art.path("storage");
    if (!storage.isMissingNode() && table(storage, "art.storage", STORAGE_KEYS)) {
      Path[] paths = new Path[2];
      Duration[] backup = {Duration.ZERO};
      path(storage, "art.storage", "trajectories_path", p -> paths[0] = p);
      path(storage, "art.storage", "patterns_path", p -> paths[1] = p);
      seconds(storage, "art.storage", "backup_interval", true, d -> backup[0] = d);
      b.storage(new ArtConfig.Storage(paths[0], paths[1], backup[0]));
    }
    return b.build();
  }

  private boolean table(JsonNode node, String section, List<String> known) {
    if (!node.isObject()) {
      problems.add(source + ": " + section + " must be a table [" + section + "]");
      return false;
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!known.contains(e.getKey())) {
        problems.add(source + ": [" + section + "] " + e.getKey() + " is not a known key (known: "
            + String.join(", ", known.stream().filter(k -> !k.equals("models") && !k.equals("storage")).toList())
            + (section.equals("art") ? ", and the sections [art.models] and [art.storage]" : "") + ")");
      }
    }
    return true;
  }

  private void bool(JsonNode node, String section, String key, Consumer<Boolean> set) {
    JsonNode v = node.get(key);
    if (v == null) {
      return;
    }
    if (!v.isBoolean()) {
      wrong(section, key, "a boolean (true or false)", v);
    } else {
      set.accept(v.booleanValue());
    }
  }

  private void integer(JsonNode node, String section, String key, Consumer<Integer> set) {
    JsonNode v = node.get(key);
    if (v == null) {
      return;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      wrong(section, key, "an integer", v);
    } else {
      apply(section, key, () -> set.accept(v.intValue()));
    }
  }

  private void number(JsonNode node, String section, String key, Consumer<Double> set) {
    JsonNode v = node.get(key);
    if (v == null) {
      return;
    }
    if (!v.isNumber()) {
      wrong(section, key, "a number", v);
    } else {
      apply(section, key, () -> set.accept(v.doubleValue()));
    }
  }

  private void seconds(JsonNode node, String section, String key, boolean zeroAllowed, Consumer<Duration> set) {
    JsonNode v = node.get(key);
    if (v == null) {
      return;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      wrong(section, key, "a whole number of seconds", v);
    } else if (v.longValue() < 0 || v.longValue() == 0 && !zeroAllowed) {
      problems.add(source + ": [" + section + "] " + key + " must be " + (zeroAllowed ? "0 (off) or more" : "positive")
          + " seconds, got " + v.longValue());
    } else {
      set.accept(Duration.ofSeconds(v.longValue()));
    }
  }

  private void text(JsonNode node, String section, String key, Consumer<String> set) {
    JsonNode v = node.get(key);
    if (v == null) {
      return;
    }
    if (!v.isTextual()) {
      wrong(section, key, "a string", v);
    } else {
      set.accept(v.textValue());
    }
  }

  private void path(JsonNode node, String section, String key, Consumer<Path> set) {
    text(node, section, key, value -> {
      if (value.isBlank()) {
        problems.add(source + ": [" + section + "] " + key + " must not be empty");
        return;
      }
      try {
        set.accept(base.resolve(value).normalize());
      } catch (InvalidPathException e) {
        problems.add(source + ": [" + section + "] " + key + " is not a valid path: " + e.getMessage());
      }
    });
  }

  private void apply(String section, String key, Runnable set) {
    try {
      set.run();
    } catch (IllegalArgumentException e) {
      problems.add(source + ": [" + section + "] " + key + ": " + e.getMessage());
    }
  }

  private void wrong(String section, String key, String expected, JsonNode got) {
    problems.add(source + ": [" + section + "] " + key + " must be " + expected + ", got "
        + (got.isTextual() ? "\"" + got.textValue() + "\"" : got.toString()));
  }
}
