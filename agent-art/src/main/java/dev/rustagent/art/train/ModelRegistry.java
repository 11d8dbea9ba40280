package dev.rustagent.art.train;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.rustagent.art.ArtException;
import dev.rustagent.art.internal.ArtJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps trained models, their checkpoints and the champion (the model to use) in one JSON file,
 * rewritten atomically on every change. A model served behind an OpenAI-compatible endpoint can be
 * registered and used as the agent's chat model through {@link #chatModel(String, String)}.
 * Thread-safe within one process.
 */
public final class ModelRegistry {
  private final Path file;
  private final Map<String, RegisteredModel> models = new LinkedHashMap<>();
  private String champion;

  private ModelRegistry(Path file) {
    this.file = file;
  }

  /**
   * Opens (or starts) the registry kept in {@code file}.
   *
   * @throws ArtException when the file exists but cannot be read
   */
  public static ModelRegistry open(Path file) {
    requireNonNull(file, "file");
    ModelRegistry registry = new ModelRegistry(file);
    if (Files.exists(file)) {
      try {
        Stored stored = ArtJson.MAPPER.readValue(Files.readString(file), new TypeReference<Stored>() {});
        if (stored.models() != null) {
          stored.models().forEach(m -> registry.models.put(m.id(), m));
        }
        registry.champion = stored.champion();
      } catch (IOException | RuntimeException e) {
        throw new ArtException("cannot read the model registry " + file + ": " + e.getMessage(), e);
      }
    }
    return registry;
  }

  /** Adds or replaces a model. */
  public synchronized void register(RegisteredModel model) {
    requireNonNull(model, "model");
    if (model.kind() == RegisteredModel.Kind.CHECKPOINT && model.parentId() == null) {
      throw new IllegalArgumentException("a checkpoint needs the id of its training run (parentId)");
    }
    models.put(model.id(), model);
    save();
  }

  /** The model with this id. */
  public synchronized Optional<RegisteredModel> find(String id) {
    return Optional.ofNullable(models.get(id));
  }

  /** Every model (not checkpoints), most recently trained first. */
  public synchronized List<RegisteredModel> models() {
    return models.values().stream().filter(m -> m.kind() == RegisteredModel.Kind.MODEL)
        .sorted(Comparator.comparing(RegisteredModel::lastTrained).reversed()).toList();
  }

  /** The checkpoints of a training run, oldest first. */
  public synchronized List<RegisteredModel> checkpoints(String parentId) {
    return models.values().stream().filter(m -> m.kind() == RegisteredModel.Kind.CHECKPOINT
        && m.parentId().equals(parentId)).sorted(Comparator.comparing(RegisteredModel::lastTrained)).toList();
  }

  /** The champion, if one was promoted. */
  public synchronized Optional<RegisteredModel> champion() {
    return champion == null ? Optional.empty() : Optional.ofNullable(models.get(champion));
  }

  /**
   * Makes a registered model the champion.
   *
   * @throws IllegalArgumentException when no model has this id
   */
  public synchronized void promote(String id) {
    if (!models.containsKey(id)) {
      throw new IllegalArgumentException("no registered model '" + id + "'");
    }
    champion = id;
    save();
  }

  /**
   * A chat model for a registered endpoint model.
   *
   * @param apiKey the endpoint's key (any non-blank text when it needs none)
   * @throws IllegalArgumentException when the model is unknown or is not served behind an HTTP endpoint
   */
  public ChatModel chatModel(String id, String apiKey) {
    requireNonNull(apiKey, "apiKey");
    RegisteredModel m = find(id).orElseThrow(() -> new IllegalArgumentException("no registered model '" + id + "'"));
    if (!m.isEndpoint()) {
      throw new IllegalArgumentException("model '" + id + "' is stored at " + m.location()
          + ", not served behind an OpenAI-compatible endpoint; serve it (for example with vLLM) and register "
          + "the endpoint URL");
    }
    return OpenAiChatModel.builder().baseUrl(m.location()).apiKey(apiKey.isBlank() ? "none" : apiKey)
        .modelName(m.servedName()).timeout(Duration.ofMinutes(5)).maxRetries(0).build();
  }

  private void save() {
    List<RegisteredModel> all = new ArrayList<>(models.values());
    try {
      ArtJson.writeAtomically(file, ArtJson.MAPPER.writerWithDefaultPrettyPrinter()
          .writeValueAsString(new Stored(champion, all)));
    } catch (IOException | RuntimeException e) {
      throw new ArtException("cannot write the model registry " + file + ": " + e.getMessage(), e);
    }
  }

  record Stored(String champion, List<RegisteredModel> models) {}
}
