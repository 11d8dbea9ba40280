package dev.rustagent.art.train;

import org.jspecify.annotations.Nullable;
import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;

/**
 * A model known to the {@link ModelRegistry}: a trained model or one of its checkpoints.
 *
 * @param id unique id
 * @param kind model or checkpoint
 * @param parentId for a checkpoint, the training run's model id; else null
 * @param baseModel the model it was trained from
 * @param location a local path to weights, or an {@code http(s)} URL of an OpenAI-compatible endpoint
 * @param servedName the model name to ask the endpoint for (defaults to the id)
 * @param specialization what it was specialised for (for example {@code code_generation}), or null
 * @param metrics training and evaluation metrics by name
 * @param lastTrained when it was last trained
 */
public record RegisteredModel(String id, Kind kind, String parentId, String baseModel, String location,
    String servedName, @Nullable String specialization, Map<String, Double> metrics, Instant lastTrained) {

  public RegisteredModel {
    requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("model id must not be blank");
    }
    requireNonNull(kind, "kind");
    baseModel = baseModel == null ? "" : baseModel;
    requireNonNull(location, "location");
    servedName = servedName == null || servedName.isBlank() ? id : servedName;
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    requireNonNull(lastTrained, "lastTrained");
  }

  /** Whether the location is an HTTP endpoint. */
  public boolean isEndpoint() {
    return location.startsWith("http://") || location.startsWith("https://");
  }

  /** A trained model or a checkpoint of a training run. */
  public enum Kind {
    /** A trained (or served) model. */
    MODEL,
    /** A checkpoint saved during training. */
    CHECKPOINT
  }
}
