package dev.rustagent.art.train;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import java.time.Instant;
import java.util.Map;

/**
 * Keeps trained models, their checkpoints and the champion (the model to use). Two stores: one JSON
 * file rewritten atomically on every change ({@link #jsonFile(Path)}), an embedded H2 database
 * ({@link #h2(Path)}), or PostgreSQL shared by many processes ({@link #postgres(javax.sql.DataSource)}). A model served behind an OpenAI-compatible endpoint can be registered and used
 * as the agent's chat model through {@link #chatModel(String, String)}. Implementations are
 * thread-safe within one process.
 */
public interface ModelRegistry extends AutoCloseable {

  /**
   * Adds or replaces a model.
   *
   * @throws IllegalArgumentException for a checkpoint without the id of its training run
   * @throws dev.rustagent.art.ArtConfig.ArtException when the registry cannot be written
   */
  void register(RegisteredModel model);

  /** The model with this id. */
  Optional<RegisteredModel> find(String id);

  /** Every model (not checkpoints), most recently trained first. */
  List<RegisteredModel> models();

  /** The checkpoints of a training run, oldest first. */
  List<RegisteredModel> checkpoints(String parentId);

  /** The champion, if one was promoted. */
  Optional<RegisteredModel> champion();

  /**
   * Makes a registered model the champion.
   *
   * @throws IllegalArgumentException when no model has this id
   */
  void promote(String id);

  /** The model name that stands for the champion ({@code [llm] model = "champion"}, {@code --model champion}). */
  String CHAMPION = "champion";

  /**
   * The registered model that a configured model name stands for: {@value #CHAMPION} is the promoted
   * champion, or, while none is promoted, the registered model {@code [art.models] champion} names; a
   * registered model's id is that model; any other name (a model of the LLM endpoint) is empty.
   *
   * @param configuredChampion {@code [art.models] champion}, or empty
   * @throws dev.rustagent.art.ArtConfig.ArtException when {@value #CHAMPION} is asked for and no champion is
   *     promoted and none is configured, or the configured one is not registered
   */
  default Optional<RegisteredModel> resolve(String name, String configuredChampion) {
    requireNonNull(name, "name");
    requireNonNull(configuredChampion, "configuredChampion");
    if (!name.strip().equalsIgnoreCase(CHAMPION)) {
      return find(name.strip());
    }
    Optional<RegisteredModel> promoted = champion();
    if (promoted.isPresent()) {
      return promoted;
    }
    if (configuredChampion.isBlank()) {
      throw new dev.rustagent.art.ArtConfig.ArtException("model \"champion\" was asked for, but the model registry has no"
          + " champion: train one (rust-agent art train), promote a registered model, or name one in"
          + " [art.models] champion");
    }
    return Optional.of(find(configuredChampion.strip()).orElseThrow(() -> new dev.rustagent.art.ArtConfig.ArtException(
        "model \"champion\" was asked for; no champion is promoted and [art.models] champion names '"
            + configuredChampion.strip() + "', which is not registered (registered: "
            + models().stream().map(RegisteredModel::id).toList() + ")")));
  }

  /** Releases the registry's resources. */
  @Override
  default void close() {}

  /**
   * A chat model for a registered endpoint model.
   *
   * @param apiKey the endpoint's key (blank when it needs none)
   * @throws IllegalArgumentException when the model is unknown or is not served behind an HTTP endpoint
   */
  default ChatModel chatModel(String id, String apiKey) {
    requireNonNull(apiKey, "apiKey");
    RegisteredModel m = endpoint(id);
    return OpenAiChatModel.builder().baseUrl(m.location()).apiKey(apiKey.isBlank() ? "none" : apiKey)
        .modelName(m.servedName()).timeout(Duration.ofMinutes(5)).maxRetries(0).build();
  }

  /**
   * A streaming chat model for a registered endpoint model (the same endpoint and served name as
   * {@link #chatModel}), so streamed answers come from that model too.
   *
   * @param apiKey the endpoint's key (blank when it needs none)
   * @throws IllegalArgumentException when the model is unknown or is not served behind an HTTP endpoint
   */
  default StreamingChatModel streamingChatModel(String id, String apiKey) {
    requireNonNull(apiKey, "apiKey");
    RegisteredModel m = endpoint(id);
    return OpenAiStreamingChatModel.builder().baseUrl(m.location()).apiKey(apiKey.isBlank() ? "none" : apiKey)
        .modelName(m.servedName()).timeout(Duration.ofMinutes(5)).build();
  }

  private RegisteredModel endpoint(String id) {
    RegisteredModel m = find(id).orElseThrow(() -> new IllegalArgumentException("no registered model '" + id + "'"));
    if (!m.isEndpoint()) {
      throw new IllegalArgumentException("model '" + id + "' is stored at " + m.location()
          + ", not served behind an OpenAI-compatible endpoint; serve it (for example with vLLM) and register "
          + "the endpoint URL");
    }
    return m;
  }

  /**
   * The registry kept in one JSON file (created on the first change).
   *
   * @throws dev.rustagent.art.ArtConfig.ArtException when the file exists but cannot be read
   */
  static ModelRegistry jsonFile(Path file) {
    return JsonFileModelRegistry.open(file);
  }

  /** Same as {@link #jsonFile(Path)}. */
  static ModelRegistry open(Path file) {
    return jsonFile(file);
  }

  /**
   * The registry in an H2 database file (H2 adds {@code .mv.db}); created when missing.
   *
   * @throws dev.rustagent.art.ArtConfig.ArtException when the database cannot be opened
   */
  static ModelRegistry h2(Path databaseFile) {
    return JdbcModelRegistry.openH2(databaseFile);
  }

  /**
   * The registry in a PostgreSQL database shared by many processes: a model registered or promoted by
   * one is seen by the others on their next read.
   *
   * @param dataSource the database (pooled, ideally); closing the registry leaves it open
   * @throws dev.rustagent.art.ArtConfig.ArtException when the database cannot be opened or has a newer schema
   */
  static ModelRegistry postgres(javax.sql.DataSource dataSource) {
    return JdbcModelRegistry.open(dataSource, "(PostgreSQL data source)", () -> {});
  }

  /**
   * The registry in a PostgreSQL database by JDBC URL, with a small connection pool of its own.
   *
   * @param jdbcUrl {@code jdbc:postgresql://host:port/database?user=...}
   * @throws IllegalArgumentException when it is not a PostgreSQL JDBC URL
   * @throws dev.rustagent.art.ArtConfig.ArtException when the database cannot be opened or has a newer schema
   */
  static ModelRegistry postgres(String jdbcUrl) {
    dev.rustagent.memory.internal.jdbc.PostgresPool.Source pool = dev.rustagent.memory.internal.jdbc.PostgresPool.forUrl(jdbcUrl);
    return JdbcModelRegistry.open(pool.dataSource(), pool.location(), pool.close());
  }

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
}
